import type { AppInfo, ClipboardCopied, LockSettings } from '../../../shared/domain';
import type { BackupService } from '../../core/backup/backup-service';
import type { VaultManager } from '../../core/vault/vault-manager';
import type { FileDialogs } from '../dialogs';

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
