import { describe, expect, it } from 'vitest';
import { generatePassword, PASSWORD_SYMBOLS, PRESET_RULES } from '../../../../src/main/core/credentials/generator';
import { isVaultError } from '../../../../src/main/core/errors';
import { PASSWORD_LENGTH_MAX, PASSWORD_LENGTH_MIN, type PasswordRules } from '../../../../src/shared/credentials';

const ALL: PasswordRules = { length: 16, lower: true, upper: true, digits: true, symbols: true, avoidAmbiguous: false };
const symbolRe = new RegExp(`[${PASSWORD_SYMBOLS.replace(/[\^\]\\-]/g, '\\$&')}]`);
const onlyAllowed = new RegExp(`^[a-zA-Z0-9${PASSWORD_SYMBOLS.replace(/[\^\]\\-]/g, '\\$&')}]*$`);

function classesOf(pw: string) {
  return { lower: /[a-z]/.test(pw), upper: /[A-Z]/.test(pw), digits: /[0-9]/.test(pw), symbols: symbolRe.test(pw) };
}

describe('generatePassword', () => {
  it('has every enabled class, even at the shortest length', () => {
    for (let i = 0; i < 300; i++) {
      const pw = generatePassword({ ...ALL, length: PASSWORD_LENGTH_MIN });
      expect(pw).toHaveLength(PASSWORD_LENGTH_MIN);
      expect(classesOf(pw)).toEqual({ lower: true, upper: true, digits: true, symbols: true });
    }
  });

  it('uses only the enabled classes', () => {
    for (let i = 0; i < 100; i++) {
      expect(generatePassword({ ...ALL, upper: false, symbols: false })).toMatch(/^[a-z0-9]{16}$/);
      expect(generatePassword({ ...ALL, lower: false, upper: false, symbols: false, length: 8 })).toMatch(/^[0-9]{8}$/);
      expect(generatePassword(ALL)).toMatch(onlyAllowed);
    }
  });

  it('honours every length in range', () => {
    for (let length = PASSWORD_LENGTH_MIN; length <= PASSWORD_LENGTH_MAX; length++) {
      expect(generatePassword({ ...ALL, length })).toHaveLength(length);
    }
  });

  it('leaves out ambiguous characters when asked', () => {
    const joined = Array.from({ length: 200 }, () => generatePassword({ ...ALL, length: 64, avoidAmbiguous: true })).join('');
    expect(joined).not.toMatch(/[0Oo1lI]/);
    // …and uses them otherwise (12,800 draws from 70 characters: each of the six appears).
    const plain = Array.from({ length: 200 }, () => generatePassword({ ...ALL, length: 64 })).join('');
    for (const ch of '0Oo1lI') expect(plain).toContain(ch);
  });

  it('produces distinct passwords', () => {
    // 200 draws from 70^16 ≈ 3e29: a collision is as likely as guessing a 90-bit key.
    const seen = new Set(Array.from({ length: 200 }, () => generatePassword(ALL)));
    expect(seen.size).toBe(200);
  });

  it('does not always put the guaranteed characters first', () => {
    // Position 0 would be a lower-case letter every time without the shuffle; P(all 200 lower) ≈ (26/70)^200.
    const firsts = new Set(Array.from({ length: 200 }, () => classesOf(generatePassword(ALL)[0] as string)).map((c) => JSON.stringify(c)));
    expect(firsts.size).toBeGreaterThan(1);
  });

  it.each([
    ['too short', { ...ALL, length: PASSWORD_LENGTH_MIN - 1 }],
    ['too long', { ...ALL, length: PASSWORD_LENGTH_MAX + 1 }],
    ['fractional length', { ...ALL, length: 12.5 }],
    ['NaN length', { ...ALL, length: Number.NaN }],
    ['no class', { ...ALL, lower: false, upper: false, digits: false, symbols: false }],
  ])('refuses rules with %s', (_name, rules) => {
    let error: unknown;
    try {
      generatePassword(rules);
    } catch (err) {
      error = err;
    }
    expect(isVaultError(error, 'INVALID_INPUT')).toBe(true);
  });
});

describe('PRESET_RULES', () => {
  it('etax: 12 characters mixing letters, digits and the symbols those sites accept', () => {
    for (let i = 0; i < 100; i++) {
      const pw = generatePassword(PRESET_RULES.etax);
      expect(pw).toHaveLength(12);
      expect(classesOf(pw)).toEqual({ lower: true, upper: true, digits: true, symbols: true });
      expect(pw).toMatch(/^[a-zA-Z0-9!@#$%^&*]+$/);
    }
  });

  it('bank: 12 letters and digits, no symbols', () => {
    for (let i = 0; i < 100; i++) expect(generatePassword(PRESET_RULES.bank)).toMatch(/^(?=.*[a-z])(?=.*[A-Z])(?=.*[2-9])[a-zA-Z2-9]{12}$/);
  });

  it('pin6: six digits', () => {
    for (let i = 0; i < 100; i++) expect(generatePassword(PRESET_RULES.pin6)).toMatch(/^[0-9]{6}$/);
  });

  it('standard: 16 characters of every class', () => {
    const pw = generatePassword(PRESET_RULES.standard);
    expect(pw).toHaveLength(16);
    expect(classesOf(pw)).toEqual({ lower: true, upper: true, digits: true, symbols: true });
  });
});
