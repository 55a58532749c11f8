/**
 * Scheduled runs for real, through BackupService as the app wires it: a
 * locked vault copied at rest (no password), an unlocked one as a snapshot,
 * retention over a fortnight of daily runs, a drive that is not plugged in,
 * an unlock that arrives while a copy at rest holds the vault's lock, and a
 * schedule hijacked on disk (recipient added, folder redirected), never run.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BackupService } from '../../../../../src/main/core/backup/backup-service';
import { isBackupRunning } from '../../../../../src/main/core/backup/create-backup';
import { verifyBackup } from '../../../../../src/main/core/backup/read-backup';
import { readBackupStatus } from '../../../../../src/main/core/backup/schedule/scheduled-backup';
import { SCHEDULE_FILE } from '../../../../../src/main/core/backup/schedule/scheduler';
import { writeSignedSchedule } from '../../../../../src/main/core/backup/schedule/signed-schedule';
import { newRecoveryIdentity } from '../../../../../src/main/core/keys/age-keys';
import { openVault } from '../../../../../src/main/core/vault/unlock-vault';
import { VaultManager } from '../../../../../src/main/core/vault/vault-manager';
import type { BackupScheduleSettings } from '../../../../../src/shared/domain';
import { fakeClock, MINUTE } from '../../lock/fake-clock';
import { APP_VERSION, copyVault, makeVault, type TestVault } from '../fixtures';

const CST = 480;
const local = (y: number, mo: number, d: number, h = 0, mi = 0) => Date.UTC(y, mo - 1, d, h, mi) - CST * MINUTE;

let root: string;
let template: TestVault;
let big: TestVault;
let n = 0;
const fresh = (name: string) => join(root, `${name}-${++n}`);

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'zd-sched-runs-'));
  template = await makeVault(root, [50_000, 3]);
  big = await makeVault(fresh('big'), [12_000_000, 12_000_000, 12_000_000]);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function setup(vault: TestVault, settings: Partial<BackupScheduleSettings>, start: number) {
  const live = copyVault(vault, fresh('live'));
  const folder = fresh('backups');
  mkdirSync(folder);
  const clock = fakeClock(start);
  // A state folder per copy: copies share the template's vault id (see anchors).
  const stateDir = fresh('state');
  // Saved by the master key on this PC, as an owner saving it in the app does (an unsigned schedule, or one of a
  // vault never unlocked here, is not run).
  const owner = await openVault(live.dir, { recoveryIdentity: live.identity }, { stateDir });
  await writeSignedSchedule(
    owner,
    { enabled: true, folder, kind: 'daily', hour: 2, weekday: 1, retention: { daily: 7, weekly: 4, monthly: 12 }, recipients: [], ...settings },
    new Date(local(2025, 3, 1)),
  );
  await owner.close();
  const manager = new VaultManager({ vaultDir: live.dir, stateDir });
  const service = new BackupService({ manager, appVersion: APP_VERSION, clock, offsetMinutes: () => CST });
  const detach = service.attach();
  return { live, folder, clock, manager, service, detach };
}

const backups = (folder: string) => readdirSync(folder).filter((f) => f.endsWith('.zdbk')).sort();

describe('scheduled backups through BackupService', () => {
  it('while locked: copied at rest with no password, verified, status recorded', async () => {
    const t = await setup(template, {}, local(2025, 3, 10, 2));
    expect(t.manager.status().state).toBe('locked');
    expect(await t.service.scheduler.tick()).toBe('ran');
    const [file] = backups(t.folder);
    expect(file).toBe(`zhangdun-${t.live.vaultId.slice(0, 8)}-20250310-020000.zdbk`);
    const manifest = await verifyBackup(join(t.folder, file!), { identity: t.live.identity });
    expect(manifest).toMatchObject({ vaultId: t.live.vaultId, consistency: 'at-rest' });
    expect(await readBackupStatus(t.live.dir)).toMatchObject({ lastAttempt: { ok: true, file: join(t.folder, file!) }, consecutiveFailures: 0 });
    t.detach();
  });

  it('while unlocked: a snapshot of the open vault, recorded in its audit log as a scheduled run', async () => {
    const t = await setup(template, {}, local(2025, 3, 10, 2));
    await t.manager.unlockWithRecovery(t.live.identity);
    try {
      expect(await t.service.scheduler.tick()).toBe('ran');
      const [file] = backups(t.folder);
      expect((await verifyBackup(join(t.folder, file!), { identity: t.live.identity })).consistency).toBe('snapshot');
      const events = t.manager.session().audit.list({ staffId: null, clientId: null, action: 'backup.create', outcome: null, from: null, to: null, offset: 0, limit: 10 });
      expect(events.items).toHaveLength(1);
      expect(events.items[0]).toMatchObject({ outcome: 'success', staffId: null, detail: { trigger: 'scheduled', file } });
    } finally {
      await t.manager.close();
      t.detach();
    }
  });

  it('applies retention: a fortnight of daily runs keeps 3 daily + the newest of 2 ISO weeks', async () => {
    const t = await setup(template, { retention: { daily: 3, weekly: 2, monthly: 0 } }, local(2025, 3, 3, 2));
    for (let day = 3; day <= 16; day++) {
      t.clock.set(local(2025, 3, day, 2));
      expect(await t.service.scheduler.tick()).toBe('ran');
    }
    // 16 Mar 2025 is a Sunday: the week of 10–16 Mar keeps the 16th, the week of 3–9 Mar the 9th.
    const prefix = `zhangdun-${t.live.vaultId.slice(0, 8)}`;
    expect(backups(t.folder)).toEqual(['20250309', '20250314', '20250315', '20250316'].map((d) => `${prefix}-${d}-020000.zdbk`));
    expect((await readBackupStatus(t.live.dir))?.lastAttempt).toMatchObject({ ok: true, deleted: 1 });
    t.detach();
  });

  it('a backup drive that is not plugged in fails (never creating the folder), is shown at unlock, and recovers', async () => {
    const t = await setup(template, {}, local(2025, 3, 10, 2));
    rmSync(t.folder, { recursive: true });
    expect(await t.service.scheduler.tick()).toBe('ran');
    expect(existsSync(t.folder)).toBe(false);
    expect(await readBackupStatus(t.live.dir)).toMatchObject({ lastAttempt: { ok: false, code: 'NOT_FOUND', reason: 'folder-missing' }, consecutiveFailures: 1 });

    t.clock.set(local(2025, 3, 10, 8, 30));
    await t.manager.unlockWithRecovery(t.live.identity);
    try {
      // The unlock looked again: the retry (due at 03:00) ran and failed too.
      await vi.waitFor(async () => expect((await readBackupStatus(t.live.dir))?.consecutiveFailures).toBe(2));
      await vi.waitFor(() => expect(t.service.running()).toBeNull());
      const view = await t.service.status();
      expect(view).toMatchObject({ canCreate: true, attention: 'failed', lastAttempt: { ok: false, code: 'NOT_FOUND' }, consecutiveFailures: 2, running: null });
      expect(view.nextDue).toBe(new Date(local(2025, 3, 10, 9, 30)).toISOString());
      expect(await t.service.scheduler.tick()).toBe('not-due');
      mkdirSync(t.folder);
      t.clock.set(local(2025, 3, 10, 9, 30));
      expect(await t.service.scheduler.tick()).toBe('ran');
      expect(await t.service.status()).toMatchObject({ attention: null, lastAttempt: { ok: true }, consecutiveFailures: 0 });
    } finally {
      await t.manager.close();
      t.detach();
    }
  });

  it('a schedule hijacked on disk (a recipient added, the folder redirected) is not run, is shown with what it says, and runs again once the owner saves it', async () => {
    const t = await setup(template, {}, local(2025, 3, 10, 2));
    const insiderFolder = fresh('insider-usb');
    mkdirSync(insiderFolder);
    const insider = await newRecoveryIdentity();
    const path = join(t.live.dir, SCHEDULE_FILE);
    const json = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    writeFileSync(path, JSON.stringify({ ...json, folder: insiderFolder, recipients: [insider.recipient] }));

    expect(await t.service.scheduler.tick()).toBe('invalid-schedule');
    expect(backups(insiderFolder)).toEqual([]);
    expect(backups(t.folder)).toEqual([]);
    await t.manager.unlockWithRecovery(t.live.identity);
    try {
      const view = await t.service.status();
      expect(view).toMatchObject({ attention: 'schedule-unsigned', schedule: null, nextDue: null, untrustedSchedule: { folder: insiderFolder, recipients: [insider.recipient] } });
      // Still not run while unlocked.
      expect(await t.service.scheduler.tick()).toBe('invalid-schedule');
      expect(backups(insiderFolder)).toEqual([]);

      // The owner sets it again (as the app's form does, never prefilled from the file): signed, and run on time.
      const saved = await t.service.setSchedule({ enabled: true, folder: t.folder, kind: 'daily', hour: 2, weekday: 1, retention: { daily: 7, weekly: 4, monthly: 12 }, recipients: [] });
      // 'never': no backup has been made yet (the hijacked one never ran).
      expect(saved).toMatchObject({ attention: 'never', untrustedSchedule: null, schedule: { folder: t.folder, recipients: [] } });
      t.clock.set(local(2025, 3, 11, 2));
      expect(await t.service.scheduler.tick()).toBe('ran');
      expect(backups(t.folder)).toHaveLength(1);
      expect(backups(insiderFolder)).toEqual([]);
      expect((await t.service.status()).attention).toBeNull();
    } finally {
      await t.manager.close();
      t.detach();
    }
  });

  it('an unlock during a copy at rest is never refused: the copy steps aside and is redone as a snapshot', async () => {
    const t = await setup(big, {}, local(2025, 3, 10, 2));
    const run = t.service.scheduler.tick();
    await vi.waitFor(() => expect(isBackupRunning(t.live.dir)).toBe(true), { interval: 2 });
    await t.manager.unlockWithRecovery(t.live.identity);
    try {
      expect(await run).toBe('ran');
      expect(await readBackupStatus(t.live.dir)).toMatchObject({ lastAttempt: { ok: false, code: 'CANCELLED' } });
      expect(backups(t.folder)).toEqual([]);
      // The unlock event released the hold and started the retry.
      await vi.waitFor(() => expect(backups(t.folder)).toHaveLength(1), { timeout: 30_000 });
      await vi.waitFor(async () => expect((await readBackupStatus(t.live.dir))?.lastAttempt?.ok).toBe(true));
      const [file] = backups(t.folder);
      expect((await verifyBackup(join(t.folder, file!), { identity: t.live.identity })).consistency).toBe('snapshot');
      expect(readdirSync(t.folder).filter((f) => f.includes('.partial-'))).toEqual([]);
    } finally {
      await t.manager.close();
      t.detach();
    }
  });
});
