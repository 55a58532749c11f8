import { allowedActions, holdsMasterKey } from '../../../shared/permissions';
import type { IpcRouter } from '../router';
import type { HandlerDeps } from './deps';

/** The app, the vault's state, creating, unlocking and locking it, and who is signed in. */
export function registerVaultHandlers(router: IpcRouter, { manager, appInfo }: Pick<HandlerDeps, 'manager' | 'appInfo'>): void {
  router.handle('appInfo', () => appInfo);
  router.handle('vaultStatus', () => manager.status());
  router.handle('vaultCreate', (req) => manager.create(req.staffName, Buffer.from(req.password, 'utf8')));
  router.handle('vaultUnlock', (req) =>
    manager.unlock(req.staffName, Buffer.from(req.password, 'utf8'), { acceptRollback: req.acceptRollback }),
  );
  router.handle('vaultUnlockProgress', () => manager.unlockProgress());
  router.handle('vaultLock', () => manager.lock());
  router.handle('sessionAccess', () =>
    manager.withSession((s) => {
      const { id, name, role } = s.vault.staff;
      return { staff: { id, name, role }, seesAllClients: holdsMasterKey(role), allowed: allowedActions(role) };
    }),
  );
}
