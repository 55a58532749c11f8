/**
 * The first-run checklist and the backup-age warning: what a new vault
 * still lacks before the firm can lose a PC without losing its files.
 * Pure data and functions, shared by main (which decides) and the renderer.
 */

export const FIRST_RUN_STEPS = ['recovery-key', 'backup', 'staff', 'clients'] as const;
export type FirstRunStepId = (typeof FIRST_RUN_STEPS)[number];

/** How the recovery key was confirmed: its last characters right after creation, or the whole key (typed, pasted, or read from its file). */
export type RecoveryConfirmation = 'tail' | 'key';

export interface FirstRunStep {
  id: FirstRunStepId;
  done: boolean;
}

export interface FirstRunView {
  steps: FirstRunStep[];
  /** Who confirmed the recovery key was saved, and when; null until someone did. */
  recoveryKey: { by: string; at: string; how: RecoveryConfirmation } | null;
  /** Right after creation, in this session: the last RECOVERY_TAIL_LENGTH characters suffice. */
  tailCheckAvailable: boolean;
  /** The backup step's two halves. */
  backup: { destination: boolean; verified: boolean };
}

/** How many of the recovery key's last characters confirm it right after creation. */
export const RECOVERY_TAIL_LENGTH = 6;
/** Wrong tails allowed before the whole key is asked for instead. */
export const RECOVERY_TAIL_ATTEMPTS = 5;

/** The checklist is done (and no longer shown) when every step is. */
export function firstRunDone(view: Pick<FirstRunView, 'steps'>): boolean {
  return view.steps.every((s) => s.done);
}

// ---- backup age ----

export const DEFAULT_BACKUP_WARN_DAYS = 7;
export const BACKUP_WARN_DAYS_MIN = 1;
export const BACKUP_WARN_DAYS_MAX = 90;

/** Why the header warns: never backed up, or the newest verified backup is older than the setting. */
export type BackupAgeWarning = { kind: 'never' } | { kind: 'stale'; days: number; lastAt: string };

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The header's warning: none while a verified backup is at most `warnAfterDays`
 * days old; 'never' without one; 'stale' (with its age in whole days) past that.
 * A backup dated in the future (a clock set back) counts as fresh: the
 * backup page shows its date.
 */
export function backupAgeWarning(lastVerifiedAt: string | null, now: Date, warnAfterDays: number): BackupAgeWarning | null {
  if (lastVerifiedAt === null) return { kind: 'never' };
  const at = Date.parse(lastVerifiedAt);
  if (Number.isNaN(at)) return { kind: 'never' };
  const age = now.getTime() - at;
  if (age <= warnAfterDays * DAY_MS) return null;
  return { kind: 'stale', days: Math.floor(age / DAY_MS), lastAt: lastVerifiedAt };
}
