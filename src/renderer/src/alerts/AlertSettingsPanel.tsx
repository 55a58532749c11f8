import { App as AntApp, Button, Card, Checkbox, Input, InputNumber, Space, Switch, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AlertSettings, WindowThreshold } from '../../../shared/alerts';
import { useErrorText } from '../bridge/useErrorText';
import { useAlertsStore } from './alerts-store';

type WindowKey = 'docBurst' | 'clientSpread' | 'unlockFailures';
type SwitchKey = 'firstAccess' | 'secretExport' | 'backupTarget' | 'integrity';
const WINDOW_RULES: [WindowKey, 'doc-burst' | 'client-spread' | 'unlock-failures'][] = [
  ['docBurst', 'doc-burst'],
  ['clientSpread', 'client-spread'],
  ['unlockFailures', 'unlock-failures'],
];
const SWITCH_RULES: [SwitchKey, 'first-access' | 'secret-export' | 'backup-target' | 'integrity'][] = [
  ['firstAccess', 'first-access'],
  ['secretExport', 'secret-export'],
  ['backupTarget', 'backup-target'],
  ['integrity', 'integrity'],
];
const DAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/** The owner's thresholds for each rule (sent whole; main records what changed). */
export function AlertSettingsPanel() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const errorText = useErrorText();
  const { settings, loadSettings, saveSettings } = useAlertsStore();
  const [draft, setDraft] = useState<AlertSettings | null>(settings);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    void loadSettings();
  }, [loadSettings]);
  useEffect(() => setDraft(settings), [settings]);

  if (!draft) return null;
  const setWindow = (key: WindowKey, patch: Partial<WindowThreshold>) => setDraft({ ...draft, [key]: { ...draft[key], ...patch } });

  async function save() {
    if (!draft) return;
    setSaving(true);
    const result = await saveSettings(draft);
    setSaving(false);
    if (!result.ok) void message.error(errorText(result.error));
    else void message.success(t('alerts.settings.saved'));
  }

  return (
    <Card title={t('alerts.settings.title')} style={{ marginTop: 16 }} data-testid="alert-settings">
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        {WINDOW_RULES.map(([key, rule]) => (
          <Space key={key} wrap data-testid={`alert-setting-${rule}`}>
            <Switch checked={draft[key].enabled} onChange={(enabled) => setWindow(key, { enabled })} aria-label={t('alerts.settings.enabled')} />
            <Typography.Text style={{ minWidth: 260, display: 'inline-block' }}>{t(`alerts.rules.${rule}`)}</Typography.Text>
            <InputNumber min={1} max={500} value={draft[key].count} onChange={(v) => v !== null && setWindow(key, { count: v })} aria-label={t('alerts.settings.count')} />
            <Typography.Text>{t('alerts.settings.count')}</Typography.Text>
            <InputNumber min={1} max={1440} value={draft[key].minutes} onChange={(v) => v !== null && setWindow(key, { minutes: v })} aria-label={t('alerts.settings.minutes')} />
            <Typography.Text>{t('alerts.settings.minutes')}</Typography.Text>
          </Space>
        ))}
        <Space wrap data-testid="alert-setting-off-hours">
          <Switch checked={draft.offHours.enabled} onChange={(enabled) => setDraft({ ...draft, offHours: { ...draft.offHours, enabled } })} aria-label={t('alerts.settings.enabled')} />
          <Typography.Text style={{ minWidth: 260, display: 'inline-block' }}>{t('alerts.rules.off-hours')}</Typography.Text>
          <Typography.Text>{t('alerts.settings.start')}</Typography.Text>
          <Input style={{ width: 80 }} aria-label={t('alerts.settings.start')} value={draft.offHours.start} onChange={(e) => setDraft({ ...draft, offHours: { ...draft.offHours, start: e.target.value } })} />
          <Typography.Text>{t('alerts.settings.end')}</Typography.Text>
          <Input style={{ width: 80 }} aria-label={t('alerts.settings.end')} value={draft.offHours.end} onChange={(e) => setDraft({ ...draft, offHours: { ...draft.offHours, end: e.target.value } })} />
          <Checkbox.Group
            value={draft.offHours.days}
            onChange={(days) => setDraft({ ...draft, offHours: { ...draft.offHours, days: [...days].sort() } })}
            options={DAYS.map((d) => ({ value: d, label: t(`alerts.settings.weekdays.${d}`) }))}
          />
        </Space>
        {SWITCH_RULES.map(([key, rule]) => (
          <Space key={key}>
            <Switch checked={draft[key].enabled} onChange={(enabled) => setDraft({ ...draft, [key]: { enabled } })} aria-label={t('alerts.settings.enabled')} />
            <Typography.Text>{t(`alerts.rules.${rule}`)}</Typography.Text>
          </Space>
        ))}
        <Space>
          <Typography.Text>{t('alerts.settings.repeatMinutes')}</Typography.Text>
          <InputNumber min={1} max={10080} value={draft.repeatMinutes} onChange={(v) => v !== null && setDraft({ ...draft, repeatMinutes: v })} aria-label={t('alerts.settings.repeatMinutes')} />
        </Space>
        <Button type="primary" loading={saving} onClick={() => void save()} data-testid="alert-settings-save">
          {t('alerts.settings.save')}
        </Button>
      </Space>
    </Card>
  );
}
