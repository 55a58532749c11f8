import { join } from 'node:path';
import { VaultError } from '../../errors';
import { pathExists } from '../../fs/durable';

/**
 * Pure schedule and retention rules for backups. Calendar boundaries (days,
 * ISO weeks, months, the scheduled hour) are in local time, given as a UTC
 * offset in minutes so the rules are deterministic and testable; the default
 * is this machine's offset at `now`.
 */

export interface RetentionPolicy {
  /** Newest backup of each of the N most recent days that have one. */
  daily: number;
  /** Newest backup of each of the M most recent ISO weeks that have one. */
  weekly: number;
  /** Newest backup of each of the K most recent months that have one. */
  monthly: number;
}

export interface DatedBackup {
  path: string;
  createdAt: Date;
}

export interface RetentionPlan<T extends DatedBackup> {
  keep: T[];
  delete: T[];
}

export interface Schedule {
  kind: 'daily' | 'weekly';
  /** 0–23, local time. */
  hour: number;
  /** 0 = Sunday … 6 = Saturday (weekly only). */
  weekday?: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function localOffsetMinutes(at: Date): number {
  return -at.getTimezoneOffset();
}

/** A Date whose UTC fields read as local time at the given offset. */
function shifted(date: Date, offsetMinutes: number): Date {
  return new Date(date.getTime() + offsetMinutes * MINUTE);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function dayKey(d: Date): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

function monthKey(d: Date): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`;
}

/** ISO 8601 week: weeks start on Monday; week 1 holds the year's first Thursday. */
function isoWeekKey(d: Date): string {
  const date = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const weekday = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(date.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((date.getTime() - yearStart) / DAY + 1) / 7);
  return `${date.getUTCFullYear()}-W${pad(week)}`;
}

/**
 * Grandfather-father-son: which backups to keep and which to delete. Backups
 * dated after `now` (a clock that was wrong) and the newest backup are always
 * kept, so a policy of zeros never deletes the last good copy.
 */
export function planRetention<T extends DatedBackup>(
  backups: readonly T[],
  policy: RetentionPolicy,
  now: Date,
  offsetMinutes = localOffsetMinutes(now),
): RetentionPlan<T> {
  const sorted = [...backups].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || a.path.localeCompare(b.path));
  const keep = new Set<T>();
  const past = sorted.filter((b) => {
    if (b.createdAt.getTime() > now.getTime()) keep.add(b);
    return b.createdAt.getTime() <= now.getTime();
  });
  const newest = past[0];
  if (newest) keep.add(newest);
  const rules: [number, (d: Date) => string][] = [
    [policy.daily, dayKey],
    [policy.weekly, isoWeekKey],
    [policy.monthly, monthKey],
  ];
  for (const [count, bucketOf] of rules) {
    const seen = new Set<string>();
    for (const backup of past) {
      if (seen.size >= count) break;
      const bucket = bucketOf(shifted(backup.createdAt, offsetMinutes));
      if (seen.has(bucket)) continue;
      seen.add(bucket);
      keep.add(backup);
    }
  }
  return { keep: sorted.filter((b) => keep.has(b)), delete: sorted.filter((b) => !keep.has(b)) };
}

/** The latest scheduled slot at or before `now`, and the first one after it. */
export function slotsAround(schedule: Schedule, now: Date, offsetMinutes = localOffsetMinutes(now)): { previous: Date; next: Date } {
  if (!Number.isInteger(schedule.hour) || schedule.hour < 0 || schedule.hour > 23) throw new RangeError('hour');
  const weekday = schedule.weekday ?? 0;
  if (schedule.kind === 'weekly' && (!Number.isInteger(weekday) || weekday < 0 || weekday > 6)) throw new RangeError('weekday');
  const local = shifted(now, offsetMinutes);
  let slot = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), schedule.hour) - offsetMinutes * MINUTE;
  if (schedule.kind === 'weekly') {
    const back = (local.getUTCDay() - weekday + 7) % 7;
    slot -= back * DAY;
  }
  const period = schedule.kind === 'weekly' ? 7 * DAY : DAY;
  if (slot > now.getTime()) slot -= period;
  return { previous: new Date(slot), next: new Date(slot + period) };
}

export interface DueOptions {
  offsetMinutes?: number;
  /** The last failed attempt: a missed backup is retried, but not in a tight loop. */
  lastFailure?: Date | null;
  retryAfterMinutes?: number;
}

/**
 * When the next backup is due. A slot that passed without a successful backup
 * (the PC was off, or the backup failed) is due at once, i.e. at or before
 * `now`; after a failure it is retried `retryAfterMinutes` later.
 */
export function nextDue(schedule: Schedule, lastSuccess: Date | null, now: Date, options: DueOptions = {}): Date {
  const { previous, next } = slotsAround(schedule, now, options.offsetMinutes ?? localOffsetMinutes(now));
  if (lastSuccess && lastSuccess.getTime() >= previous.getTime()) return next;
  const failure = options.lastFailure;
  if (failure && (!lastSuccess || failure.getTime() > lastSuccess.getTime())) {
    const retry = failure.getTime() + (options.retryAfterMinutes ?? 60) * MINUTE;
    if (retry > now.getTime()) return new Date(Math.min(retry, next.getTime()));
  }
  return previous;
}

/** The longest a healthy schedule goes without a success: two periods. */
export function overdueAfterMs(schedule: Schedule): number {
  return (schedule.kind === 'weekly' ? 14 : 2) * DAY;
}

const NAME = /^zhangdun-([0-9a-f]{8})-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})\.zdbk$/;

/** `zhangdun-<first 8 hex of the vault id>-<YYYYMMDD-HHmmss local>.zdbk` */
export function backupFileName(vaultId: string, at: Date, offsetMinutes = localOffsetMinutes(at)): string {
  const d = shifted(at, offsetMinutes);
  const date = `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;
  const time = `${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
  return `zhangdun-${vaultId.slice(0, 8)}-${date}-${time}.zdbk`;
}

/**
 * A backup path in `dir` that does not exist yet: two backups in the same second (a manual one after a
 * scheduled one) take the next free second, keeping names parseable and in time order.
 */
export async function freeBackupPath(dir: string, vaultId: string, at: Date, offsetMinutes = localOffsetMinutes(at)): Promise<string> {
  for (let i = 0; i < 600; i++) {
    const path = join(dir, backupFileName(vaultId, new Date(at.getTime() + i * 1000), offsetMinutes));
    if (!(await pathExists(path))) return path;
  }
  throw new VaultError('ALREADY_EXISTS', { what: dir });
}

export function parseBackupFileName(name: string, offsetMinutes: number): { vaultIdPrefix: string; createdAt: Date } | null {
  const m = NAME.exec(name);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(2).map(Number) as [number, number, number, number, number, number];
  const utc = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(utc);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
  return { vaultIdPrefix: m[1] ?? '', createdAt: new Date(utc - offsetMinutes * MINUTE) };
}
