import { Alert, Button, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupScheduleSettings, BackupStatusView } from '../../../shared/domain';
import { formatDateTime } from '../format/dates';
import { useBackupStore } from './backup-store';
import { attemptError, useBackupErrorText } from './useBackupErrorText';

interface Props {
  view: BackupStatusView;
  /** Offer 查看备份 (on screens other than the backup page). */
  onOpen?: () => void;
  onBackupNow: () => void;
  /** Takes the owner to the schedule form (offered when the schedule file is not signed). */
  onEditSchedule: () => void;
}

/** What needs someone's attention about backups, with the reason and 立即备份; red unless a missed run already caught up. */
export function BackupAttentionAlert({ view, onOpen, onBackupNow, onEditSchedule }: Props) {
  const { t } = useTranslation();
  const backupErrorText = useBackupErrorText();
  const acknowledgeMissed = useBackupStore((s) => s.acknowledgeMissed);
  const busy = useBackupStore((s) => s.busy);
  const attention = view.attention;
  // While a backup runs its progress bar says enough; the outcome decides what is shown next.
  if (!attention || busy) return null;

  const at = (iso: string) => formatDateTime(iso);
  let description: ReactNode;
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
    case 'schedule-unsigned':
      description = <UntrustedScheduleDetail says={view.untrustedSchedule} />;
      break;
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
          {attention === 'schedule-unsigned' && (
            <Button type="primary" danger onClick={onEditSchedule}>
              {t('backup.attention.editSchedule')}
            </Button>
          )}
          <Button type={attention === 'schedule-unsigned' ? 'default' : 'primary'} danger={attention !== 'missed'} onClick={onBackupNow}>
            {t('backup.now.button')}
          </Button>
          {onOpen && <Button onClick={onOpen}>{t('backup.attention.open')}</Button>}
          {attention === 'missed' && <Button onClick={() => void acknowledgeMissed()}>{t('backup.attention.dismiss')}</Button>}
        </Space>
      }
    />
  );
}

/**
 * Why scheduled backups stopped, then what the unsigned file says, as text
 * for the owner to check (it may name someone else's folder or key); never
 * offered as a value to save.
 */
function UntrustedScheduleDetail({ says }: { says: BackupScheduleSettings | null }) {
  const { t } = useTranslation();
  return (
    <>
      <Typography.Paragraph style={{ marginBottom: 4 }}>{t('backup.attention.scheduleUnsignedDetail')}</Typography.Paragraph>
      {says && (
        <div data-testid="untrusted-schedule">
          <Typography.Text>{t('backup.attention.scheduleUnsignedSays')}</Typography.Text>
          <div>
            <Typography.Text type="secondary">{t('backup.attention.scheduleUnsignedFolder')}</Typography.Text>{' '}
            <span data-testid="untrusted-folder">
              <Typography.Text code>{says.folder}</Typography.Text>
            </span>
          </div>
          <div>
            <Typography.Text type="secondary">{t('backup.attention.scheduleUnsignedRecipients')}</Typography.Text>{' '}
            <span data-testid="untrusted-recipients">
              {says.recipients.length === 0
                ? t('backup.attention.noRecipients')
                : says.recipients.map((r) => (
                    <Typography.Text code key={r} style={{ display: 'block', wordBreak: 'break-all' }}>
                      {r}
                    </Typography.Text>
                  ))}
            </span>
          </div>
          <Typography.Paragraph type="danger" style={{ marginBottom: 0, marginTop: 4 }}>
            {t('backup.attention.scheduleUnsignedAdvice')}
          </Typography.Paragraph>
        </div>
      )}
    </>
  );
}
