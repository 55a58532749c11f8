import { contract } from '../../shared/contract';
import type { AppInfo } from '../../shared/domain';
import type { VaultManager } from '../core/vault-manager';
import { IpcRouter } from './router';

export interface HandlerDeps {
  manager: VaultManager;
  appInfo: AppInfo;
}

/** Thin handlers: parse (done by the router), call a service, return data. */
export function registerHandlers(router: IpcRouter, { manager, appInfo }: HandlerDeps): IpcRouter {
  router.handle('appInfo', contract.appInfo.request, () => appInfo);
  router.handle('vaultStatus', contract.vaultStatus.request, () => manager.status());
  router.handle('vaultCreate', contract.vaultCreate.request, (req) =>
    manager.create(req.staffName, Buffer.from(req.password, 'utf8')),
  );
  router.handle('vaultUnlock', contract.vaultUnlock.request, (req) =>
    manager.unlock(req.staffName, Buffer.from(req.password, 'utf8')),
  );
  router.handle('vaultLock', contract.vaultLock.request, () => manager.lock());
  router.handle('clientList', contract.clientList.request, (req) => manager.session().clients.list(req));
  router.handle('clientCreate', contract.clientCreate.request, (req) => manager.session().clients.create(req));
  router.handle('clientGet', contract.clientGet.request, (req) => manager.session().clients.get(req.id));
  return router;
}
