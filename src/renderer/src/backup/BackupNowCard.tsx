import { CloudUploadOutlined, FolderOpenOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Progress, Space, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { BackupStatusView } from '../../../shared/domain';
import { baseName, formatSize } from '../documents/format';
import { formatDateTime } from '../format/dates';
import { useBackupStore } from './backup-store';
import { useBackupErrorText } from './useBackupErrorText';

/** The last successful backup, when the next one is due, and 立即备份 with its progress bar and 取消. */
export function BackupNowCard({ view }: { view: BackupStatusView }) {
  const { t } = useTranslation();
  const backupErrorText = useBackupErrorText();
  const { busy, run, result, backupNow, cancel, clearResult } = useBackupStore();
  const last = view.lastSuccess;
  const schedule = view.schedule;

  return (
    <Card title={t('backup.summary.title')} data-testid="last-backup">
      {last ? (
        <Descriptions
          column={1}
          size="small"
          items={[
            { key: 'time', label: t('backup.summary.time'), children: <span data-testid="last-backup-time">{formatDateTime(last.at)}</span> },
            { key: 'size', label: t('backup.summary.size'), children: formatSize(last.bytes) },
            { key: 'location', label: t('backup.summary.location'), children: <Typography.Text className="mono" copyable={false}>{last.file}</Typography.Text> },
          ]}
        />
      ) : (
        <Typography.Paragraph type="secondary">{t('backup.summary.never')}</Typography.Paragraph>
      )}
      <Typography.Paragraph type="secondary" data-testid="next-backup" style={{ marginTop: 8 }}>
        {!schedule
          ? t('backup.summary.noSchedule')
          : !schedule.enabled
            ? t('backup.summary.scheduleOff')
            : view.nextDue
              ? t('backup.summary.nextDue', { time: formatDateTime(view.nextDue) })
              : null}
      </Typography.Paragraph>

      {busy && run ? (
        <div data-testid="backup-progress">
          <Typography.Text>{run.cancelling ? t('backup.now.cancelling') : t(`backup.now.phase.${run.phase}`)}</Typography.Text>
          <Progress percent={run.percent ?? 0} status={run.cancelling ? 'exception' : 'active'} />
          <Button onClick={() => void cancel()} disabled={run.cancelling}>
            {t('backup.now.cancel')}
          </Button>
        </div>
      ) : view.running ? (
        <Space data-testid="backup-progress">
          <Spin size="small" />
          <Typography.Text>{t('backup.now.scheduledRunning')}</Typography.Text>
        </Space>
      ) : (
        <Space wrap>
          <Button type="primary" icon={<CloudUploadOutlined />} onClick={() => void backupNow(schedule?.folder)}>
            {t('backup.now.button')}
          </Button>
          {schedule && (
            <Button icon={<FolderOpenOutlined />} onClick={() => void backupNow()}>
              {t('backup.now.elsewhere')}
            </Button>
          )}
        </Space>
      )}

      {result && (
        <Alert
          style={{ marginTop: 12 }}
          showIcon
          closable={{ onClose: clearResult }}
          data-testid="backup-result"
          data-result={result.kind}
          type={result.kind === 'created' ? 'success' : result.kind === 'cancelled' ? 'info' : 'error'}
          title={
            result.kind === 'created'
              ? t('backup.now.done', { file: baseName(result.path), size: formatSize(result.bytes) })
              : result.kind === 'cancelled'
                ? t('backup.now.cancelled')
                : t('backup.now.failed')
          }
          description={result.kind === 'failed' ? backupErrorText(result.error, schedule?.folder) : undefined}
        />
      )}
    </Card>
  );
}
