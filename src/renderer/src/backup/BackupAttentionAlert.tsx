import { Alert, Button, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { BackupStatusView } from '../../../shared/domain';
import { stamp } from '../documents/format';
import { useBackupStore } from './backup-store';
import { attemptError, useBackupErrorText } from './useBackupErrorText';

interface Props {
  view: BackupStatusView;
  /** Offer 查看备份 (on screens other than the backup page). */
  onOpen?: () => void;
  onBackupNow: () => void;
}

/** What needs someone's attention about backups, with the reason and 立即备份; red unless a missed run already caught up. */
export function BackupAttentionAlert({ view, onOpen, onBackupNow }: Props) {
  const { t } = useTranslation();
  const backupErrorText = useBackupErrorText();
  const acknowledgeMissed = useBackupStore((s) => s.acknowledgeMissed);
  const busy = useBackupStore((s) => s.busy);
  const attention = view.attention;
  // While a backup runs its progress bar says enough; the outcome decides what is shown next.
  if (!attention || busy) return null;

  const at = (iso: string) => stamp(new Date(iso));
  let description: string;
  switch (attention) {
    case 'failed': {
      const attempt = view.lastAttempt;
      description = attempt
        ? t('backup.attention.failedDetail', { time: at(attempt.at), reason: backupErrorText(attemptError(attempt), view.schedule?.folder) })
        : '';
      if (view.consecutiveFailures > 1) description += ` ${t('backup.attention.failedCount', { count: view.consecutiveFailures })}`;
      break;
    }
    case 'never':
      description = t('backup.attention.neverDetail');
      break;
    case 'overdue':
      description = t('backup.attention.overdueDetail', { time: view.lastSuccess ? at(view.lastSuccess.at) : '' });
      break;
    case 'missed':
      description = view.missed ? t('backup.attention.missedDetail', { slot: at(view.missed.slot), ranAt: at(view.missed.ranAt) }) : '';
      break;
    case 'schedule-invalid':
      description = t('backup.attention.scheduleInvalidDetail');
      break;
    case 'schedule-unsigned': {
      const seen = view.untrustedSchedule;
      description = t('backup.attention.scheduleUnsignedDetail');
      if (seen) {
        const recipients = seen.recipients.length > 0 ? seen.recipients.join(', ') : t('backup.attention.noRecipients');
        description += ` ${t('backup.attention.scheduleUnsignedSays', { folder: seen.folder, recipients })}`;
      }
      break;
    }
    default: {
      const unreachable: never = attention;
      return unreachable;
    }
  }

  return (
    <Alert
      type={attention === 'missed' && view.lastAttempt?.ok ? 'warning' : 'error'}
      showIcon
      role="alert"
      data-testid="backup-attention"
      data-attention={attention}
      title={t(`backup.attention.${attention}`)}
      description={description}
      style={{ marginBottom: 12 }}
      action={
        <Space orientation="vertical">
          <Button type="primary" danger={attention !== 'missed'} onClick={onBackupNow}>
            {t('backup.now.button')}
          </Button>
          {onOpen && <Button onClick={onOpen}>{t('backup.attention.open')}</Button>}
          {attention === 'missed' && <Button onClick={() => void acknowledgeMissed()}>{t('backup.attention.dismiss')}</Button>}
        </Space>
      }
    />
  );
}
