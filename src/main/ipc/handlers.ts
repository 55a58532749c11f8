import { contract } from '../../shared/contract';
import type { AppInfo, ClipboardCopied, ImportBatch, LockSettings } from '../../shared/domain';
import { BackupService } from '../core/backup/backup-service';
import { VaultError } from '../core/errors';
import { sanitizeFileName } from '../core/fs/file-names';
import { allowedActions, holdsMasterKey } from '../../shared/permissions';
import { SettingsService } from '../core/services/settings-service';
import type { VaultManager } from '../core/vault/vault-manager';
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

/** The system clipboard as main guards it (copy now, clear later); provided by the shell. */
export interface ClipboardService {
  copy(text: string): Promise<ClipboardCopied>;
}

export interface HandlerDeps {
  manager: VaultManager;
  appInfo: AppInfo;
  dialogs: FileDialogs;
  /** Absent where there is no system clipboard (tests, e2e harness): clipboardCopy then fails. */
  clipboard?: ClipboardService;
  /** Told the new effective lock settings after lockSettingsSet, so the lock triggers follow at once. */
  onLockSettingsChanged?: (effective: LockSettings) => void;
  /** Backups and their scheduler (the shell starts it); without one, a service with no running scheduler. */
  backup?: BackupService;
}

/** Thin handlers: the router has parsed the request; each calls one service. */
export function registerHandlers(
  router: IpcRouter,
  { manager, appInfo, dialogs, clipboard, onLockSettingsChanged, backup = new BackupService({ manager, appVersion: appInfo.version }) }: HandlerDeps,
): IpcRouter {
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
      s.documents.assertCanImport(req.clientId);
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
  router.handle('docPrint', contract.docPrint.request, (req) =>
    manager.withSession((s) => {
      s.documents.recordPrint(req.id);
      return { recorded: true as const };
    }),
  );
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

  router.handle('lockSettingsGet', contract.lockSettingsGet.request, () =>
    manager.withSession((s) => new SettingsService(s.vault).lockView()),
  );
  router.handle('lockSettingsSet', contract.lockSettingsSet.request, async (req) => {
    const view = await manager.withSession((s) => new SettingsService(s.vault).updateLock(req));
    onLockSettingsChanged?.(view.effective);
    return view;
  });
  // Only while unlocked: nothing copied from the vault reaches the clipboard after a lock.
  router.handle('clipboardCopy', contract.clipboardCopy.request, (req) =>
    manager.withSession(() => {
      if (!clipboard) throw new VaultError('INTERNAL');
      return clipboard.copy(req.text);
    }),
  );

  // Staff, grants, audit log and reports (every service checks the signed-in staff member's permission).
  router.handle('sessionAccess', contract.sessionAccess.request, () =>
    manager.withSession((s) => {
      const { id, name, role } = s.vault.staff;
      return { staff: { id, name, role }, seesAllClients: holdsMasterKey(role), allowed: allowedActions(role) };
    }),
  );
  router.handle('staffList', contract.staffList.request, () => manager.withSession((s) => s.staff.list()));
  router.handle('staffAdd', contract.staffAdd.request, (req) =>
    manager.withSession((s) => s.staff.add(req.name, req.role, Buffer.from(req.password, 'utf8'))),
  );
  router.handle('staffUpdateRole', contract.staffUpdateRole.request, (req) =>
    manager.withSession((s) => s.staff.updateRole(req.staffId, req.role)),
  );
  router.handle('grantList', contract.grantList.request, (req) =>
    manager.withSession((s) => (req.clientId ? s.access.grantsOfClient(req.clientId) : s.access.grantsOfStaff(req.staffId ?? ''))),
  );
  router.handle('grantAdd', contract.grantAdd.request, (req) =>
    manager.withSession((s) => s.access.grant(req.clientId, req.staffId, { assign: req.assign })),
  );
  router.handle('grantRevoke', contract.grantRevoke.request, (req) => manager.withSession((s) => s.access.revoke(req.clientId, req.staffId)));
  router.handle('offboard', contract.offboard.request, (req) =>
    manager.withSession(async (s) => {
      const report = await s.staff.offboard(req.staffId, req.handoverToId);
      if (!req.saveReport) return { report, reportPath: null };
      const target = await dialogs.pickSaveTarget(sanitizeFileName(`离职交接报告-${report.staff.name}.pdf`));
      if (target) await s.reports.saveOffboardReport(report, target);
      return { report, reportPath: target };
    }),
  );
  router.handle('auditList', contract.auditList.request, (req) => manager.withSession((s) => s.audit.list(req)));
  router.handle('auditExportCsv', contract.auditExportCsv.request, (req) =>
    manager.withSession((s) => s.audit.exportCsv(req, (name) => dialogs.pickSaveTarget(name))),
  );
  router.handle('reportAccess', contract.reportAccess.request, (req) =>
    manager.withSession((s) => s.reports.saveAccessReport(req.clientId, req, (name) => dialogs.pickSaveTarget(name))),
  );

  // Backups (the service checks the permission: owner and admin back up, only the owner restores).
  router.handle('backupStatus', contract.backupStatus.request, () => backup.status());
  router.handle('backupScheduleSet', contract.backupScheduleSet.request, (req) => backup.setSchedule(req));
  router.handle('backupPickFolder', contract.backupPickFolder.request, async () => {
    await backup.assertMay('backup.create');
    const folder = await dialogs.pickFolder();
    return folder ? { cancelled: false as const, folder } : { cancelled: true as const };
  });
  router.handle('backupNow', contract.backupNow.request, async (req) => {
    await backup.assertMay('backup.create');
    const folder = req.folder ?? (await dialogs.pickFolder());
    return folder ? backup.backupNow(folder) : { cancelled: true as const };
  });
  router.handle('backupProgress', contract.backupProgress.request, () => backup.progress());
  router.handle('backupCancel', contract.backupCancel.request, () => backup.cancel());
  router.handle('backupList', contract.backupList.request, (req) => backup.list(req.folder));
  router.handle('backupPickFile', contract.backupPickFile.request, async () => {
    await backup.assertMay('backup.restore');
    const [path] = (await dialogs.pickFiles()) ?? [];
    return path ? backup.describeFile(path) : { cancelled: true as const };
  });
  router.handle('backupVerify', contract.backupVerify.request, (req) => backup.verify(req.path, req.recoveryKey));
  router.handle('backupRestore', contract.backupRestore.request, (req) => backup.restore(req.path, req.recoveryKey));
  router.handle('backupAcknowledge', contract.backupAcknowledge.request, () => backup.acknowledgeMissed());
  return router;
}
