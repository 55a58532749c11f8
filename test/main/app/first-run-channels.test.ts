/**
 * 首次使用清单 through the real IpcRouter and handlers on a real vault: the
 * steps done only by doing them, the recovery key confirmed by its last
 * characters right after creation (then only by the whole key, checked
 * against the vault's recipient), the recovery sheet saved and read back by
 * restore, and the backup-age warning with its setting.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newRecoveryIdentity } from '../../../src/main/core/keys/age-keys';
import { VaultManager } from '../../../src/main/core/vault/vault-manager';
import { registerHandlers } from '../../../src/main/ipc/handlers';
import { IpcRouter } from '../../../src/main/ipc/router';
import type { BackupCreated, BackupStatusView, BackupVerified, ExportResult, VaultCreated } from '../../../src/shared/domain';
import type { FirstRunView } from '../../../src/shared/first-run';
import { routerCalls } from '../../helpers/router-calls';

const OWNER = { staffName: '张所长', password: 'owner password 1' };
const ACCOUNTANT = { name: '李会计', role: 'accountant', password: 'accountant pw 1' } as const;

let root: string;
let folder: string;
let manager: VaultManager;
let router: IpcRouter;
let recoveryKey: string;
const dialog = { folder: null as string | null, files: null as string[] | null, save: null as string | null, saveNames: [] as string[] };

const { call, failure } = routerCalls(() => router);

const stepsDone = (view: FirstRunView) => Object.fromEntries(view.steps.map((s) => [s.id, s.done]));

/** The key as a person pastes it from the sheet: groups, line breaks, lower case. */
function messy(key: string): string {
  const body = key.slice('AGE-SECRET-KEY-1'.length).toLowerCase();
  return ` age-secret-key-1\n${body.match(/.{1,4}/g)!.join(' ')}\r\n`;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'zd-first-run-'));
  folder = join(root, 'usb');
  mkdirSync(folder);
  manager = new VaultManager({ vaultDir: join(root, '鑫源财务') });
  router = new IpcRouter({ isTrusted: () => true, locale: () => 'zh-CN' });
  registerHandlers(router, {
    manager,
    appInfo: { version: '0.1.0-test', platform: 'linux' },
    dialogs: {
      pickFolder: async () => dialog.folder,
      pickFiles: async () => dialog.files,
      pickSaveTarget: async (name) => (dialog.saveNames.push(name), dialog.save),
    },
  });
  recoveryKey = (await call<VaultCreated>('vaultCreate', OWNER)).recoveryKey;
});
afterAll(async () => {
  await manager.close();
  rmSync(root, { recursive: true, force: true });
});

describe('first-run checklist', () => {
  it('a fresh vault: nothing done, never backed up; the key confirmed by its last six characters, with tries limited', async () => {
    const view = await call<FirstRunView>('firstRunStatus', {});
    expect(stepsDone(view)).toEqual({ 'recovery-key': false, backup: false, staff: false, clients: false });
    expect(view).toMatchObject({ recoveryKey: null, tailCheckAvailable: true, backup: { destination: false, verified: false } });
    expect(await call<BackupStatusView>('backupStatus', {})).toMatchObject({ warnAfterDays: 7, ageWarning: { kind: 'never' } });

    const tail = recoveryKey.slice(-6);
    const wrong = tail.slice(0, 5) + (tail.endsWith('Q') ? 'P' : 'Q');
    expect(await failure('firstRunConfirmRecoveryKey', { text: wrong })).toMatchObject({ code: 'INVALID_INPUT', detail: { problem: 'recovery-tail', attemptsLeft: 4 } });
    // Another length is not taken as a tail (and costs no try).
    expect(await failure('firstRunConfirmRecoveryKey', { text: tail.slice(1) })).toMatchObject({ code: 'INVALID_INPUT', detail: { problem: 'recovery-key' } });
    const confirmed = await call<FirstRunView>('firstRunConfirmRecoveryKey', { text: ` ${tail.toLowerCase()} ` });
    expect(stepsDone(confirmed)['recovery-key']).toBe(true);
    expect(confirmed.recoveryKey).toMatchObject({ by: OWNER.staffName, how: 'tail' });
    expect(Date.parse(confirmed.recoveryKey!.at)).not.toBeNaN();
    expect(confirmed.tailCheckAvailable).toBe(false);
  });

  it('later the tail no longer suffices: the whole key, pasted any way or read from the sheet, must be this vault’s', async () => {
    await call('vaultLock', {});
    await call('vaultUnlock', OWNER);
    const view = await call<FirstRunView>('firstRunStatus', {});
    expect(view.tailCheckAvailable).toBe(false);
    expect(await failure('firstRunConfirmRecoveryKey', { text: recoveryKey.slice(-6) })).toMatchObject({ code: 'INVALID_INPUT', detail: { problem: 'recovery-key' } });
    const other = await newRecoveryIdentity();
    expect(await failure('firstRunConfirmRecoveryKey', { text: other.identity })).toMatchObject({ code: 'INVALID_INPUT', detail: { problem: 'recovery-key-other' } });
    expect((await call<FirstRunView>('firstRunConfirmRecoveryKey', { text: messy(recoveryKey) })).recoveryKey).toMatchObject({ how: 'key' });
  });

  it('the recovery sheet: only this vault’s key, saved owner-only where chosen; it confirms the key and restore reads the key from it', async () => {
    const other = await newRecoveryIdentity();
    dialog.save = join(root, 'sheet.pdf');
    expect(await failure('recoverySheetSave', { recoveryKey: other.identity })).toMatchObject({ code: 'INVALID_INPUT', detail: { problem: 'recovery-key-other' } });
    expect(dialog.saveNames).toEqual([]);
    const saved = await call<ExportResult>('recoverySheetSave', { recoveryKey: messy(recoveryKey) });
    expect(saved).toMatchObject({ cancelled: false, path: dialog.save });
    expect(dialog.saveNames[0]).toMatch(/^账盾恢复密钥-鑫源财务-\d{4}年\d{2}月\d{2}日\.pdf$/);
    expect(statSync(dialog.save).mode & 0o077).toBe(0);

    dialog.files = [dialog.save];
    expect(await call('recoveryKeyReadFile', {})).toEqual({ cancelled: false, recoveryKey });
    expect(await call<FirstRunView>('firstRunConfirmRecoveryKeyFile', {})).toMatchObject({ recoveryKey: { how: 'key' } });
    dialog.files = null;
    expect(await call('recoveryKeyReadFile', {})).toEqual({ cancelled: true });
    dialog.files = [join(root, 'usb')];
    expect(await failure('recoveryKeyReadFile', {})).not.toBe('ok');

    // A backup verified with the key as read from the sheet.
    const created = await call<BackupCreated>('backupNow', { folder });
    if (created.cancelled) throw new Error('cancelled');
    dialog.files = [dialog.save];
    const fromSheet = await call<{ cancelled: false; recoveryKey: string }>('recoveryKeyReadFile', {});
    expect(await call<BackupVerified>('backupVerify', { path: created.path, recoveryKey: fromSheet.recoveryKey })).toMatchObject({ sameVault: true });
  });

  it('the backup step needs a destination and a verified backup; the warning goes with a recent one and follows its setting', async () => {
    let view = await call<FirstRunView>('firstRunStatus', {});
    // Backed up now (previous test) but no destination chosen yet.
    expect(view.backup).toEqual({ destination: false, verified: true });
    expect(stepsDone(view).backup).toBe(false);
    expect((await call<BackupStatusView>('backupStatus', {})).ageWarning).toBeNull();
    await call('backupScheduleSet', { enabled: true, folder, kind: 'daily', hour: 18, weekday: 5, retention: { daily: 7, weekly: 4, monthly: 12 }, recipients: [] });
    view = await call<FirstRunView>('firstRunStatus', {});
    expect(stepsDone(view).backup).toBe(true);
    expect(await call<BackupStatusView>('backupWarnDaysSet', { days: 14 })).toMatchObject({ warnAfterDays: 14, ageWarning: null });
    expect(await failure('backupWarnDaysSet', { days: 0 })).toMatchObject({ code: 'INVALID_INPUT' });
    expect(await failure('backupWarnDaysSet', { days: 91 })).toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('staff and clients steps are done by adding them; accountants see no checklist', async () => {
    await call('staffAdd', ACCOUNTANT);
    await call('clientCreate', { name: '福州闽江财税咨询有限公司', label: 'internal' });
    const view = await call<FirstRunView>('firstRunStatus', {});
    expect(stepsDone(view)).toEqual({ 'recovery-key': true, backup: true, staff: true, clients: true });
    await call('vaultLock', {});
    await call('vaultUnlock', { staffName: ACCOUNTANT.name, password: ACCOUNTANT.password });
    for (const [channel, request] of [
      ['firstRunStatus', {}],
      ['firstRunConfirmRecoveryKey', { text: recoveryKey }],
      ['firstRunConfirmRecoveryKeyFile', {}],
      ['recoverySheetSave', { recoveryKey }],
      ['recoveryKeyReadFile', {}],
      ['backupWarnDaysSet', { days: 3 }],
    ] as const) {
      expect(await failure(channel, request), channel).toMatchObject({ code: 'PERMISSION_DENIED' });
    }
  });
});
