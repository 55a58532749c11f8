import { basename } from 'node:path';
import type { BackupService } from '../../core/backup/backup-service';
import { FirstRunService, recoveryKeyInFile } from '../../core/first-run/first-run-service';
import type { RecoveryTailCheck } from '../../core/first-run/recovery-tail';
import { ifPicked, pickOneFile, saveTargetPicker } from '../dialogs';
import type { IpcRouter } from '../router';
import type { HandlerDeps } from './deps';

/**
 * 首次使用清单 and the recovery key's sheet and files. The service checks
 * the permission (owners and admins); a dialog opens only after that check.
 */
export function registerFirstRunHandlers(
  router: IpcRouter,
  backup: BackupService,
  tails: RecoveryTailCheck,
  { manager, dialogs }: Pick<HandlerDeps, 'manager' | 'dialogs'>,
): void {
  const service = <T>(fn: (first: FirstRunService) => Promise<T> | T) => manager.withSession((s) => fn(new FirstRunService(s.vault, tails, s)));
  const view = async () => {
    const status = await backup.status();
    return service((first) => first.view({ destination: status.schedule !== null, verified: status.lastSuccess !== null }));
  };
  router.handle('firstRunStatus', view);
  router.handle('firstRunConfirmRecoveryKey', async (req) => {
    await service((first) => first.confirm(req.text));
    return view();
  });
  router.handle('firstRunConfirmRecoveryKeyFile', async () => {
    await backup.assertMay('backup.create');
    return ifPicked(pickOneFile(dialogs), async (path) => {
      await service((first) => first.confirmFromFile(path));
      return view();
    });
  });
  router.handle('recoverySheetSave', (req) => service((first) => first.saveSheet(req.recoveryKey, basename(manager.vaultDir), saveTargetPicker(dialogs))));
  router.handle('recoveryKeyReadFile', async () => {
    await backup.assertMay('backup.restore');
    return ifPicked(pickOneFile(dialogs), async (path) => ({ cancelled: false as const, recoveryKey: await recoveryKeyInFile(path) }));
  });
  router.handle('backupWarnDaysSet', (req) => backup.setWarnAfterDays(req.days));
}
