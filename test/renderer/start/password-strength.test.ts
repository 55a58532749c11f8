import { describe, expect, it } from 'vitest';
import { newPasswordSchema } from '../../../src/shared/contract';
import { MIN_PASSWORD_LENGTH, passwordStrength, type PasswordStrength } from '../../../src/renderer/src/start/password-strength';

describe('passwordStrength', () => {
  it.each<[string, PasswordStrength]>([
    ['', 'weak'],
    // Below the minimum is weak however varied.
    ['Ab1!xyz', 'weak'],
    // 8 characters, one class.
    ['abcdefgh', 'weak'],
    ['密码密码密码密码', 'weak'],
    // 8 characters, two and three classes.
    ['abcdefg1', 'fair'],
    ['abcdefG1', 'fair'],
    // Length alone: 12 is fair, 16 still fair with one class.
    ['abcdefghijkl', 'fair'],
    ['abcdefghijklmnop', 'fair'],
    // Length and variety together.
    ['abcdefghijK1', 'strong'],
    ['abcdefghijklmno1', 'strong'],
    ['correct horse battery', 'strong'],
    ['账盾账盾账盾账盾账盾账2', 'fair'],
  ])('%j is %s', (password, expected) => {
    expect(passwordStrength(password)).toBe(expected);
  });

  it('uses the same minimum as the contract that main enforces', () => {
    const atMinimum = 'x'.repeat(MIN_PASSWORD_LENGTH);
    expect(newPasswordSchema.safeParse(atMinimum).success).toBe(true);
    expect(newPasswordSchema.safeParse(atMinimum.slice(1)).success).toBe(false);
  });
});
