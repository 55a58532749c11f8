import { describe, expect, it } from 'vitest';
import { creditCodeRule, normaliseCreditCode } from '../../../src/renderer/src/clients/credit-code-rule';

const VALID = '91350100M000100Y43';

async function check(value: string | undefined): Promise<string | null> {
  const rule = creditCodeRule('bad code');
  if (typeof rule !== 'object' || !rule.validator) throw new Error('no validator');
  try {
    await rule.validator({}, value, () => undefined);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

describe('creditCodeRule', () => {
  it.each([undefined, '', '   '])('allows an empty field (%j)', async (value) => {
    expect(await check(value)).toBeNull();
  });

  it('accepts a code with a correct check character, in either case', async () => {
    expect(await check(VALID)).toBeNull();
    expect(await check(VALID.toLowerCase())).toBeNull();
    expect(await check(` ${VALID} `)).toBeNull();
  });

  it.each([
    ['a wrong check character', '91350100M000100Y44'],
    ['17 characters', VALID.slice(0, 17)],
    ['19 characters', `${VALID}0`],
    ['a letter outside the alphabet (I)', '91350100I000100Y43'],
    ['spaces inside', '9135 0100M000100Y43'],
  ])('refuses %s with the given message', async (_what, code) => {
    expect(await check(code)).toBe('bad code');
  });
});

describe('normaliseCreditCode', () => {
  it.each([
    [undefined, ''],
    ['', ''],
    ['9135 0100m000 100y43', VALID],
    ['\t91350100M000100Y43\n', VALID],
  ])('%j becomes %j', (input, expected) => {
    expect(normaliseCreditCode(input)).toBe(expected);
  });
});
