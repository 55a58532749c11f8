import { FolderOpenOutlined } from '@ant-design/icons';
import { App as AntApp, Alert, Button, Card, Form, Input, InputNumber, Radio, Select, Space, Switch, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_BACKUP_RETENTION, type BackupKind, type BackupScheduleSettings } from '../../../shared/domain';
import type { ErrorData } from '../../../shared/errors';
import { useBackupStore } from './backup-store';
import { firstInvalidRecipient, recipientLines } from './recipients';
import { useBackupErrorText } from './useBackupErrorText';

interface Values {
  enabled: boolean;
  folder: string;
  kind: BackupKind;
  hour: number;
  weekday: number;
  daily: number;
  weekly: number;
  monthly: number;
  recipients: string;
}

const HOURS = Array.from({ length: 24 }, (_, hour) => hour);
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 0] as const;

function toValues(schedule: BackupScheduleSettings | null): Values {
  const retention = schedule?.retention ?? DEFAULT_BACKUP_RETENTION;
  return {
    // Off until a folder is chosen: a switch shown on while nothing is set up would promise backups that never run.
    enabled: schedule?.enabled ?? false,
    folder: schedule?.folder ?? '',
    kind: schedule?.kind ?? 'daily',
    // After office hours by default: the PC is usually still on, nobody is working in the vault.
    hour: schedule?.hour ?? 18,
    weekday: schedule?.weekday ?? 5,
    daily: retention.daily,
    weekly: retention.weekly,
    monthly: retention.monthly,
    recipients: (schedule?.recipients ?? []).join('\n'),
  };
}

/**
 * 自动备份计划: where, how often, at what hour, how many to keep, and who else can open the backups.
 * `schedule` is only ever the signed schedule: with `unsigned` (the file fails its signature) it is null and
 * the form starts empty, so nothing an outsider wrote there is saved by a careless click.
 */
export function ScheduleForm({ schedule, unsigned }: { schedule: BackupScheduleSettings | null; unsigned: boolean }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const backupErrorText = useBackupErrorText();
  const saveSchedule = useBackupStore((s) => s.saveSchedule);
  const pickBackupFolder = useBackupStore((s) => s.pickFolder);
  const editScheduleAsked = useBackupStore((s) => s.editScheduleAsked);
  const editScheduleShown = useBackupStore((s) => s.editScheduleShown);
  const folderButtonRef = useRef<HTMLButtonElement>(null);
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form);
  const folder = Form.useWatch('folder', form) ?? schedule?.folder ?? '';
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ErrorData | null>(null);

  // 重新设置计划 in the attention alert: the form, ready to choose the folder.
  useEffect(() => {
    if (!editScheduleAsked) return;
    // Focus scrolls only as far as the folder button needs, so the alert with what the file says stays in view if it can.
    folderButtonRef.current?.focus();
    editScheduleShown();
  }, [editScheduleAsked, editScheduleShown]);

  async function pickFolder() {
    const picked = await pickBackupFolder();
    if (!picked.ok) {
      setError(picked.error);
      return;
    }
    if (!picked.data.cancelled) {
      // Setting up backups for the first time: choosing where is choosing to back up.
      if (!schedule && !form.getFieldValue('folder')) form.setFieldValue('enabled', true);
      form.setFieldValue('folder', picked.data.folder);
    }
    void form.validateFields(['folder']);
  }

  async function onFinish(values: Values) {
    setSaving(true);
    setError(null);
    const failure = await saveSchedule({
      enabled: values.enabled,
      folder: values.folder,
      kind: values.kind,
      hour: values.hour,
      weekday: values.weekday,
      retention: { daily: values.daily, weekly: values.weekly, monthly: values.monthly },
      recipients: recipientLines(values.recipients),
    });
    setSaving(false);
    if (failure) setError(failure);
    else void message.success(t('backup.schedule.saved'));
  }

  return (
    <Card title={t('backup.schedule.title')} data-testid="schedule-form">
      {unsigned && <Alert type="warning" showIcon data-testid="schedule-unsigned-note" title={t('backup.schedule.unsignedNote')} style={{ marginBottom: 16 }} />}
      <Form<Values> form={form} layout="vertical" requiredMark={false} initialValues={toValues(schedule)} onFinish={(v) => void onFinish(v)} disabled={saving}>
        <Form.Item name="enabled" label={t('backup.schedule.enabled')} valuePropName="checked">
          <Switch disabled={!folder} data-testid="schedule-enabled" />
        </Form.Item>
        <Form.Item label={t('backup.schedule.folder')} required>
          <Space.Compact style={{ width: '100%' }}>
            <Form.Item name="folder" noStyle rules={[{ required: true, message: t('backup.schedule.folderRequired') }]}>
              <Input readOnly placeholder={t('backup.schedule.folderPlaceholder')} aria-label={t('backup.schedule.folder')} className="mono" />
            </Form.Item>
            <Button ref={folderButtonRef} icon={<FolderOpenOutlined />} onClick={() => void pickFolder()}>
              {t('backup.schedule.chooseFolder')}
            </Button>
          </Space.Compact>
        </Form.Item>
        <Space wrap size="large">
          <Form.Item name="kind" label={t('backup.schedule.kind')}>
            <Radio.Group
              optionType="button"
              options={[
                { value: 'daily', label: t('backup.schedule.daily') },
                { value: 'weekly', label: t('backup.schedule.weekly') },
              ]}
            />
          </Form.Item>
          {kind === 'weekly' && (
            <Form.Item name="weekday" label={t('backup.schedule.weekday')}>
              <Select style={{ width: 120 }} options={WEEKDAYS.map((d) => ({ value: d, label: t(`backup.schedule.weekdays.${d}`) }))} />
            </Form.Item>
          )}
          <Form.Item name="hour" label={t('backup.schedule.hour')}>
            <Select style={{ width: 100 }} options={HOURS.map((h) => ({ value: h, label: `${String(h).padStart(2, '0')}:00` }))} />
          </Form.Item>
        </Space>
        <Form.Item label={t('backup.schedule.retention')} extra={t('backup.schedule.retentionHelp')}>
          <Space wrap>
            <Form.Item name="daily" noStyle>
              <InputNumber min={0} max={366} precision={0} suffix={t('backup.schedule.days')} aria-label={t('backup.schedule.days')} style={{ width: 110 }} />
            </Form.Item>
            <Form.Item name="weekly" noStyle>
              <InputNumber min={0} max={260} precision={0} suffix={t('backup.schedule.weeks')} aria-label={t('backup.schedule.weeks')} style={{ width: 110 }} />
            </Form.Item>
            <Form.Item name="monthly" noStyle>
              <InputNumber min={0} max={600} precision={0} suffix={t('backup.schedule.months')} aria-label={t('backup.schedule.months')} style={{ width: 120 }} />
            </Form.Item>
          </Space>
        </Form.Item>
        <Form.Item
          name="recipients"
          label={t('backup.schedule.recipients')}
          extra={t('backup.schedule.recipientsHelp')}
          rules={[
            {
              validator: async (_rule, value: string | undefined) => {
                const line = firstInvalidRecipient(value ?? '');
                if (line !== null) throw new Error(t('backup.schedule.recipientInvalid', { line }));
              },
            },
          ]}
        >
          <Input.TextArea rows={2} className="mono" spellCheck={false} autoComplete="off" placeholder="age1…" />
        </Form.Item>
        {error && <Alert type="error" showIcon title={backupErrorText(error)} style={{ marginBottom: 12 }} role="alert" />}
        <Space align="center">
          <Button type="primary" htmlType="submit" loading={saving}>
            {t('backup.schedule.save')}
          </Button>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('backup.schedule.lockedNote')}
          </Typography.Text>
        </Space>
      </Form>
    </Card>
  );
}
