import { App as AntApp, Alert, Button, Card, InputNumber, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorData } from '../../../shared/errors';
import { BACKUP_WARN_DAYS_MAX, BACKUP_WARN_DAYS_MIN } from '../../../shared/first-run';
import { useErrorText } from '../bridge/useErrorText';
import { useBackupStore } from './backup-store';

/** 备份提醒: after how many days without a verified backup the header warns (7 unless set). */
export function BackupWarnSetting({ days }: { days: number }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const errorText = useErrorText();
  const setWarnDays = useBackupStore((s) => s.setWarnDays);
  const [value, setValue] = useState<number | null>(days);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ErrorData | null>(null);

  async function save() {
    if (value === null) return;
    setSaving(true);
    setError(null);
    const failure = await setWarnDays(value);
    setSaving(false);
    if (failure) setError(failure);
    else void message.success(t('firstRun.warnSetting.saved'));
  }

  return (
    <Card title={t('firstRun.warnSetting.title')} style={{ marginTop: 16 }} data-testid="backup-warn-setting">
      <Typography.Paragraph type="secondary">{t('firstRun.warnSetting.label')}</Typography.Paragraph>
      <Space>
        <InputNumber
          min={BACKUP_WARN_DAYS_MIN}
          max={BACKUP_WARN_DAYS_MAX}
          precision={0}
          value={value}
          onChange={(v) => setValue(typeof v === 'number' ? v : null)}
          suffix={t('firstRun.warnSetting.days')}
          aria-label={t('firstRun.warnSetting.label')}
          style={{ width: 120 }}
        />
        <Button onClick={() => void save()} loading={saving} disabled={value === null || value === days}>
          {t('firstRun.warnSetting.save')}
        </Button>
      </Space>
      {error && <Alert type="error" showIcon role="alert" title={errorText(error)} style={{ marginTop: 12 }} />}
    </Card>
  );
}
