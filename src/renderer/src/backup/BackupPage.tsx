import { HistoryOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Result, Row, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../bridge/useErrorText';
import { useBackupStore } from './backup-store';
import { BackupAttentionAlert } from './BackupAttentionAlert';
import { BackupList } from './BackupList';
import { BackupNowCard } from './BackupNowCard';
import { BackupWarnSetting } from './BackupWarnSetting';
import { RestoreModal, type RestoreSource } from './RestoreModal';
import { ScheduleForm } from './ScheduleForm';

/** 备份: the last backup and 立即备份, the schedule, the backups in the folder, and restore (owner). */
export function BackupPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { view, loadError, load, loadList, backupNow, askEditSchedule } = useBackupStore();
  const [restoring, setRestoring] = useState<{ source: RestoreSource | null } | null>(null);

  useEffect(() => {
    void load();
    void loadList();
  }, [load, loadList]);

  if (loadError && !view) return <Alert type="error" showIcon title={t('backup.loadFailed')} description={errorText(loadError)} />;
  if (!view) return <Spin style={{ marginTop: 48 }} />;
  if (!view.canCreate) return <Result status="403" subTitle={t('backup.noPermission')} />;

  return (
    <div data-testid="backup-page" style={{ flex: 1, minHeight: 0, overflow: 'auto' }}>
      <div className="page-toolbar">
        <div className="page-title">
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('backup.title')}
          </Typography.Title>
        </div>
      </div>
      <BackupAttentionAlert view={view} onBackupNow={() => void backupNow(view.schedule?.folder)} onEditSchedule={askEditSchedule} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <BackupNowCard view={view} />
          <Card title={t('backup.restore.title')} style={{ marginTop: 16 }} data-testid="restore-card">
            <Typography.Paragraph type="secondary">{view.canRestore ? t('backup.restore.intro') : t('backup.restore.ownerOnly')}</Typography.Paragraph>
            {view.canRestore && (
              <Button icon={<HistoryOutlined />} onClick={() => setRestoring({ source: null })}>
                {t('backup.restore.open')}
              </Button>
            )}
          </Card>
          <BackupWarnSetting key={view.warnAfterDays} days={view.warnAfterDays} />
        </Col>
        <Col xs={24} lg={14}>
          {/* Never view.untrustedSchedule: what an unsigned file says is shown in the alert, not put in the form. */}
          <ScheduleForm key={JSON.stringify(view.schedule)} schedule={view.schedule} unsigned={view.attention === 'schedule-unsigned'} />
        </Col>
        <Col span={24}>
          <BackupList onRestore={view.canRestore ? (file) => setRestoring({ source: { path: file.path, name: file.name, size: file.size } }) : null} />
        </Col>
      </Row>
      {view.canRestore && <RestoreModal open={restoring !== null} initial={restoring?.source ?? null} onClose={() => setRestoring(null)} />}
    </div>
  );
}
