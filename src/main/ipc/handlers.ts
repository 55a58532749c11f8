import { contract } from '../../shared/contract';
import type { AppInfo, ImportBatch } from '../../shared/domain';
import type { VaultManager } from '../core/vault-manager';
import { IpcRouter } from './router';

/** The operating system's file dialogs, provided by the shell (and by a stand-in in e2e tests). */
export interface FileDialogs {
  /** Files to import; null when cancelled. */
  pickFiles(): Promise<string[] | null>;
  /** A folder to import; null when cancelled. */
  pickFolder(): Promise<string | null>;
  /** Where to export; the dialog itself confirms replacing a file. Null when cancelled. */
  pickSaveTarget(defaultName: string): Promise<string | null>;
}

export interface HandlerDeps {
  manager: VaultManager;
  appInfo: AppInfo;
  dialogs: FileDialogs;
}

/** Thin handlers: the router has parsed the request; each calls one service. */
export function registerHandlers(router: IpcRouter, { manager, appInfo, dialogs }: HandlerDeps): IpcRouter {
  router.handle('appInfo', contract.appInfo.request, () => appInfo);
  router.handle('vaultStatus', contract.vaultStatus.request, () => manager.status());
  router.handle('vaultCreate', contract.vaultCreate.request, (req) =>
    manager.create(req.staffName, Buffer.from(req.password, 'utf8')),
  );
  router.handle('vaultUnlock', contract.vaultUnlock.request, (req) =>
    manager.unlock(req.staffName, Buffer.from(req.password, 'utf8')),
  );
  router.handle('vaultLock', contract.vaultLock.request, () => manager.lock());

  router.handle('clientList', contract.clientList.request, (req) => manager.withSession((s) => s.clients.list(req)));
  router.handle('clientCreate', contract.clientCreate.request, (req) => manager.withSession((s) => s.clients.create(req)));
  router.handle('clientGet', contract.clientGet.request, (req) => manager.withSession((s) => s.clients.get(req.id)));
  router.handle('clientUpdate', contract.clientUpdate.request, (req) => manager.withSession((s) => s.clients.update(req.id, req.client)));
  router.handle('clientArchive', contract.clientArchive.request, (req) => manager.withSession((s) => s.clients.setArchived(req.id, req.archived)));
  router.handle('clientReveal', contract.clientReveal.request, (req) => manager.withSession((s) => s.clients.reveal(req.id, req.field)));

  router.handle('docList', contract.docList.request, (req) => manager.withSession((s) => s.documents.list(req.clientId, req.status)));
  router.handle('docImportPick', contract.docImportPick.request, (req) =>
    manager.withSession(async (s): Promise<ImportBatch> => {
      s.clients.requireRow(req.clientId);
      if (req.mode === 'folder') {
        const folder = await dialogs.pickFolder();
        if (!folder) return { cancelled: true };
        return { cancelled: false, outcomes: await s.documents.importFolder(req.clientId, folder, req.fields) };
      }
      const files = await dialogs.pickFiles();
      if (!files || files.length === 0) return { cancelled: true };
      return { cancelled: false, outcomes: await s.documents.importFiles(req.clientId, files, req.fields) };
    }),
  );
  router.handle('docImportBytes', contract.docImportBytes.request, (req) =>
    manager.withSession((s) => s.documents.importBytes(req.clientId, req.name, req.data, req.fields)),
  );
  router.handle('docPreview', contract.docPreview.request, (req) => manager.withSession((s) => s.documents.preview(req.id)));
  router.handle('docExport', contract.docExport.request, (req) =>
    manager.withSession((s) => s.documents.exportWithPolicy(req.id, req.reason, (name) => dialogs.pickSaveTarget(name))),
  );
  router.handle('docUpdate', contract.docUpdate.request, (req) =>
    manager.withSession((s) => s.documents.update(req.id, req.name, req.fields)),
  );
  router.handle('docTrash', contract.docTrash.request, (req) => manager.withSession((s) => s.documents.trash(req.id)));
  router.handle('docRestore', contract.docRestore.request, (req) => manager.withSession((s) => s.documents.restore(req.id)));
  router.handle('docDelete', contract.docDelete.request, (req) =>
    manager.withSession(async (s) => {
      await s.documents.deletePermanently(req.id);
      return { deleted: true as const };
    }),
  );
  router.handle('search', contract.search.request, (req) => manager.withSession((s) => s.search.search(req.query)));
  return router;
}
