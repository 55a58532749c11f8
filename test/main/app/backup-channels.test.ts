/**
 * The backup channels through the real IpcRouter and handlers, on a real
 * vault: who may back up and restore (refusals are PERMISSION_DENIED and
 * audited), backup now with progress and cancel, the schedule, the list,
 * verify with its distinct errors, and restore replacing the live vault.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, promises as fsp, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptTo } from '../../../src/main/core/backup/format/age-file';
import { BackupService } from '../../../src/main/core/backup/backup-service';
import { createBackup } from '../../../src/main/core/backup/create-backup';
import { encodeManifest, type Manifest } from '../../../src/main/core/backup/format/manifest';
import { verifyBackup } from '../../../src/main/core/backup/read-backup';
import { writeTar } from '../../../src/main/core/backup/format/tar';
import { newRecoveryIdentity } from '../../../src/main/core/keys/age-keys';
import { createVault } from '../../../src/main/core/vault/create-vault';
import { VaultManager } from '../../../src/main/core/vault/vault-manager';
import { registerHandlers } from '../../../src/main/ipc/handlers';
import { IpcRouter } from '../../../src/main/ipc/router';
import type { AuditPage, StaffInfo } from '../../../src/shared/access';
import type {
  BackupCreated,
  BackupListing,
  BackupRestored,
  BackupRun,
  BackupStatusView,
  BackupVerified,
  ClientDetail,
  ClientPage,
  FolderPicked,
  VaultCreated,
} from '../../../src/shared/domain';
import { flipByte } from '../../helpers/tamper';
import { routerCalls } from '../../helpers/router-calls';

const OWNER = { staffName: '张所长', password: 'owner password 1' };
const ADMIN = { name: '陈主管', role: 'admin', password: 'admin password 1' } as const;
const ACCOUNTANT = { name: '李会计', role: 'accountant', password: 'accountant pw 1' } as const;

let root: string;
let vaultDir: string;
let folder: string;
let manager: VaultManager;
let backup: BackupService;
let router: IpcRouter;
let recoveryKey: string;
let clientId: string;
const dialog = { folder: null as string | null, files: null as string[] | null, opened: 0 };

const { call, failure } = routerCalls(() => router);

async function signIn(staffName: string, password: string): Promise<void> {
  await call('vaultLock', {});
  await call('vaultUnlock', { staffName, password });
}

const zdbk = (dir: string) => readdirSync(dir).filter((f) => f.includes('.zdbk')).sort();

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'zd-backup-channels-'));
  vaultDir = join(root, 'vault');
  folder = join(root, 'nas');
  mkdirSync(folder);
  manager = new VaultManager({ vaultDir });
  backup = new BackupService({ manager, appVersion: '0.1.0-test' });
  router = new IpcRouter({ isTrusted: () => true, locale: () => 'zh-CN' });
  registerHandlers(router, {
    manager,
    appInfo: { version: '0.1.0-test', platform: 'linux' },
    backup,
    dialogs: {
      pickFolder: async () => (dialog.opened++, dialog.folder),
      pickFiles: async () => (dialog.opened++, dialog.files),
      pickSaveTarget: async () => null,
    },
  });
  recoveryKey = (await call<VaultCreated>('vaultCreate', OWNER)).recoveryKey;
  clientId = (await call<ClientDetail>('clientCreate', { name: '福州闽江财税咨询有限公司', label: 'internal' })).id;
  await call<StaffInfo>('staffAdd', ADMIN);
  await call<StaffInfo>('staffAdd', ACCOUNTANT);
});
afterAll(async () => {
  await manager.close();
  rmSync(root, { recursive: true, force: true });
});

describe('backup channels', () => {
  it('the owner sets a schedule, backs up now and lists the backups; extra recipients can open them too', async () => {
    await signIn(OWNER.staffName, OWNER.password);
    expect(await call<BackupStatusView>('backupStatus', {})).toMatchObject({ canCreate: true, canRestore: true, schedule: null, lastSuccess: null, attention: null, running: null });
    dialog.folder = folder;
    expect(await call<FolderPicked>('backupPickFolder', {})).toEqual({ cancelled: false, folder });

    const partner = await newRecoveryIdentity();
    const schedule = { enabled: true, folder, kind: 'weekly', hour: 18, weekday: 5, retention: { daily: 7, weekly: 4, monthly: 12 }, recipients: [partner.recipient] };
    expect(await failure('backupScheduleSet', { ...schedule, recipients: ['age1notarecipient'] })).toMatchObject({ code: 'INVALID_INPUT' });
    expect(await failure('backupScheduleSet', { ...schedule, folder: 'relative/folder' })).toMatchObject({ code: 'INVALID_INPUT' });
    expect(await failure('backupScheduleSet', { ...schedule, folder: join(root, 'unplugged') })).toMatchObject({ code: 'NOT_FOUND' });
    const view = await call<BackupStatusView>('backupScheduleSet', schedule);
    expect(view.schedule).toEqual(schedule);
    expect(view.nextDue).not.toBeNull();

    const created = await call<BackupCreated>('backupNow', {});
    if (created.cancelled) throw new Error('cancelled');
    expect(created.path.startsWith(join(folder, 'zhangdun-'))).toBe(true);
    expect(zdbk(folder)).toEqual([created.path.slice(folder.length + 1)]);
    expect((await verifyBackup(created.path, { identity: recoveryKey })).consistency).toBe('snapshot');
    expect((await verifyBackup(created.path, { identity: partner.identity })).entries.length).toBeGreaterThan(1);

    // Without a folder the dialog asks; a cancelled dialog writes nothing.
    dialog.folder = null;
    expect(await call<BackupCreated>('backupNow', {})).toEqual({ cancelled: true });
    const listing = await call<BackupListing>('backupList', {});
    expect(listing).toMatchObject({ folder, error: null, files: [{ path: created.path, size: created.bytes }] });
    expect(await call<BackupStatusView>('backupStatus', {})).toMatchObject({ lastSuccess: { file: created.path, bytes: created.bytes }, attention: null });
    expect(await call<BackupListing>('backupList', { folder: join(root, 'unplugged') })).toMatchObject({ files: [], error: 'NOT_FOUND' });
  });

  it('accountants get PERMISSION_DENIED (recorded), no dialog opens, and see no backup status; admins back up but do not restore', async () => {
    await signIn(ACCOUNTANT.name, ACCOUNTANT.password);
    expect(await call<BackupStatusView>('backupStatus', {})).toMatchObject({ canCreate: false, canRestore: false, schedule: null, lastSuccess: null });
    expect(await call<BackupRun | null>('backupProgress', {})).toBeNull();
    const opened = dialog.opened;
    const file = join(folder, zdbk(folder)[0]!);
    const schedule = { enabled: true, folder, kind: 'daily', hour: 2, retention: { daily: 1, weekly: 0, monthly: 0 } };
    for (const [channel, request] of [
      ['backupNow', { folder }],
      ['backupNow', {}],
      ['backupScheduleSet', schedule],
      ['backupPickFolder', {}],
      ['backupList', {}],
      ['backupCancel', {}],
      ['backupAcknowledge', {}],
      ['backupPickFile', {}],
      ['backupVerify', { path: file, recoveryKey }],
      ['backupRestore', { path: file, recoveryKey }],
    ] as const) {
      expect(await failure(channel, request), channel).toMatchObject({ code: 'PERMISSION_DENIED' });
    }
    expect(dialog.opened).toBe(opened);
    expect(zdbk(folder)).toHaveLength(1);

    await signIn(ADMIN.name, ADMIN.password);
    expect(await call<BackupStatusView>('backupStatus', {})).toMatchObject({ canCreate: true, canRestore: false });
    const byAdmin = await call<BackupCreated>('backupNow', { folder });
    expect(byAdmin.cancelled).toBe(false);
    for (const [channel, request] of [
      ['backupPickFile', {}],
      ['backupVerify', { path: file, recoveryKey }],
      ['backupRestore', { path: file, recoveryKey }],
    ] as const) {
      expect(await failure(channel, request), channel).toMatchObject({ code: 'PERMISSION_DENIED' });
    }

    await signIn(OWNER.staffName, OWNER.password);
    const audit = await call<AuditPage>('auditList', { action: 'backup.create', limit: 50 });
    const summary = audit.items.map((e) => `${e.staffName}:${e.outcome}`);
    expect(summary.filter((s) => s === '李会计:denied').length).toBeGreaterThanOrEqual(2);
    expect(summary).toContain('陈主管:success');
    expect(summary).toContain('张所长:success');
    const restoreDenied = await call<AuditPage>('auditList', { action: 'backup.restore', outcome: 'denied', limit: 50 });
    expect(restoreDenied.items.map((e) => e.staffName).sort()).toEqual(['李会计', '李会计', '李会计', '陈主管', '陈主管', '陈主管'].sort());
  });

  it('progress while a backup runs; cancel leaves neither the file nor a partial; one backup at a time', async () => {
    await signIn(OWNER.staffName, OWNER.password);
    const out = join(root, 'cancel-target');
    mkdirSync(out);
    // Enough data that the backup takes a while (about 50 MB/s here).
    const data = new Uint8Array(60 * 1024 * 1024);
    for (let i = 0; i < data.length; i += 4096) data[i] = i % 251;
    await call('docImportBytes', { clientId, name: '凭证扫描-2024全年.pdf', data, fields: {} });

    const running = call<BackupCreated>('backupNow', { folder: out });
    let seen: BackupRun | null = null;
    while (!seen) seen = await call<BackupRun | null>('backupProgress', {});
    expect(seen).toMatchObject({ trigger: 'manual', cancelling: false });
    expect(await failure('backupNow', { folder: out })).toMatchObject({ code: 'VAULT_BUSY', detail: { holder: 'backup' } });
    expect(await call<{ cancelling: boolean }>('backupCancel', {})).toEqual({ cancelling: true });
    expect(await running).toEqual({ cancelled: true });
    expect(readdirSync(out)).toEqual([]);
    expect(await call<BackupRun | null>('backupProgress', {})).toBeNull();
    expect(await call<{ cancelling: boolean }>('backupCancel', {})).toEqual({ cancelling: false });
    const last = await call<AuditPage>('auditList', { action: 'backup.create', limit: 1 });
    expect(last.items[0]).toMatchObject({ outcome: 'failure', detail: { trigger: 'manual', code: 'CANCELLED' } });

    // Progress reaches 100 on a full run.
    const percents: number[] = [];
    const full = call<BackupCreated>('backupNow', { folder: out });
    let done = false;
    void full.finally(() => (done = true));
    while (!done) {
      const run = await call<BackupRun | null>('backupProgress', {});
      if (run?.percent !== null && run?.percent !== undefined) percents.push(run.percent);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect((await full).cancelled).toBe(false);
    expect(percents.length).toBeGreaterThan(2);
    expect([...percents].sort((a, b) => a - b)).toEqual(percents);
    expect(zdbk(out)).toHaveLength(1);
  });

  it('verify tells a wrong key, a truncated, a damaged, a future and a non-backup apart', async () => {
    await signIn(OWNER.staffName, OWNER.password);
    const good = join(folder, zdbk(folder)[0]!);
    const verified = await call<BackupVerified>('backupVerify', { path: good, recoveryKey: `  ${recoveryKey.toLowerCase()}\n` });
    expect(verified).toMatchObject({ path: good, sameVault: true, consistency: 'snapshot', signature: 'this-vault', signedBy: 'master' });
    expect(verified.fingerprint).toMatch(/^([0-9A-F]{4} ){9}[0-9A-F]{4}$/);

    const stranger = await newRecoveryIdentity();
    expect(await failure('backupVerify', { path: good, recoveryKey: stranger.identity })).toMatchObject({ code: 'BACKUP_WRONG_KEY', detail: { reason: 'wrong-key' } });
    expect(await failure('backupVerify', { path: good, recoveryKey: 'my key is on paper' })).toMatchObject({ code: 'INVALID_INPUT' });

    const cut = join(root, 'cut.zdbk');
    copyFileSync(good, cut);
    truncateSync(cut, (await fsp.stat(good)).size - 5000);
    expect(await failure('backupVerify', { path: cut, recoveryKey })).toMatchObject({ code: 'CORRUPT', detail: { reason: 'truncated' } });

    const flipped = join(root, 'flipped.zdbk');
    copyFileSync(good, flipped);
    flipByte(flipped, Math.floor((await fsp.stat(good)).size / 2), 0x20);
    expect(await failure('backupVerify', { path: flipped, recoveryKey })).toMatchObject({ code: 'TAMPERED', detail: { reason: 'damaged' } });

    const manifest = await verifyBackup(good, { identity: recoveryKey });
    const body = encodeManifest({ ...manifest, formatVersion: 2 } as unknown as Manifest);
    const future = join(root, 'future.zdbk');
    const handle = await fsp.open(future, 'w');
    try {
      const recipient = (await createVaultRecipient()).recipient;
      await encryptTo(writeTar([{ name: 'manifest.json', size: body.length, data: async function* () { yield body; } }], 0), handle, { recipients: [recipient] });
    } finally {
      await handle.close();
    }
    expect(await failure('backupVerify', { path: future, recoveryKey })).toMatchObject({ code: 'FUTURE_VERSION', detail: { reason: 'future-version' } });

    const notBackup = join(root, 'notes.zdbk');
    writeFileSync(notBackup, '这不是备份文件');
    expect(await failure('backupVerify', { path: notBackup, recoveryKey })).toMatchObject({ code: 'CORRUPT', detail: { reason: 'not-a-backup' } });
    expect(await failure('backupVerify', { path: join(root, 'gone.zdbk'), recoveryKey })).toMatchObject({ code: 'NOT_FOUND' });

    dialog.files = [good];
    expect(await call('backupPickFile', {})).toEqual({ cancelled: false, path: good, name: zdbk(folder)[0], size: (await fsp.stat(good)).size });
    dialog.files = null;
    expect(await call('backupPickFile', {})).toEqual({ cancelled: true });
  });

  it('restore puts the backup in place, keeps the previous vault, locks; staff sign in with their own passwords', async () => {
    await signIn(OWNER.staffName, OWNER.password);
    const before = await call<BackupCreated>('backupNow', { folder });
    if (before.cancelled) throw new Error('cancelled');
    await call<ClientDetail>('clientCreate', { name: '厦门鹭岛进出口贸易有限公司', label: 'internal' });
    expect((await call<ClientPage>('clientList', {})).total).toBe(2);

    // A backup of another vault is refused.
    const otherDir = join(root, 'other-vault');
    const other = await createVault(otherDir, { staffName: '外人', password: Buffer.from('other vault pw 1'), stateDir: join(root, 'other-state') });
    // Signed by that vault's own master key: valid, but not this vault's.
    const otherBackup = (await createBackup({ vault: other.vault }, { out: join(root, 'other.zdbk'), appVersion: 'x' })).path;
    await other.vault.close();
    expect(await call<BackupVerified>('backupVerify', { path: otherBackup, recoveryKey: other.recoveryIdentity })).toMatchObject({ sameVault: false, signature: 'other-vault', signedBy: 'master' });
    expect(await failure('backupRestore', { path: otherBackup, recoveryKey: other.recoveryIdentity })).toMatchObject({ code: 'BACKUP_UNSIGNED', detail: { signature: 'other-vault' } });
    // Accepted knowingly, it is still not put in place of this vault.
    expect(await failure('backupRestore', { path: otherBackup, recoveryKey: other.recoveryIdentity, acceptUnsigned: true })).toMatchObject({ code: 'INVALID_INPUT' });
    expect(await failure('backupRestore', { path: before.path, recoveryKey: (await newRecoveryIdentity()).identity })).toMatchObject({ code: 'BACKUP_WRONG_KEY' });
    expect(manager.status().state).toBe('unlocked');

    const restored = await call<BackupRestored>('backupRestore', { path: before.path, recoveryKey });
    expect(restored.status.state).toBe('locked');
    expect(restored.previous).toMatch(/vault\.before-restore-\d{8}-\d{6}$/);
    expect(existsSync(join(restored.previous!, 'vault.key'))).toBe(true);
    expect(readdirSync(root).filter((n) => n.includes('.restor'))).toEqual([]);
    expect(await failure('clientList', {})).toMatchObject({ code: 'VAULT_LOCKED' });

    await call('vaultUnlock', { staffName: ACCOUNTANT.name, password: ACCOUNTANT.password });
    await signIn(OWNER.staffName, OWNER.password);
    expect((await call<ClientPage>('clientList', {})).items.map((c) => c.name)).toEqual(['福州闽江财税咨询有限公司']);
    // The schedule and the backup history came along.
    expect(await call<BackupStatusView>('backupStatus', {})).toMatchObject({ schedule: { folder, kind: 'weekly' }, lastSuccess: { file: before.path } });
    const events = await call<AuditPage>('auditList', { action: 'backup.restore', outcome: 'success', limit: 5 });
    expect(events.items[0]).toMatchObject({ staffName: OWNER.staffName, detail: { file: before.path.slice(folder.length + 1) } });
  });
});

/** This vault's recovery recipient (for crafting a backup it can open). */
async function createVaultRecipient(): Promise<{ recipient: string }> {
  const keyFile = JSON.parse(await fsp.readFile(join(vaultDir, 'vault.key'), 'utf8')) as { body: { roster: { recoveryRecipient: string } } };
  return { recipient: keyFile.body.roster.recoveryRecipient };
}
