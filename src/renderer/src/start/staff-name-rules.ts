import type { TFunction } from 'i18next';
import type { FormRule } from 'antd';

/** Mirrors staffNameSchema in the contract so most mistakes are caught before a round trip. */
export function staffNameRules(t: TFunction, requiredKey: 'create.staffNameRequired' | 'unlock.staffNameRequired'): FormRule[] {
  return [
    { required: true, whitespace: true, message: t(requiredKey) },
    {
      validator: async (_rule, value: string | undefined) => {
        const name = (value ?? '').trim();
        if (name.length > 64 || /\p{C}/u.test(name)) throw new Error(t('create.staffNameInvalid'));
      },
    },
  ];
}
