import { describe, expect, it } from 'vitest';
import {
  backupFileName,
  nextDue,
  parseBackupFileName,
  planRetention,
  type DatedBackup,
  type RetentionPolicy,
  type Schedule,
} from '../../../../../src/main/core/backup/schedule/retention';
import { needsAttention, type BackupStatus } from '../../../../../src/main/core/backup/schedule/scheduled-backup';

/** Beijing time, UTC+8: the firm's clock. */
const CST = 480;
const local = (y: number, mo: number, d: number, h = 0, mi = 0) => new Date(Date.UTC(y, mo - 1, d, h, mi) - CST * 60_000);
const iso = (date: Date) => new Date(date.getTime() + CST * 60_000).toISOString().slice(0, 16).replace('T', ' ');
const backup = (date: Date): DatedBackup => ({ path: `/b/${iso(date)}`, createdAt: date });

/** One backup a day at 02:00 from 1 Jan to 31 Mar 2025 (31 Mar is a Monday). */
const DAILY = Array.from({ length: 90 }, (_, i) => backup(local(2025, 1, 1 + i, 2)));
const NOW = local(2025, 3, 31, 12);

function kept(backups: readonly DatedBackup[], policy: RetentionPolicy, now = NOW, offset = CST): string[] {
  return planRetention(backups, policy, now, offset).keep.map((b) => iso(b.createdAt));
}

describe('planRetention (grandfather-father-son)', () => {
  it.each<[string, RetentionPolicy, string[]]>([
    ['daily only', { daily: 3, weekly: 0, monthly: 0 }, ['2025-03-31 02:00', '2025-03-30 02:00', '2025-03-29 02:00']],
    ['weekly only: newest of each ISO week (Monday starts)', { daily: 0, weekly: 4, monthly: 0 }, ['2025-03-31 02:00', '2025-03-30 02:00', '2025-03-23 02:00', '2025-03-16 02:00']],
    ['monthly only: newest of each month', { daily: 0, weekly: 0, monthly: 3 }, ['2025-03-31 02:00', '2025-02-28 02:00', '2025-01-31 02:00']],
    ['all three overlap', { daily: 3, weekly: 2, monthly: 3 }, ['2025-03-31 02:00', '2025-03-30 02:00', '2025-03-29 02:00', '2025-02-28 02:00', '2025-01-31 02:00']],
    ['more slots than backups keeps everything within them', { daily: 0, weekly: 0, monthly: 12 }, ['2025-03-31 02:00', '2025-02-28 02:00', '2025-01-31 02:00']],
    ['zeros still keep the newest backup', { daily: 0, weekly: 0, monthly: 0 }, ['2025-03-31 02:00']],
  ])('%s', (_name, policy, expected) => {
    expect(kept(DAILY, policy)).toEqual(expected);
    const plan = planRetention(DAILY, policy, NOW, CST);
    expect(plan.keep.length + plan.delete.length).toBe(DAILY.length);
  });

  it('keeps the newest of several backups on one day, whatever the input order', () => {
    const day = [local(2025, 3, 31, 9), local(2025, 3, 31, 2), local(2025, 3, 31, 11), local(2025, 3, 30, 23, 59)].map(backup);
    expect(kept([...day].reverse(), { daily: 2, weekly: 0, monthly: 0 })).toEqual(['2025-03-31 11:00', '2025-03-30 23:59']);
  });

  it('counts days with backups, so a gap never deletes the last copies', () => {
    const old = [local(2024, 6, 1, 2), local(2024, 6, 2, 2), local(2024, 6, 3, 2)].map(backup);
    expect(kept(old, { daily: 2, weekly: 0, monthly: 0 })).toEqual(['2024-06-03 02:00', '2024-06-02 02:00']);
  });

  it('draws day boundaries in local time', () => {
    // 23:30 and 00:30 Beijing time are different days there, but the same UTC day.
    const pair = [local(2025, 3, 1, 23, 30), local(2025, 3, 2, 0, 30), local(2025, 2, 27, 2)].map(backup);
    expect(kept(pair, { daily: 2, weekly: 0, monthly: 0 })).toEqual(['2025-03-02 00:30', '2025-03-01 23:30']);
    expect(kept(pair, { daily: 2, weekly: 0, monthly: 0 }, NOW, 0)).toEqual(['2025-03-02 00:30', '2025-02-27 02:00']);
  });

  it('never deletes a backup dated in the future (a wrong clock), and it takes no slot', () => {
    const future = backup(local(2025, 6, 1, 2));
    const plan = planRetention([...DAILY, future], { daily: 1, weekly: 0, monthly: 0 }, NOW, CST);
    expect(plan.keep.map((b) => iso(b.createdAt))).toEqual(['2025-06-01 02:00', '2025-03-31 02:00']);
  });

  it('keeps nothing from an empty list', () => {
    expect(planRetention([], { daily: 7, weekly: 4, monthly: 12 }, NOW, CST)).toEqual({ keep: [], delete: [] });
  });
});

describe('nextDue', () => {
  const daily: Schedule = { kind: 'daily', hour: 2 };
  const sunday: Schedule = { kind: 'weekly', hour: 22, weekday: 0 };
  it.each<[string, Schedule, Date | null, Date, Date, Date | null]>([
    ['never backed up: due at once', daily, null, local(2025, 3, 10, 10), local(2025, 3, 10, 2), null],
    ['done after today’s slot: tomorrow', daily, local(2025, 3, 10, 2, 5), local(2025, 3, 10, 10), local(2025, 3, 11, 2), null],
    ['just before the slot: at the slot', daily, local(2025, 3, 9, 2, 5), local(2025, 3, 10, 1, 59), local(2025, 3, 10, 2), null],
    ['exactly at the slot: now', daily, local(2025, 3, 9, 2, 5), local(2025, 3, 10, 2), local(2025, 3, 10, 2), null],
    ['PC off for days: one catch-up, due at once', daily, local(2025, 3, 1, 2, 5), local(2025, 3, 10, 10), local(2025, 3, 10, 2), null],
    ['slot at 00:00 local is the previous UTC day', { kind: 'daily', hour: 0 }, local(2025, 3, 10, 0, 1), local(2025, 3, 10, 7), local(2025, 3, 11, 0), null],
    ['weekly: done Sunday, next Sunday', sunday, local(2025, 3, 9, 22, 10), local(2025, 3, 12, 10), local(2025, 3, 16, 22), null],
    ['weekly: Sunday before the hour', sunday, local(2025, 3, 9, 22, 10), local(2025, 3, 16, 21, 59), local(2025, 3, 16, 22), null],
    ['weekly: a missed Sunday is due at once', sunday, local(2025, 3, 2, 22, 10), local(2025, 3, 12, 10), local(2025, 3, 9, 22), null],
    ['failed 29 minutes ago: retried an hour after the failure', daily, local(2025, 3, 9, 2, 5), local(2025, 3, 10, 2, 30), local(2025, 3, 10, 3, 1), local(2025, 3, 10, 2, 1)],
    ['failed over an hour ago: due at once', daily, local(2025, 3, 9, 2, 5), local(2025, 3, 10, 3, 30), local(2025, 3, 10, 2), local(2025, 3, 10, 2, 1)],
    ['a failure before the last success is ignored', daily, local(2025, 3, 10, 2, 5), local(2025, 3, 10, 2, 30), local(2025, 3, 11, 2), local(2025, 3, 10, 2, 1)],
  ])('%s', (_name, schedule, lastSuccess, now, expected, lastFailure) => {
    expect(iso(nextDue(schedule, lastSuccess, now, { offsetMinutes: CST, lastFailure }))).toBe(iso(expected));
  });

  it('rejects impossible schedules', () => {
    expect(() => nextDue({ kind: 'daily', hour: 24 }, null, NOW)).toThrow(RangeError);
    expect(() => nextDue({ kind: 'weekly', hour: 1, weekday: 7 }, null, NOW)).toThrow(RangeError);
  });
});

describe('backup file names', () => {
  it('names a backup by vault id prefix and local time, and reads the time back', () => {
    const at = local(2025, 3, 1, 23, 5);
    const name = backupFileName('0123456789abcdef0123456789abcdef', new Date(at.getTime() + 7_000), CST);
    expect(name).toBe('zhangdun-01234567-20250301-230507.zdbk');
    expect(parseBackupFileName(name, CST)).toEqual({ vaultIdPrefix: '01234567', createdAt: new Date(at.getTime() + 7_000) });
  });

  it.each(['zhangdun-01234567-20251301-230507.zdbk', 'zhangdun-01234567-20250230-230507.zdbk', 'zhangdun-01234567-20250301-230507.zdbk.partial-ab12', 'zhangdun-0123456-20250301-230507.zdbk', 'other.zdbk'])(
    'ignores %s',
    (name) => expect(parseBackupFileName(name, CST)).toBeNull(),
  );
});

describe('needsAttention', () => {
  const daily: Schedule = { kind: 'daily', hour: 2 };
  const ok = (at: Date): BackupStatus => ({
    version: 1,
    lastAttempt: { at: at.toISOString(), ok: true, file: '/b/x.zdbk', bytes: 1, code: null, reason: null, deleted: 0 },
    lastSuccess: { at: at.toISOString(), file: '/b/x.zdbk', bytes: 1 },
    consecutiveFailures: 0,
  });
  it.each<[string, BackupStatus | null, string | null]>([
    ['no backup ever', null, 'never'],
    ['healthy', ok(local(2025, 3, 10, 2)), null],
    ['last attempt failed', { ...ok(local(2025, 3, 10, 2)), lastAttempt: { at: '', ok: false, file: null, bytes: null, code: 'DISK_FULL', reason: null, deleted: 0 }, consecutiveFailures: 1 }, 'failed'],
    ['failed and never succeeded', { ...ok(local(2025, 3, 10, 2)), lastSuccess: null, lastAttempt: { at: '', ok: false, file: null, bytes: null, code: 'VAULT_BUSY', reason: null, deleted: 0 } }, 'failed'],
    ['silently not running for days', ok(local(2025, 3, 7, 2)), 'overdue'],
  ])('%s', (_name, status, expected) => {
    expect(needsAttention(status, daily, local(2025, 3, 10, 12))).toBe(expected);
  });
});

describe('freeBackupPath', () => {
  it('takes the next free second when a backup of the same second exists', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join, basename } = await import('node:path');
    const { freeBackupPath, backupFileName } = await import('../../../../../src/main/core/backup/schedule/retention');
    const dir = mkdtempSync(join(tmpdir(), 'zd-free-'));
    try {
      const at = new Date('2026-11-26T10:00:00Z');
      const first = await freeBackupPath(dir, 'ab'.repeat(16), at, 480);
      expect(basename(first)).toBe(backupFileName('ab'.repeat(16), at, 480));
      writeFileSync(first, '');
      const second = await freeBackupPath(dir, 'ab'.repeat(16), at, 480);
      expect(basename(second)).toBe(backupFileName('ab'.repeat(16), new Date(at.getTime() + 1000), 480));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
