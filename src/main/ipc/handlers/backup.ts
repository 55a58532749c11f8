import type { BackupService } from '../../core/backup/backup-service';
import type { IpcRouter } from '../router';
import type { HandlerDeps } from './deps';

/**
 * Backups: status, schedule, run, verify, restore. The service checks the permission (owner and
 * admin back up, only the owner restores); a dialog opens only after that check.
 */
export function registerBackupHandlers(router: IpcRouter, backup: BackupService, { dialogs }: Pick<HandlerDeps, 'dialogs'>): void {
  router.handle('backupStatus', () => backup.status());
  router.handle('backupScheduleSet', (req) => backup.setSchedule(req));
  router.handle('backupPickFolder', async () => {
    await backup.assertMay('backup.create');
    const folder = await dialogs.pickFolder();
    return folder ? { cancelled: false, folder } : { cancelled: true };
  });
  router.handle('backupNow', async (req) => {
    await backup.assertMay('backup.create');
    const folder = req.folder ?? (await dialogs.pickFolder());
    return folder ? backup.backupNow(folder) : { cancelled: true };
  });
  router.handle('backupProgress', () => backup.progress());
  router.handle('backupCancel', () => backup.cancel());
  router.handle('backupList', (req) => backup.list(req.folder));
  router.handle('backupPickFile', async () => {
    await backup.assertMay('backup.restore');
    const [path] = (await dialogs.pickFiles()) ?? [];
    return path ? backup.describeFile(path) : { cancelled: true };
  });
  router.handle('backupVerify', (req) => backup.verify(req.path, req.recoveryKey));
  router.handle('backupRestore', (req) => backup.restore(req.path, req.recoveryKey));
  router.handle('backupAcknowledge', () => backup.acknowledgeMissed());
}
