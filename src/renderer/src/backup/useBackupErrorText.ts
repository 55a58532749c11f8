import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupAttemptInfo } from '../../../shared/domain';
import type { ErrorData } from '../../../shared/errors';
import { useErrorText } from '../bridge/useErrorText';
import { refusedSignature } from './restore-signature';

/** A recorded attempt's failure as error data (code and backup reason), for the same wording as a live error. */
export function attemptError(attempt: BackupAttemptInfo): ErrorData {
  return { code: attempt.code ?? 'INTERNAL', message: '', ...(attempt.reason ? { detail: { reason: attempt.reason } } : {}) };
}

/**
 * Backup errors in words a person can act on: a wrong key, a cut file, a
 * damaged file, a newer format, a missing drive and a backup not signed by
 * this vault each say so; anything else falls back to the shared message for
 * its code.
 */
export function useBackupErrorText(): (error: ErrorData, folder?: string | null) => string {
  const { t } = useTranslation();
  const errorText = useErrorText();
  return useCallback(
    (error, folder) => {
      const reason = error.detail?.['reason'];
      switch (error.code) {
        case 'BACKUP_WRONG_KEY':
          return t('backup.errors.wrongKey');
        case 'BACKUP_WRONG_PASSPHRASE':
          return t('backup.errors.passphrase');
        case 'FUTURE_VERSION':
          return t('backup.errors.futureVersion');
        case 'BACKUP_UNSIGNED':
          return t(`backup.errors.unsigned.${refusedSignature(error) ?? 'unsigned'}`);
        case 'TAMPERED':
          if (reason === 'damaged') return t('backup.errors.damaged');
          break;
        case 'CORRUPT':
          if (reason === 'truncated') return t('backup.errors.truncated');
          if (reason === 'not-a-backup') return t('backup.errors.notBackup');
          break;
        case 'VAULT_BUSY':
          if (error.detail?.['holder'] === 'backup') return t('backup.errors.busy');
          break;
        case 'NOT_FOUND':
          if (reason === 'folder-missing') return t('backup.errors.folderMissing', { folder: folder ?? '' });
          break;
        case 'CANCELLED':
          return t('backup.errors.cancelled');
        case 'INVALID_INPUT':
          if (error.detail?.['problem'] === 'recovery-key') return t('backup.errors.badKey');
          if (error.detail?.['problem'] === 'other-vault') return t('backup.restore.otherVault');
          break;
        default:
          break;
      }
      return errorText(error);
    },
    [t, errorText],
  );
}
