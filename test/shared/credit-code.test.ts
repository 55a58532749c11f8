import { describe, expect, it } from 'vitest';
import { creditCodeCheckChar, isValidCreditCode } from '../../src/shared/credit-code';

describe('统一社会信用代码', () => {
  it.each([
    ['91350100M000100Y43', true],
    ['91110000802100433B', true],
    ['91350100M000100Y44', false],
    ['91350100M000100Y4', false],
    ['91350100M000100I43', false],
    ['', false],
    ['91350100m000100y43', true],
  ])('%s → %s', (code, ok) => {
    expect(isValidCreditCode(code)).toBe(ok);
  });

  it('computes the check character for any 17-character prefix', () => {
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3');
    expect(creditCodeCheckChar('short')).toBeNull();
  });
});
