import { promises as fsp } from 'node:fs';
import { writeFileDurable } from '../fs/durable';

/**
 * Failed-unlock throttling, persisted beside the vault so that restarting the
 * app does not reset it. It slows guessing at this PC; offline guessing
 * against a copied vault is stopped by Argon2id, not by this.
 */
export interface ThrottleState {
  failures: number;
  lastFailureAt: number;
  /** Times of failures not yet written to the audit log (it is encrypted; they are written at the next unlock). */
  pending?: number[];
}

/** At most this many failure times wait for the audit log. */
export const MAX_PENDING = 100;

export const FREE_ATTEMPTS = 3;
export const MAX_DELAY_SECONDS = 15 * 60;

/** Seconds to wait after `failures` consecutive failures: 0,0,0,1,2,4,… capped at 15 minutes. */
export function delayAfter(failures: number): number {
  if (failures < FREE_ATTEMPTS) return 0;
  return Math.min(MAX_DELAY_SECONDS, 2 ** (failures - FREE_ATTEMPTS));
}

/** Whole seconds until the next attempt is allowed (0 = now). */
export function secondsUntilAllowed(state: ThrottleState, now: number): number {
  const wait = state.lastFailureAt + delayAfter(state.failures) * 1000 - now;
  return wait > 0 ? Math.ceil(wait / 1000) : 0;
}

export async function readThrottle(path: string): Promise<ThrottleState> {
  try {
    const parsed = JSON.parse(await fsp.readFile(path, 'utf8')) as Partial<ThrottleState>;
    const failures = Number.isSafeInteger(parsed.failures) && (parsed.failures ?? 0) >= 0 ? (parsed.failures as number) : 0;
    const lastFailureAt = Number.isFinite(parsed.lastFailureAt) ? (parsed.lastFailureAt as number) : 0;
    const pending = Array.isArray(parsed.pending) ? parsed.pending.filter((t): t is number => Number.isFinite(t)).slice(-MAX_PENDING) : [];
    return { failures, lastFailureAt, pending };
  } catch {
    return { failures: 0, lastFailureAt: 0, pending: [] };
  }
}

export async function writeThrottle(path: string, state: ThrottleState): Promise<void> {
  await writeFileDurable(path, JSON.stringify(state));
}
