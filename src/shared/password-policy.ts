/**
 * The firm's password policy (the owner sets it): a minimum length and a
 * minimum strength score (0–4, from passwordStrength). It applies to every
 * new staff password — adding staff, changing one's own, the one chosen
 * after a reset, a reset's temporary password, the CLI — and to nothing
 * already set. Pure, so the renderer's meter and main's check agree.
 */
import { z } from 'zod';
import type { StrengthScore } from './credentials';
import { passwordStrength } from './password-strength';

export const PASSWORD_MIN_LENGTH_FLOOR = 8;
export const PASSWORD_MIN_LENGTH_CEILING = 64;

export const passwordPolicySchema = z
  .object({
    minLength: z.number().int().min(PASSWORD_MIN_LENGTH_FLOOR).max(PASSWORD_MIN_LENGTH_CEILING),
    minScore: z.number().int().min(0).max(4),
  })
  .strict();

export interface PasswordPolicy {
  minLength: number;
  minScore: StrengthScore;
}

/** Until the owner sets one: eight characters, any strength (what the vault always asked). */
export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = { minLength: PASSWORD_MIN_LENGTH_FLOOR, minScore: 0 };

/** How long a temporary password from a reset opens the slot. */
export const TEMPORARY_PASSWORD_HOURS = 72;

export type PolicyProblem = 'too-short' | 'too-weak';

export interface PolicyCheck {
  ok: boolean;
  problems: PolicyProblem[];
  score: StrengthScore;
}

/** Whether `password` meets `policy`; `context` (the person's name) makes a password containing it weaker. */
export function checkPasswordPolicy(password: string, policy: PasswordPolicy, context: readonly string[] = []): PolicyCheck {
  const { score } = passwordStrength(password, context);
  const problems: PolicyProblem[] = [];
  if ([...password].length < policy.minLength) problems.push('too-short');
  if (score < policy.minScore) problems.push('too-weak');
  return { ok: problems.length === 0, problems, score };
}

/** A stored policy, or the default when none (or a malformed one) is stored. */
export function policyOrDefault(value: unknown): PasswordPolicy {
  const parsed = passwordPolicySchema.safeParse(value);
  return parsed.success ? { minLength: parsed.data.minLength, minScore: parsed.data.minScore as StrengthScore } : DEFAULT_PASSWORD_POLICY;
}
