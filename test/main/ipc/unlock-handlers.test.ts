/**
 * vaultUnlock's acceptRollback and vaultUnlockProgress, through the real router
 * and handlers: an older vault.db put back is refused as ROLLED_BACK (as data),
 * an accountant cannot accept it, the owner can, and the status then carries
 * the notice. Each manager keeps its state in the test's own folder.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vaultPaths } from '../../../src/main/core/vault/layout';
import { VaultManager } from '../../../src/main/core/vault/vault-manager';
import { registerHandlers } from '../../../src/main/ipc/handlers';
import { IpcRouter } from '../../../src/main/ipc/router';
import type { ClientPage, VaultStatus } from '../../../src/shared/domain';
import type { Result } from '../../../src/shared/errors';

const top = { url: 'app://zhangdun/index.html', isTopFrame: true };
const owner = { staffName: '张所长', password: 'owner password 1' };
const accountant = { staffName: '李会计', password: 'accountant pw 1' };
let dir: string;
let manager: VaultManager;
let router: IpcRouter;

async function dispatch<T>(channel: string, request: unknown): Promise<Result<T>> {
  return (await router.dispatch(channel, request, top)) as Result<T>;
}

async function call<T>(channel: string, request: unknown): Promise<T> {
  const res = await dispatch<T>(channel, request);
  if (!res.ok) throw new Error(`${channel}: ${res.error.code}`);
  return res.data;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zd-ipc-unlock-'));
  manager = new VaultManager({ vaultDir: join(dir, 'vault'), stateDir: join(dir, 'state') });
  router = new IpcRouter({ isTrusted: () => true, locale: () => 'zh-CN' });
  registerHandlers(router, {
    manager,
    appInfo: { version: '0', platform: 'linux' },
    dialogs: { pickFiles: async () => null, pickFolder: async () => null, pickSaveTarget: async () => null },
  });
  await call('vaultCreate', owner);
  await call('staffAdd', { name: accountant.staffName, role: 'accountant', password: accountant.password });
});

afterAll(async () => {
  await manager.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('unlock channels', () => {
  it('answer no progress while no unlock runs', async () => {
    expect(await call('vaultUnlockProgress', {})).toBeNull();
    expect(await dispatch('vaultUnlockProgress', { phase: 'view' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await dispatch('vaultUnlock', { ...owner, acceptRollback: 'yes' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('refuse an older vault.db as ROLLED_BACK; only an owner who accepts it opens it, with the notice', async () => {
    const paths = vaultPaths(join(dir, 'vault'));
    const aside = join(dir, 'vault.db.old');
    // Both have seen the vault as it is now.
    await call('vaultLock', {});
    await call('vaultUnlock', accountant);
    await call('vaultLock', {});
    copyFileSync(paths.database, aside);
    await call('vaultUnlock', owner);
    await call('clientCreate', { name: '福州闽江财税咨询有限公司', label: 'internal' });
    await call('vaultUnlock', accountant);
    await call<VaultStatus>('vaultLock', {});
    copyFileSync(aside, paths.database);

    const refused = await dispatch('vaultUnlock', owner);
    expect(refused).toMatchObject({ ok: false, error: { code: 'ROLLED_BACK', detail: { what: 'audit' } } });
    expect(refused.ok || refused.error.message).toMatch(/旧/);
    // Not an owner or admin: accepting is refused the same way.
    expect(await dispatch('vaultUnlock', { ...accountant, acceptRollback: true })).toMatchObject({ ok: false, error: { code: 'ROLLED_BACK' } });
    expect((await call<VaultStatus>('vaultStatus', {})).state).toBe('locked');

    const accepted = await call<VaultStatus>('vaultUnlock', { ...owner, acceptRollback: true });
    expect(accepted).toMatchObject({ state: 'unlocked', staff: { name: owner.staffName }, notice: 'rollback-accepted' });
    expect((await call<ClientPage>('clientList', {})).total).toBe(0);
    expect(await call('vaultUnlockProgress', {})).toBeNull();

    // The accountant now sees a restored vault (a new epoch), not a rollback.
    expect(await call<VaultStatus>('vaultUnlock', accountant)).toMatchObject({ state: 'unlocked', notice: 'restored' });
  });
});
