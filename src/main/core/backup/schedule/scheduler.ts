/**
 * Scheduled backups: the schedule file beside the vault, and the scheduler
 * that checks it every minute. The schedule is plain JSON (folder, times,
 * retention, extra recipients: no secrets) because scheduled backups run
 * while the vault is locked, when nothing encrypted can be read. Time and
 * timers are injected, so every decision is tested with a fake clock.
 */
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { backupScheduleSchema } from '../../../../shared/contract';
import type { BackupScheduleSettings } from '../../../../shared/domain';
import type { ErrorCode } from '../../../../shared/errors';
import { VaultError, fsError, isVaultError } from '../../errors';
import { writeFileDurable } from '../../fs/durable';
import { vaultSignatureSchema, type VaultSignature } from '../../keys/vault-statements';
import { isBackupRunning } from '../create-backup';
import { localOffsetMinutes, nextDue, slotsAround } from './retention';
import { STATUS_FILE, readBackupStatus, type BackupStatus } from './scheduled-backup';

/** In the vault folder, beside vault.key and backup-status.json; never inside a backup. */
export const SCHEDULE_FILE = 'backup-schedule.json';

/** How often the scheduler looks at the clock. */
export const CHECK_EVERY_MS = 60_000;
/** A run that starts this long after its slot, with no attempt since, was missed (the app was closed or the PC asleep). */
export const MISSED_AFTER_MS = 10 * 60_000;
/** After a failure the next try comes this much later (or at the next slot, if sooner). */
export const RETRY_AFTER_MINUTES = 60;
/** A run cancelled by a lock, an unlock or a changing vault is retried at once, this many times in a row at most. */
const MAX_QUICK_RETRIES = 3;

const scheduleFileSchema = backupScheduleSchema
  .extend({
    version: z.literal(1),
    updatedAt: z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'not a date'),
    /** By the master signing key (signed-schedule.ts); absent in schedules saved before signing existed. */
    signature: vaultSignatureSchema.optional(),
  })
  .strict();

/** The schedule as stored: what the owner set, and when (slots before that are not owed). */
export interface StoredSchedule extends BackupScheduleSettings {
  updatedAt: string;
}

/** The file's content with its signature, unchecked (signed-schedule.ts checks it). */
export async function readScheduleFile(vaultDir: string): Promise<{ schedule: StoredSchedule; signature: VaultSignature | null } | null> {
  let text: string;
  try {
    text = await fsp.readFile(join(vaultDir, SCHEDULE_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw fsError(err, SCHEDULE_FILE);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new VaultError('CORRUPT', { what: SCHEDULE_FILE });
  }
  const parsed = scheduleFileSchema.safeParse(json);
  if (!parsed.success) throw new VaultError('CORRUPT', { what: SCHEDULE_FILE });
  const { version: _version, signature, ...schedule } = parsed.data;
  return { schedule, signature: signature ?? null };
}

/** The schedule without checking who wrote it: for the scheduling logic's own tests; the app reads it through signed-schedule.ts. */
export async function readSchedule(vaultDir: string): Promise<StoredSchedule | null> {
  return (await readScheduleFile(vaultDir))?.schedule ?? null;
}

/** Writes the schedule, with `sign`'s signature over it when given. */
export async function writeSchedule(
  vaultDir: string,
  settings: BackupScheduleSettings,
  now: Date,
  sign?: (schedule: StoredSchedule) => VaultSignature,
): Promise<StoredSchedule> {
  const stored: StoredSchedule = { ...settings, updatedAt: now.toISOString() };
  const signature = sign?.(stored);
  await writeFileDurable(join(vaultDir, SCHEDULE_FILE), `${JSON.stringify({ version: 1, ...stored, ...(signature ? { signature } : {}) }, null, 2)}\n`);
  return stored;
}

export type Attempt = { at: Date; ok: true; file: string; bytes: number } | { at: Date; ok: false; code: ErrorCode; reason?: string | null };

/**
 * Records an outcome in backup-status.json the way runScheduledBackup does:
 * a manual backup's success, or a scheduled run that failed before the core
 * was called (its folder is missing).
 */
export async function recordAttempt(vaultDir: string, attempt: Attempt): Promise<BackupStatus> {
  const previous = await readBackupStatus(vaultDir);
  const at = attempt.at.toISOString();
  const status: BackupStatus = attempt.ok
    ? {
        version: 1,
        lastAttempt: { at, ok: true, file: attempt.file, bytes: attempt.bytes, code: null, reason: null, deleted: 0 },
        lastSuccess: { at, file: attempt.file, bytes: attempt.bytes },
        consecutiveFailures: 0,
      }
    : {
        version: 1,
        lastAttempt: { at, ok: false, file: null, bytes: null, code: attempt.code, reason: attempt.reason ?? null, deleted: 0 },
        lastSuccess: previous?.lastSuccess ?? null,
        consecutiveFailures: (previous?.consecutiveFailures ?? 0) + 1,
      };
  await writeFileDurable(join(vaultDir, STATUS_FILE), `${JSON.stringify(status, null, 2)}\n`);
  return status;
}

/** Wall clock and intervals (a fake in tests). */
export interface SchedulerClock {
  now(): number;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export const systemClock: SchedulerClock = {
  now: () => Date.now(),
  // Unref'd: a pending check never keeps the process alive on its own.
  setInterval: (fn, ms) => setInterval(fn, ms).unref(),
  clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout),
};

export interface ScheduledRun {
  schedule: StoredSchedule;
  now: Date;
  offsetMinutes: number;
  /** Aborted when the scheduler stops or steps aside for an unlock. */
  signal: AbortSignal;
}

export interface SchedulerDeps {
  vaultDir: string;
  /** Reads the schedule: the app's reader refuses one the master did not sign (signed-schedule.ts). */
  load: () => Promise<StoredSchedule | null>;
  /** Writes one scheduled backup and records its outcome (runScheduledBackup); resolves with the recorded status. */
  run: (run: ScheduledRun) => Promise<BackupStatus>;
  clock?: SchedulerClock;
  /** The UTC offset for calendar rules; default this machine's at that time. */
  offsetMinutes?: (at: Date) => number;
  /** Another backup of this vault (a manual one) runs in this process. */
  isBusy?: () => boolean;
  /** One line, no vault data. */
  log?: (message: string) => void;
}

export type TickResult = 'ran' | 'not-due' | 'no-schedule' | 'invalid-schedule' | 'busy' | 'held' | 'stopped' | 'error';

/** A slot that passed without a run, and when the catch-up run started. */
export interface MissedRun {
  slot: Date;
  ranAt: Date;
}

export class BackupScheduler {
  private readonly clock: SchedulerClock;
  private interval: unknown = null;
  private ticking: Promise<TickResult> | null = null;
  private current: { controller: AbortController; done: Promise<void>; startedAt: Date } | null = null;
  private stopped = false;
  private heldUntil = 0;
  private pauses = 0;
  private retrySoon = false;
  private quickRetries = 0;
  private missedRun: MissedRun | null = null;
  private scheduleProblem: ErrorCode | null = null;

  constructor(private readonly deps: SchedulerDeps) {
    this.clock = deps.clock ?? systemClock;
  }

  /** Checks now (a run missed while the app was closed starts at once), then every minute. */
  start(): void {
    if (this.interval !== null) return;
    this.stopped = false;
    this.interval = this.clock.setInterval(() => void this.tick(), CHECK_EVERY_MS);
    void this.tick();
  }

  /** Stops checking; a run in progress is cancelled (and recorded so) and awaited. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.interval !== null) this.clock.clearInterval(this.interval);
    this.interval = null;
    this.current?.controller.abort();
    await this.current?.done;
    await this.ticking;
  }

  /** When the run in progress started; null when none runs. */
  get runningSince(): Date | null {
    return this.current?.startedAt ?? null;
  }

  /** A cancelled run will be retried at the next check. */
  get retryPending(): boolean {
    return this.retrySoon;
  }

  missed(): MissedRun | null {
    return this.missedRun;
  }

  acknowledgeMissed(): void {
    this.missedRun = null;
  }

  /** Why the schedule file could not be read at the last check (CORRUPT, READ_ONLY…); null when it could. */
  scheduleError(): ErrorCode | null {
    return this.scheduleProblem;
  }

  /**
   * Makes way for an unlock: no run starts for `holdMs` (or until release()),
   * and a run in progress is cancelled and awaited, so its lock on the vault
   * is gone; it is retried at the next check.
   */
  async interrupt(holdMs: number): Promise<void> {
    this.heldUntil = Math.max(this.heldUntil, this.clock.now() + holdMs);
    const current = this.current;
    if (!current) return;
    current.controller.abort();
    await current.done;
  }

  release(): void {
    this.heldUntil = 0;
  }

  /** No run starts until the returned function is called (restoring replaces the vault folder meanwhile). */
  async pause(): Promise<() => void> {
    this.pauses++;
    await this.current?.done;
    let resumed = false;
    return () => {
      if (!resumed) this.pauses--;
      resumed = true;
    };
  }

  /**
   * When the next run is due: the first slot after the last success (or
   * after the schedule was saved: earlier slots are not owed), an hour after
   * a failure, and at once after a cancelled run.
   */
  dueAt(schedule: StoredSchedule, status: BackupStatus | null, now: Date, offsetMinutes = this.offset(now)): Date {
    if (this.retrySoon) return now;
    const success = status?.lastSuccess ? Date.parse(status.lastSuccess.at) : -Infinity;
    const since = Math.max(success, Date.parse(schedule.updatedAt));
    const last = status?.lastAttempt;
    const lastFailure = last && !last.ok ? new Date(last.at) : null;
    return nextDue(schedule, new Date(since), now, { offsetMinutes, lastFailure, retryAfterMinutes: RETRY_AFTER_MINUTES });
  }

  /** One check; concurrent calls share it (a run in progress is never doubled). */
  tick(): Promise<TickResult> {
    if (!this.ticking) {
      this.ticking = this.check()
        .catch((err: unknown) => {
          this.deps.log?.(`[zhangdun] scheduled backup check failed: ${describe(err)}`);
          return 'error' as const;
        })
        .finally(() => {
          this.ticking = null;
        });
    }
    return this.ticking;
  }

  private offset(at: Date): number {
    return this.deps.offsetMinutes?.(at) ?? localOffsetMinutes(at);
  }

  private blocked(): TickResult | null {
    if (this.stopped) return 'stopped';
    if (this.pauses > 0 || this.clock.now() < this.heldUntil) return 'held';
    if ((this.deps.isBusy ?? (() => isBackupRunning(this.deps.vaultDir)))()) return 'busy';
    return null;
  }

  private async check(): Promise<TickResult> {
    const blocked = this.blocked();
    if (blocked) return blocked;
    let schedule: StoredSchedule | null;
    try {
      schedule = await this.deps.load();
      this.scheduleProblem = null;
    } catch (err) {
      this.scheduleProblem = isVaultError(err) ? err.code : 'INTERNAL';
      return 'invalid-schedule';
    }
    if (!schedule?.enabled) return 'no-schedule';
    const status = await readBackupStatus(this.deps.vaultDir);
    const now = new Date(this.clock.now());
    const offsetMinutes = this.offset(now);
    if (this.dueAt(schedule, status, now, offsetMinutes).getTime() > now.getTime()) return 'not-due';
    // Anything may have changed during the reads above.
    const stillBlocked = this.blocked();
    if (stillBlocked) return stillBlocked;

    const slot = slotsAround(schedule, now, offsetMinutes).previous;
    if (!this.retrySoon && wasMissed(schedule, status, slot, now)) this.missedRun = { slot, ranAt: now };
    this.retrySoon = false;
    const controller = new AbortController();
    let finished!: () => void;
    this.current = { controller, done: new Promise<void>((resolve) => (finished = resolve)), startedAt: now };
    try {
      const result = await this.deps.run({ schedule, now, offsetMinutes, signal: controller.signal });
      const cancelled = result.lastAttempt?.ok === false && result.lastAttempt.code === 'CANCELLED';
      if (cancelled && !this.stopped && this.quickRetries < MAX_QUICK_RETRIES) {
        this.retrySoon = true;
        this.quickRetries++;
      } else if (!cancelled) {
        this.quickRetries = 0;
      }
      if (result.lastAttempt && !result.lastAttempt.ok) {
        this.deps.log?.(`[zhangdun] scheduled backup failed: ${result.lastAttempt.code ?? 'INTERNAL'}${result.lastAttempt.reason ? ` (${result.lastAttempt.reason})` : ''}`);
      }
    } finally {
      this.current = null;
      finished();
    }
    return 'ran';
  }
}

/** Late by more than MISSED_AFTER_MS, for a slot the schedule already covered, with no attempt since the slot. */
function wasMissed(schedule: StoredSchedule, status: BackupStatus | null, slot: Date, now: Date): boolean {
  if (now.getTime() - slot.getTime() <= MISSED_AFTER_MS) return false;
  if (Date.parse(schedule.updatedAt) > slot.getTime()) return false;
  const attempt = status?.lastAttempt;
  return !(attempt && Date.parse(attempt.at) >= slot.getTime());
}

function describe(err: unknown): string {
  if (isVaultError(err)) return err.code;
  const code = (err as { code?: unknown } | null)?.code;
  return err instanceof Error ? `${err.name}${typeof code === 'string' ? ` (${code})` : ''}` : typeof err;
}
