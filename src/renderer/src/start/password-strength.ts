export type PasswordStrength = 'weak' | 'fair' | 'strong';

export const MIN_PASSWORD_LENGTH = 8;

/**
 * A rough hint, not a gate: length counts most, then variety of character
 * classes. The vault's own rule is only the minimum length.
 */
export function passwordStrength(password: string): PasswordStrength {
  if (password.length < MIN_PASSWORD_LENGTH) return 'weak';
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  const score = (password.length >= 12 ? 1 : 0) + (password.length >= 16 ? 1 : 0) + (classes >= 2 ? 1 : 0) + (classes >= 3 ? 1 : 0);
  if (score >= 3) return 'strong';
  return score >= 1 ? 'fair' : 'weak';
}
