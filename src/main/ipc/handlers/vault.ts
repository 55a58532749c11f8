import { allowedActions, holdsMasterKey } from '../../../shared/permissions';
import type { IpcRouter } from '../router';
import type { HandlerDeps } from './deps';

/** The app, the vault's state, creating, unlocking and locking it, and who is signed in. */
export function registerVaultHandlers(
  router: IpcRouter,
  { manager, appInfo, onCreated }: Pick<HandlerDeps, 'manager' | 'appInfo'> & { onCreated?: (session: object, recoveryKey: string) => void },
): void {
  router.handle('appInfo', () => appInfo);
  router.handle('vaultStatus', () => manager.status());
  router.handle('vaultCreate', async (req) => {
    const created = await manager.create(req.staffName, Buffer.from(req.password, 'utf8'));
    // The first-run checklist may then confirm the key by its last characters (first-run/recovery-tail.ts).
    if (onCreated) await manager.withSession((s) => onCreated(s, created.recoveryKey));
    return created;
  });
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
