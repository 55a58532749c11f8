import type { StrengthScore } from '../../../shared/credentials';
import { passwordStrength, type StrengthWarning } from '../../../shared/password-strength';

/** Colours of the meter for scores 0 … 4. */
export const STRENGTH_COLORS: readonly string[] = ['#cf1322', '#d4380d', '#d48806', '#389e0d', '#237804'];

/**
 * The same estimate main keeps for the hygiene list, computed here as the
 * person types (nothing leaves the renderer); `context` holds words a
 * password should not be made of (login, title, client name).
 */
export function strengthOf(password: string, context: readonly string[]): { score: StrengthScore; warnings: StrengthWarning[] } | null {
  if (password === '') return null;
  const { score, warnings } = passwordStrength(password, context.filter((w) => w !== ''));
  return { score, warnings };
}
