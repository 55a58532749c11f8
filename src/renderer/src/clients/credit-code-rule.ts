import type { FormRule } from 'antd';
import { isValidCreditCode } from '../../../shared/credit-code';

/** Empty is allowed (the field is optional); anything else must pass the GB 32100 check. */
export function creditCodeRule(message: string): FormRule {
  return {
    validator: async (_rule, value: string | undefined) => {
      const code = (value ?? '').trim();
      if (code !== '' && !isValidCreditCode(code)) throw new Error(message);
    },
  };
}

/** Credit codes are upper case with no spaces; normalise as the person types. */
export function normaliseCreditCode(value: string | undefined): string {
  return (value ?? '').replace(/\s+/g, '').toUpperCase();
}
