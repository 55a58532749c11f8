/**
 * The scheduler's decisions with a fake clock and a fake run (which records
 * its outcome in backup-status.json as the real one does): when runs are
 * due, missed runs, failures and their retry, cancelled runs, stepping aside
 * for an unlock, never two runs at once, and the schedule file itself.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { needsAttention, readBackupStatus, type BackupStatus } from '../../../../../src/main/core/backup/schedule/scheduled-backup';
import {
  BackupScheduler,
  CHECK_EVERY_MS,
  SCHEDULE_FILE,
  readSchedule,
  recordAttempt,
  writeSchedule,
  type ScheduledRun,
} from '../../../../../src/main/core/backup/schedule/scheduler';
import type { BackupScheduleSettings } from '../../../../../src/shared/domain';
import { useTempDirs } from '../../../../helpers/vault-fixture';
import { fakeClock, HOUR, MINUTE } from '../../lock/fake-clock';

/** Beijing time, UTC+8: the firm's clock. */
const CST = 480;
const local = (y: number, mo: number, d: number, h = 0, mi = 0) => Date.UTC(y, mo - 1, d, h, mi) - CST * MINUTE;
const iso = (ms: number) => new Date(ms).toISOString();

const fresh = useTempDirs('zd-scheduler-');

const SETTINGS: BackupScheduleSettings = {
  enabled: true,
  folder: '/mnt/nas/zhangdun',
  kind: 'daily',
  hour: 22,
  weekday: 1,
  retention: { daily: 7, weekly: 4, monthly: 12 },
  recipients: [],
};

type Outcome = 'ok' | 'fail' | 'cancel' | 'wait-for-abort';

/** A scheduler on a fake clock whose runs record outcomes like runScheduledBackup; `next` picks the next outcome. */
async function setup(options: { settings?: Partial<BackupScheduleSettings>; savedAt: number; start: number; busy?: () => boolean }) {
  const vaultDir = fresh();
  const clock = fakeClock(options.start);
  await writeSchedule(vaultDir, { ...SETTINGS, ...options.settings }, new Date(options.savedAt));
  const runs: ScheduledRun[] = [];
  const outcomes: Outcome[] = [];
  let release: (() => void) | null = null;
  const run = async (request: ScheduledRun): Promise<BackupStatus> => {
    runs.push(request);
    const outcome = outcomes.shift() ?? 'ok';
    if (outcome === 'wait-for-abort') {
      await new Promise<void>((resolve) => {
        release = resolve;
        request.signal.addEventListener('abort', () => resolve());
      });
      if (request.signal.aborted) return recordAttempt(vaultDir, { at: request.now, ok: false, code: 'CANCELLED' });
    }
    if (outcome === 'fail') return recordAttempt(vaultDir, { at: request.now, ok: false, code: 'DISK_FULL' });
    if (outcome === 'cancel') return recordAttempt(vaultDir, { at: request.now, ok: false, code: 'CANCELLED', reason: 'vault-changed' });
    return recordAttempt(vaultDir, { at: request.now, ok: true, file: join('/mnt/nas', `b-${runs.length}.zdbk`), bytes: 1000 });
  };
  const log = vi.fn();
  // The scheduling logic on its own: the schedule read unchecked (signatures: signed-schedule.test.ts).
  const scheduler = new BackupScheduler({ vaultDir, load: () => readSchedule(vaultDir), run, clock, offsetMinutes: () => CST, isBusy: options.busy ?? (() => false), log });
  return { vaultDir, clock, scheduler, runs, outcomes, log, finishWaitingRun: () => release?.() };
}

describe('BackupScheduler: when a run is due', () => {
  it('daily: not before the hour, at the hour, once per day', async () => {
    const t = await setup({ savedAt: local(2025, 3, 10, 9), start: local(2025, 3, 10, 21, 59) });
    expect(await t.scheduler.tick()).toBe('not-due');
    t.clock.set(local(2025, 3, 10, 22));
    expect(await t.scheduler.tick()).toBe('ran');
    expect(t.runs.map((r) => iso(r.now.getTime()))).toEqual([iso(local(2025, 3, 10, 22))]);
    expect(t.runs[0]).toMatchObject({ offsetMinutes: CST, schedule: { folder: '/mnt/nas/zhangdun', kind: 'daily', hour: 22 } });
    t.clock.set(local(2025, 3, 10, 22, 1));
    expect(await t.scheduler.tick()).toBe('not-due');
    t.clock.set(local(2025, 3, 11, 21, 59));
    expect(await t.scheduler.tick()).toBe('not-due');
    t.clock.set(local(2025, 3, 11, 22));
    expect(await t.scheduler.tick()).toBe('ran');
    expect(t.runs).toHaveLength(2);
    expect(t.scheduler.missed()).toBeNull();
    expect(t.scheduler.dueAt((await readSchedule(t.vaultDir))!, await readBackupStatus(t.vaultDir), new Date(t.clock.now())).toISOString()).toBe(iso(local(2025, 3, 12, 22)));
  });

  it('weekly: on the weekday at the hour, local time (Friday 18:00 in Beijing is 10:00 UTC)', async () => {
    // 10 Mar 2025 is a Monday.
    const t = await setup({ settings: { kind: 'weekly', weekday: 5, hour: 18 }, savedAt: local(2025, 3, 10, 9), start: local(2025, 3, 13, 18) });
    expect(await t.scheduler.tick()).toBe('not-due');
    t.clock.set(local(2025, 3, 14, 17, 59));
    expect(await t.scheduler.tick()).toBe('not-due');
    t.clock.set(local(2025, 3, 14, 18));
    expect(new Date(t.clock.now()).toISOString()).toBe('2025-03-14T10:00:00.000Z');
    expect(await t.scheduler.tick()).toBe('ran');
    for (const day of [15, 16, 17, 18, 19, 20]) {
      t.clock.set(local(2025, 3, day, 18));
      expect(await t.scheduler.tick()).toBe('not-due');
    }
    t.clock.set(local(2025, 3, 21, 18));
    expect(await t.scheduler.tick()).toBe('ran');
    expect(t.runs).toHaveLength(2);
  });

  it('slots before the schedule was saved are not owed: a new schedule waits for its first time', async () => {
    const t = await setup({ savedAt: local(2025, 3, 10, 23), start: local(2025, 3, 10, 23, 5) });
    expect(await t.scheduler.tick()).toBe('not-due');
    t.clock.set(local(2025, 3, 11, 22));
    expect(await t.scheduler.tick()).toBe('ran');
  });

  it('start() checks at once and then every minute, and stop() ends the checks', async () => {
    const t = await setup({ savedAt: local(2025, 3, 10, 9), start: local(2025, 3, 10, 21, 58) });
    const tick = vi.spyOn(t.scheduler, 'tick');
    t.scheduler.start();
    expect(tick).toHaveBeenCalledTimes(1);
    expect(t.clock.activeIntervals()).toBe(1);
    t.clock.advance(CHECK_EVERY_MS);
    await vi.waitFor(() => expect(tick).toHaveBeenCalledTimes(2));
    t.clock.advance(CHECK_EVERY_MS);
    await vi.waitFor(() => expect(t.runs).toHaveLength(1));
    await t.scheduler.stop();
    expect(t.clock.activeIntervals()).toBe(0);
    expect(await t.scheduler.tick()).toBe('stopped');
  });

  it('a disabled or absent schedule never runs', async () => {
    const t = await setup({ settings: { enabled: false }, savedAt: local(2025, 1, 1), start: local(2025, 3, 10, 22) });
    expect(await t.scheduler.tick()).toBe('no-schedule');
    const empty = fresh();
    const none = new BackupScheduler({ vaultDir: empty, load: () => readSchedule(empty), run: vi.fn(), clock: fakeClock() });
    expect(await none.tick()).toBe('no-schedule');
    expect(t.runs).toHaveLength(0);
  });
});

describe('BackupScheduler: never silently skipped', () => {
  it('a run missed while the app was closed runs at start and is flagged until acknowledged', async () => {
    const t = await setup({ savedAt: local(2025, 3, 1, 9), start: local(2025, 3, 12, 8, 55) });
    // The last backup was on the 10th; the app was closed at 22:00 on the 11th.
    await recordAttempt(t.vaultDir, { at: new Date(local(2025, 3, 10, 22)), ok: true, file: '/mnt/nas/old.zdbk', bytes: 1 });
    t.scheduler.start();
    await vi.waitFor(() => expect(t.runs).toHaveLength(1));
    await vi.waitFor(() => expect(t.scheduler.runningSince).toBeNull());
    expect(t.scheduler.missed()).toEqual({ slot: new Date(local(2025, 3, 11, 22)), ranAt: new Date(local(2025, 3, 12, 8, 55)) });
    t.scheduler.acknowledgeMissed();
    expect(t.scheduler.missed()).toBeNull();
    await t.scheduler.stop();
  });

  it('a run a few minutes late (the minute check) is not a missed run', async () => {
    const t = await setup({ savedAt: local(2025, 3, 1, 9), start: local(2025, 3, 11, 22, 1) });
    await recordAttempt(t.vaultDir, { at: new Date(local(2025, 3, 10, 22)), ok: true, file: '/mnt/nas/old.zdbk', bytes: 1 });
    expect(await t.scheduler.tick()).toBe('ran');
    expect(t.scheduler.missed()).toBeNull();
  });

  it('a failure is recorded, needs attention, and is retried an hour later, not every minute', async () => {
    const t = await setup({ savedAt: local(2025, 3, 1, 9), start: local(2025, 3, 10, 22) });
    t.outcomes.push('fail');
    expect(await t.scheduler.tick()).toBe('ran');
    const status = await readBackupStatus(t.vaultDir);
    expect(status).toMatchObject({ lastAttempt: { ok: false, code: 'DISK_FULL' }, consecutiveFailures: 1, lastSuccess: null });
    expect(needsAttention(status, { kind: 'daily', hour: 22 }, new Date(t.clock.now()))).toBe('failed');
    expect(t.log).toHaveBeenCalledWith(expect.stringContaining('DISK_FULL'));
    t.clock.set(local(2025, 3, 10, 22, 59));
    expect(await t.scheduler.tick()).toBe('not-due');
    t.clock.set(local(2025, 3, 10, 23));
    expect(await t.scheduler.tick()).toBe('ran');
    expect(await readBackupStatus(t.vaultDir)).toMatchObject({ lastAttempt: { ok: true }, consecutiveFailures: 0 });
  });

  it('a cancelled run (a lock, an unlock, a changing vault) is retried at the next check, three times at most', async () => {
    const t = await setup({ savedAt: local(2025, 3, 1, 9), start: local(2025, 3, 10, 22) });
    t.outcomes.push('cancel', 'cancel', 'cancel', 'cancel');
    for (let i = 0; i < 4; i++) expect(await t.scheduler.tick()).toBe('ran');
    expect(t.scheduler.retryPending).toBe(false);
    expect(await t.scheduler.tick()).toBe('not-due');
    expect(t.runs).toHaveLength(4);
  });

  it('an unreadable schedule file is reported, not treated as "no schedule"', async () => {
    const t = await setup({ savedAt: local(2025, 3, 1, 9), start: local(2025, 3, 10, 22) });
    writeFileSync(join(t.vaultDir, SCHEDULE_FILE), '{"version":1,"folder":"relative/path"}');
    expect(await t.scheduler.tick()).toBe('invalid-schedule');
    expect(t.scheduler.scheduleError()).toBe('CORRUPT');
    await expect(readSchedule(t.vaultDir)).rejects.toMatchObject({ code: 'CORRUPT' });
    writeFileSync(join(t.vaultDir, SCHEDULE_FILE), 'not json');
    expect(await t.scheduler.tick()).toBe('invalid-schedule');
    expect(t.runs).toHaveLength(0);
  });
});

describe('BackupScheduler: one run at a time', () => {
  it('concurrent checks share one run; another backup of the vault (a manual one) makes it wait', async () => {
    let busy = true;
    const t = await setup({ savedAt: local(2025, 3, 1, 9), start: local(2025, 3, 10, 22), busy: () => busy });
    expect(await t.scheduler.tick()).toBe('busy');
    busy = false;
    t.outcomes.push('wait-for-abort');
    const first = t.scheduler.tick();
    await vi.waitFor(() => expect(t.runs).toHaveLength(1));
    const second = t.scheduler.tick();
    expect(second).toBe(first);
    t.clock.advance(5 * CHECK_EVERY_MS);
    expect(t.scheduler.runningSince).toEqual(new Date(local(2025, 3, 10, 22)));
    t.finishWaitingRun();
    expect(await first).toBe('ran');
    expect(t.runs).toHaveLength(1);
  });

  it('interrupt() cancels the run in progress, holds new runs off until release(), then retries at once', async () => {
    const t = await setup({ savedAt: local(2025, 3, 1, 9), start: local(2025, 3, 10, 22) });
    t.outcomes.push('wait-for-abort');
    const running = t.scheduler.tick();
    await vi.waitFor(() => expect(t.runs).toHaveLength(1));
    await t.scheduler.interrupt(HOUR);
    expect(t.runs[0]?.signal.aborted).toBe(true);
    expect(await running).toBe('ran');
    expect(await readBackupStatus(t.vaultDir)).toMatchObject({ lastAttempt: { ok: false, code: 'CANCELLED' } });
    expect(t.scheduler.retryPending).toBe(true);
    expect(await t.scheduler.tick()).toBe('held');
    t.scheduler.release();
    expect(await t.scheduler.tick()).toBe('ran');
    expect(t.runs).toHaveLength(2);
    expect(t.scheduler.missed()).toBeNull();
  });

  it('the hold of interrupt() ends by itself (an unlock that failed)', async () => {
    const t = await setup({ savedAt: local(2025, 3, 1, 9), start: local(2025, 3, 10, 22) });
    await t.scheduler.interrupt(MINUTE);
    expect(await t.scheduler.tick()).toBe('held');
    t.clock.set(local(2025, 3, 10, 22, 1));
    expect(await t.scheduler.tick()).toBe('ran');
  });

  it('pause() waits for the run in progress and keeps new runs off until resumed', async () => {
    const t = await setup({ savedAt: local(2025, 3, 1, 9), start: local(2025, 3, 10, 22) });
    t.outcomes.push('wait-for-abort');
    const running = t.scheduler.tick();
    await vi.waitFor(() => expect(t.runs).toHaveLength(1));
    const paused = t.scheduler.pause();
    t.finishWaitingRun();
    const resume = await paused;
    await running;
    t.clock.set(local(2025, 3, 11, 22));
    expect(await t.scheduler.tick()).toBe('held');
    resume();
    resume();
    expect(await t.scheduler.tick()).toBe('ran');
  });

  it('stop() cancels a run in progress and waits for it', async () => {
    const t = await setup({ savedAt: local(2025, 3, 1, 9), start: local(2025, 3, 10, 22) });
    t.outcomes.push('wait-for-abort');
    t.scheduler.start();
    await vi.waitFor(() => expect(t.runs).toHaveLength(1));
    await t.scheduler.stop();
    expect(t.scheduler.runningSince).toBeNull();
    expect(await readBackupStatus(t.vaultDir)).toMatchObject({ lastAttempt: { code: 'CANCELLED' } });
  });
});

describe('the schedule file', () => {
  it('is plain, validated JSON holding no secrets, written whole', async () => {
    const dir = fresh();
    const recipient = 'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p';
    const stored = await writeSchedule(dir, { ...SETTINGS, recipients: [recipient] }, new Date(local(2025, 3, 10, 9)));
    expect(await readSchedule(dir)).toEqual(stored);
    const text = readFileSync(join(dir, SCHEDULE_FILE), 'utf8');
    expect(JSON.parse(text)).toMatchObject({ version: 1, folder: '/mnt/nas/zhangdun', recipients: [recipient], updatedAt: '2025-03-10T01:00:00.000Z' });
    expect(text).not.toMatch(/AGE-SECRET-KEY|password|wrappedKey/i);
    for (const bad of [
      { ...JSON.parse(text), hour: 24 },
      { ...JSON.parse(text), recipients: ['AGE-SECRET-KEY-1QQQ'] },
      { ...JSON.parse(text), extra: true },
      { ...JSON.parse(text), version: 2 },
    ]) {
      writeFileSync(join(dir, SCHEDULE_FILE), JSON.stringify(bad));
      await expect(readSchedule(dir)).rejects.toMatchObject({ code: 'CORRUPT' });
    }
  });
});
