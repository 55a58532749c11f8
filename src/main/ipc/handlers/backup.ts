import type { BackupService } from '../../core/backup/backup-service';
import { ifPicked, pickOneFile } from '../dialogs';
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
    return ifPicked(dialogs.pickFolder(), (folder) => ({ cancelled: false, folder }));
  });
  router.handle('backupNow', async (req) => {
    await backup.assertMay('backup.create');
    return ifPicked(req.folder ?? dialogs.pickFolder(), (folder) => backup.backupNow(folder));
  });
  router.handle('backupProgress', () => backup.progress());
  router.handle('backupCancel', () => backup.cancel());
  router.handle('backupList', (req) => backup.list(req.folder));
  router.handle('backupPickFile', async () => {
    await backup.assertMay('backup.restore');
    return ifPicked(pickOneFile(dialogs), (path) => backup.describeFile(path));
  });
  router.handle('backupVerify', (req) => backup.verify(req.path, req.recoveryKey));
  router.handle('backupRestore', (req) => backup.restore(req.path, req.recoveryKey, req.acceptUnsigned));
  router.handle('backupAcknowledge', () => backup.acknowledgeMissed());
}
