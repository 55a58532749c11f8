import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CANCEL_RETRY_MS, PROGRESS_POLL_MS, SCHEDULED_POLL_MS, useBackupStore } from '../../../src/renderer/src/backup/backup-store';
import { useClientListStore } from '../../../src/renderer/src/stores/client-list-store';
import { useVaultStore } from '../../../src/renderer/src/stores/vault-store';
import type { BackupRun, BackupScheduleSettings } from '../../../src/shared/domain';
import { installFakeBridge, settle, type FakeBridge } from '../fake-bridge';
import { backupView, clientSummary, vaultStatus } from '../fixtures';

const backup = () => useBackupStore.getState();
const listing = { folder: '/mnt/backup', files: [], error: null };
const schedule: BackupScheduleSettings = {
  enabled: true,
  folder: '/mnt/backup',
  kind: 'daily',
  hour: 18,
  weekday: 5,
  retention: { daily: 7, weekly: 4, monthly: 12 },
  recipients: [],
};
// Main answers null when no backup runs, but ResponseOf's NonNullable drops null from the channel's type.
const NO_RUN = null as unknown as BackupRun;
const run = (patch: Partial<BackupRun>): BackupRun => ({ trigger: 'manual', phase: 'writing', percent: 40, startedAt: '2024-05-01T10:00:00.000Z', cancelling: false, ...patch });

/** Answers the status and listing calls that follow every backup. */
function afterwards(fake: FakeBridge): FakeBridge {
  return fake.on('backupStatus', () => backupView()).on('backupList', () => listing);
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('backup store: status and schedule', () => {
  it('loads the status, and says why when it cannot', async () => {
    const fake = installFakeBridge().on('backupStatus', () => backupView({ attention: 'overdue' }));
    await backup().load();
    expect(backup().view?.attention).toBe('overdue');
    fake.refuse('backupStatus', 'PERMISSION_DENIED', 'no');
    await backup().load();
    expect(backup().loadError).toEqual({ code: 'PERMISSION_DENIED', message: 'no' });
  });

  it('looks again while a scheduled backup runs, and stops when it is done', async () => {
    const fake = afterwards(installFakeBridge()).on('backupStatus', () => backupView({ running: run({ trigger: 'scheduled', percent: null }) }));
    await backup().load();
    expect(fake.channels()).toEqual(['backupStatus']);
    fake.on('backupStatus', () => backupView());
    await vi.advanceTimersByTimeAsync(SCHEDULED_POLL_MS);
    expect(fake.channels()).toEqual(['backupStatus', 'backupStatus', 'backupList']);
    await vi.advanceTimersByTimeAsync(SCHEDULED_POLL_MS * 3);
    expect(fake.calls).toHaveLength(3);
  });

  it('shows an unreadable backup folder as a listing with the error code', async () => {
    installFakeBridge().refuse('backupList', 'NOT_FOUND', 'drive not connected');
    await backup().loadList();
    expect(backup().listing).toEqual({ folder: null, files: [], error: 'NOT_FOUND' });
  });

  it('saves the schedule whole, then lists the (maybe new) folder', async () => {
    const fake = installFakeBridge()
      .on('backupScheduleSet', (settings) => backupView({ schedule: settings as BackupScheduleSettings }))
      .on('backupList', () => listing);
    expect(await backup().saveSchedule(schedule)).toBeNull();
    await settle();
    expect(fake.requests('backupScheduleSet')).toEqual([schedule]);
    expect(backup().view?.schedule).toEqual(schedule);
    expect(fake.channels()).toEqual(['backupScheduleSet', 'backupList']);
  });

  it('answers a refused schedule with the error and keeps the shown one', async () => {
    const fake = installFakeBridge().on('backupStatus', () => backupView({ schedule }));
    await backup().load();
    fake.refuse('backupScheduleSet', 'READ_ONLY', 'read-only folder');
    expect(await backup().saveSchedule({ ...schedule, hour: 3 })).toEqual({ code: 'READ_ONLY', message: 'read-only folder' });
    expect(backup().view?.schedule?.hour).toBe(18);
  });

  it('acknowledges a missed run, and shrugs off a failure to', async () => {
    const fake = installFakeBridge().on('backupAcknowledge', () => backupView({ missed: null, attention: null }));
    await backup().acknowledgeMissed();
    expect(backup().view?.attention).toBeNull();
    fake.refuse('backupAcknowledge', 'INTERNAL');
    await expect(backup().acknowledgeMissed()).resolves.toBeUndefined();
  });
});

describe('backup store: backing up now', () => {
  it('shows progress while main works, then the result, then looks again', async () => {
    const fake = afterwards(installFakeBridge()).on('backupProgress', () => run({ phase: 'verifying', percent: 90 }));
    const held = fake.hold('backupNow');
    const done = backup().backupNow('/mnt/backup');
    expect(backup()).toMatchObject({ busy: true, result: null, run: { trigger: 'manual', phase: 'starting', percent: 0 } });
    await vi.advanceTimersByTimeAsync(PROGRESS_POLL_MS);
    expect(backup().run).toMatchObject({ phase: 'verifying', percent: 90 });
    await held[0]?.answer({ cancelled: false, path: '/mnt/backup/a.zdbak', bytes: 2048, createdAt: '2024-05-01T10:00:00.000Z' });
    await done;
    expect(fake.requests('backupNow')).toEqual([{ folder: '/mnt/backup' }]);
    expect(backup()).toMatchObject({ busy: false, run: null, result: { kind: 'created', path: '/mnt/backup/a.zdbak', bytes: 2048 } });
    expect(fake.channels().slice(-2).sort()).toEqual(['backupList', 'backupStatus']);
    // The progress poll stopped with the backup.
    const calls = fake.calls.length;
    await vi.advanceTimersByTimeAsync(PROGRESS_POLL_MS * 4);
    expect(fake.calls).toHaveLength(calls);
  });

  it('ignores progress from a scheduled run while its own is starting', async () => {
    const fake = afterwards(installFakeBridge()).on('backupProgress', () => run({ trigger: 'scheduled', percent: null }));
    const held = fake.hold('backupNow');
    void backup().backupNow();
    await vi.advanceTimersByTimeAsync(PROGRESS_POLL_MS);
    expect(backup().run).toMatchObject({ trigger: 'manual', phase: 'starting' });
    await held[0]?.answer({ cancelled: true });
  });

  it('asks main for the folder dialog when no folder is given, and starts no second backup while busy', async () => {
    const fake = afterwards(installFakeBridge()).on('backupProgress', () => NO_RUN);
    const held = fake.hold('backupNow');
    void backup().backupNow();
    void backup().backupNow('/elsewhere');
    await settle();
    expect(fake.requests('backupNow')).toEqual([{}]);
    await held[0]?.answer({ cancelled: true });
    expect(backup().result).toEqual({ kind: 'cancelled' });
  });

  it('shows a failed backup with its error code', async () => {
    afterwards(installFakeBridge()).refuse('backupNow', 'DISK_FULL', 'no space');
    await backup().backupNow('/mnt/backup');
    expect(backup().result).toEqual({ kind: 'failed', error: { code: 'DISK_FULL', message: 'no space' } });
    expect(backup().busy).toBe(false);
  });

  it('sends the cancel again until main has a backup to cancel', async () => {
    const fake = afterwards(installFakeBridge()).on('backupProgress', () => NO_RUN);
    const held = fake.hold('backupNow');
    void backup().backupNow();
    let answers = [false, false, true];
    fake.on('backupCancel', () => ({ cancelling: answers.shift() ?? true }));
    const cancelled = backup().cancel();
    expect(backup().run?.cancelling).toBe(true);
    await vi.advanceTimersByTimeAsync(CANCEL_RETRY_MS * 5);
    await cancelled;
    expect(fake.requests('backupCancel')).toHaveLength(3);
    answers = [];
    await held[0]?.answer({ cancelled: true });
  });

  it('stops asking once the backup has ended on its own', async () => {
    const fake = installFakeBridge().on('backupCancel', () => ({ cancelling: false }));
    await backup().cancel();
    expect(fake.calls).toEqual([]);
  });

  it('stops polling and shows nothing once reset (the vault locked mid-backup)', async () => {
    const fake = installFakeBridge().on('backupProgress', () => run({}));
    const held = fake.hold('backupNow');
    const done = backup().backupNow('/mnt/backup');
    backup().reset();
    await vi.advanceTimersByTimeAsync(PROGRESS_POLL_MS * 4);
    expect(fake.channels()).toEqual(['backupNow']);
    await held[0]?.answer({ cancelled: false, path: '/mnt/backup/a.zdbak', bytes: 1, createdAt: '2024-05-01T10:00:00.000Z' });
    await done;
    expect(backup().result).toBeNull();
    // No status or listing is fetched for a page that is gone.
    expect(fake.channels()).toEqual(['backupNow']);
  });

  it('drops a status that arrives after a reset', async () => {
    const held = installFakeBridge().hold('backupStatus');
    void backup().load();
    backup().reset();
    await held[0]?.answer(backupView({ schedule }));
    expect(backup().view).toBeNull();
  });
});

describe('backup store: restoring', () => {
  it('passes the file dialogs and the verification through', async () => {
    const verified = { path: '/mnt/backup/a.zdbak', createdAt: '2024-05-01T10:00:00.000Z', vaultId: 'v1', sameVault: true, consistency: 'snapshot' as const, entries: 12, bytes: 2048, appVersion: '0.1.0', signature: 'this-vault' as const, signedBy: 'master', fingerprint: '3F2A 91C0 0000 0000 0000 0000 0000 0000 0000 0000' };
    const fake = installFakeBridge()
      .on('backupPickFolder', () => ({ cancelled: false, folder: '/mnt/usb' }))
      .on('backupPickFile', () => ({ cancelled: true }))
      .on('backupVerify', () => verified);
    expect(await backup().pickFolder()).toEqual({ ok: true, data: { cancelled: false, folder: '/mnt/usb' } });
    expect(await backup().pickFile()).toEqual({ ok: true, data: { cancelled: true } });
    expect(await backup().verify('/mnt/backup/a.zdbak', 'AGE-SECRET-KEY-1ABC')).toEqual({ ok: true, data: verified });
    expect(fake.requests('backupVerify')).toEqual([{ path: '/mnt/backup/a.zdbak', recoveryKey: 'AGE-SECRET-KEY-1ABC' }]);
    fake.refuse('backupVerify', 'BACKUP_WRONG_KEY', 'wrong key');
    expect(await backup().verify('/mnt/backup/a.zdbak', 'AGE-SECRET-KEY-1XYZ')).toEqual({ ok: false, error: { code: 'BACKUP_WRONG_KEY', message: 'wrong key' } });
    // The key only passes through.
    expect(JSON.stringify(backup())).not.toContain('AGE-SECRET-KEY');
  });

  it('clears every store and shows the locked vault after a restore', async () => {
    const fake = installFakeBridge()
      .on('clientList', () => ({ items: [clientSummary(1)], total: 1 }))
      .on('backupStatus', () => backupView({ schedule }))
      .on('backupRestore', () => ({ previous: '/vault.before-restore', status: vaultStatus('locked') }));
    useVaultStore.setState({ status: vaultStatus('unlocked') });
    await useClientListStore.getState().load();
    await backup().load();
    const restored = await backup().restore('/mnt/backup/a.zdbak', 'AGE-SECRET-KEY-1ABC');
    expect(restored).toEqual({ ok: true, data: { previous: '/vault.before-restore', status: vaultStatus('locked') } });
    expect(fake.requests('backupRestore')).toEqual([{ path: '/mnt/backup/a.zdbak', recoveryKey: 'AGE-SECRET-KEY-1ABC' }]);
    expect(useClientListStore.getState().items).toEqual([]);
    expect(backup().view).toBeNull();
    expect(useVaultStore.getState().status).toEqual(vaultStatus('locked'));
  });

  it('sends acceptUnsigned only when the owner accepted a backup not signed by this vault', async () => {
    const fake = installFakeBridge().refuse('backupRestore', 'BACKUP_UNSIGNED', 'not this vault');
    expect(await backup().restore('/mnt/backup/a.zdbak', 'AGE-SECRET-KEY-1ABC')).toMatchObject({ ok: false, error: { code: 'BACKUP_UNSIGNED' } });
    expect(await backup().restore('/mnt/backup/a.zdbak', 'AGE-SECRET-KEY-1ABC', false)).toMatchObject({ ok: false });
    fake.on('backupRestore', () => ({ previous: '/vault.before-restore', status: vaultStatus('locked') }));
    expect(await backup().restore('/mnt/backup/a.zdbak', 'AGE-SECRET-KEY-1ABC', true)).toMatchObject({ ok: true });
    expect(fake.requests('backupRestore')).toEqual([
      { path: '/mnt/backup/a.zdbak', recoveryKey: 'AGE-SECRET-KEY-1ABC' },
      { path: '/mnt/backup/a.zdbak', recoveryKey: 'AGE-SECRET-KEY-1ABC' },
      { path: '/mnt/backup/a.zdbak', recoveryKey: 'AGE-SECRET-KEY-1ABC', acceptUnsigned: true },
    ]);
  });

  it('leaves everything as it was when the restore fails', async () => {
    installFakeBridge()
      .on('clientList', () => ({ items: [clientSummary(1)], total: 1 }))
      .refuse('backupRestore', 'TAMPERED', 'bad backup');
    useVaultStore.setState({ status: vaultStatus('unlocked') });
    await useClientListStore.getState().load();
    expect(await backup().restore('/mnt/backup/a.zdbak', 'AGE-SECRET-KEY-1ABC')).toEqual({ ok: false, error: { code: 'TAMPERED', message: 'bad backup' } });
    expect(useClientListStore.getState().items).toHaveLength(1);
    expect(useVaultStore.getState().status?.state).toBe('unlocked');
  });
});

describe('backup store: 重新设置计划', () => {
  it('asks the schedule form to come into view once, and a lock forgets the request', () => {
    expect(backup().editScheduleAsked).toBe(false);
    backup().askEditSchedule();
    expect(backup().editScheduleAsked).toBe(true);
    backup().editScheduleShown();
    expect(backup().editScheduleAsked).toBe(false);
    backup().askEditSchedule();
    backup().reset();
    expect(backup().editScheduleAsked).toBe(false);
  });
});
