import type { FormRule } from 'antd';
import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { staffNameSchema } from '../../../src/shared/contract';
import { staffNameRules } from '../../../src/renderer/src/start/staff-name-rules';

// Returns the key, so a test can see which message a rule chose.
const t = ((key: string) => `t:${key}`) as unknown as TFunction;

type Validator = (rule: object, value: string | undefined, callback: () => void) => Promise<void>;

function validatorOf(rules: FormRule[]): Validator {
  const rule = rules.find((r) => typeof r === 'object' && 'validator' in r && typeof r.validator === 'function');
  if (!rule || typeof rule !== 'object' || !rule.validator) throw new Error('no validator rule');
  return rule.validator as Validator;
}

async function accepts(value: string | undefined): Promise<boolean> {
  try {
    await validatorOf(staffNameRules(t, 'create.staffNameRequired'))({}, value, () => undefined);
    return true;
  } catch (err) {
    expect((err as Error).message).toBe('t:create.staffNameInvalid');
    return false;
  }
}

describe('staffNameRules', () => {
  it('requires a non-blank name with the message the caller names', () => {
    for (const key of ['create.staffNameRequired', 'unlock.staffNameRequired'] as const) {
      const required = staffNameRules(t, key).find((r) => typeof r === 'object' && 'required' in r);
      expect(required).toMatchObject({ required: true, whitespace: true, message: `t:${key}` });
    }
  });

  const names: [string, string][] = [
    ['a latin name', 'Alice'],
    ['a Chinese name', '王小明'],
    ['padding (trimmed)', '  张三  '],
    ['64 characters', 'a'.repeat(64)],
    ['65 characters', 'a'.repeat(65)],
    ['64 after trimming', ` ${'b'.repeat(64)} `],
    ['a NUL', 'a\u0000b'],
    ['a tab', 'tab\tname'],
    ['a newline', 'two\nlines'],
    ['a zero-width space', 'zero\u200bwidth'],
    ['a right-to-left override', 'evil\u202Egnp.exe'],
    ['an emoji', 'Anna 🌸'],
  ];

  it.each(names)('agrees with the contract on %s', async (_what, name) => {
    expect(await accepts(name)).toBe(staffNameSchema.safeParse(name).success);
  });

  it('leaves empty values to the required rule', async () => {
    expect(await accepts(undefined)).toBe(true);
    expect(await accepts('   ')).toBe(true);
  });
});
