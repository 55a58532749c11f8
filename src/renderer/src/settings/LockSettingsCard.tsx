import { App as AntApp, Button, Card, InputNumber, Space, Switch, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IDLE_MINUTES_MAX, IDLE_MINUTES_MIN, type LockSettings, type LockSettingsView } from '../../../shared/domain';
import { useErrorText } from '../bridge/useErrorText';
import { contentProtectionWorks, lockShortcutLabel } from './app-info';
import { fixedByPolicy, REQUIREMENTS, sameSettings, type LockSwitch } from './lock-enforcement';
import { useLockSettingsStore } from './lock-settings-store';
import { SettingRow } from './SettingRow';

/** The signed-in staff member's own lock triggers and screen-capture protection; saved whole. */
export function LockSettingsCard({ view, platform }: { view: LockSettingsView; platform: string | undefined }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const errorText = useErrorText();
  const saveStaff = useLockSettingsStore((s) => s.saveStaff);
  const saving = useLockSettingsStore((s) => s.saving === 'staff');
  // The staff member's own choices; a switch the policy holds shows the policy's answer but keeps this value,
  // so lifting the requirement later brings the choice back.
  const [draft, setDraft] = useState<LockSettings>(view.staff);
  useEffect(() => setDraft(view.staff), [view.staff]);

  const fixed = fixedByPolicy(view.policy);
  const shown = (key: LockSwitch) => (fixed[key] ? view.effective[key] : draft[key]);
  const set = <K extends keyof LockSettings>(key: K, value: LockSettings[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const cap = view.policy.maxIdleMinutes;

  async function save() {
    const failure = await saveStaff(draft);
    if (failure) void message.error(`${t('settings.saveFailed')}${errorText(failure)}`);
    else void message.success(t('settings.saved'));
  }

  const toggle = (key: LockSwitch, label: string) => (
    <Switch aria-label={label} checked={shown(key)} disabled={fixed[key]} onChange={(on) => set(key, on)} data-testid={`switch-${key}`} />
  );
  const triggers = REQUIREMENTS.filter((r) => r.setting !== 'contentProtection');
  const protectionLabel = t('settings.protection.contentProtection');

  return (
    <Card
      title={t('settings.lock.title')}
      className="settings-card"
      data-testid="lock-settings"
      extra={
        <Button type="primary" onClick={() => void save()} loading={saving} disabled={sameSettings(draft, view.staff)}>
          {t('settings.save')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('settings.lock.intro')}</Typography.Paragraph>
      <SettingRow
        label={t('settings.lock.idleLock')}
        hint={t('settings.lock.idleLockHint')}
        testId="row-idleLock"
        enforced={fixed.idleLock}
        control={toggle('idleLock', t('settings.lock.idleLock'))}
      >
        <Space className="setting-row-sub" wrap>
          <span>{t('settings.lock.idleMinutes')}</span>
          <InputNumber
            aria-label={t('settings.lock.idleMinutes')}
            min={IDLE_MINUTES_MIN}
            max={IDLE_MINUTES_MAX}
            precision={0}
            value={draft.idleMinutes}
            disabled={!shown('idleLock')}
            onChange={(value) => {
              if (typeof value === 'number') set('idleMinutes', value);
            }}
            suffix={t('settings.lock.minutes')}
            style={{ width: 130 }}
            data-testid="idle-minutes"
          />
          {cap !== null && <Tag variant="filled">{t('settings.lock.cap', { minutes: cap })}</Tag>}
          <Typography.Text type="secondary" data-testid="effective-idle">
            {view.effective.idleLock ? t('settings.lock.effectiveIdle', { minutes: view.effective.idleMinutes }) : t('settings.lock.effectiveOff')}
          </Typography.Text>
        </Space>
      </SettingRow>
      {triggers.map(({ setting, label }) => (
        <SettingRow key={setting} label={t(label)} enforced={fixed[setting]} control={toggle(setting, t(label))} testId={`row-${setting}`} />
      ))}
      <Typography.Paragraph type="secondary" className="setting-manual">
        {t('settings.lock.manual', { shortcut: lockShortcutLabel(platform) })}
      </Typography.Paragraph>
      <Typography.Title level={5} className="settings-subtitle">
        {t('settings.protection.title')}
      </Typography.Title>
      <SettingRow
        label={protectionLabel}
        hint={
          <>
            {t('settings.protection.hint')} {t('settings.protection.platformNote')}{' '}
            <Tag color={contentProtectionWorks(platform) ? 'default' : 'warning'} data-testid="linux-note">
              {t('settings.protection.linuxNote')}
            </Tag>
          </>
        }
        enforced={fixed.contentProtection}
        control={toggle('contentProtection', protectionLabel)}
        testId="row-contentProtection"
      />
    </Card>
  );
}

