import { App as AntApp, Button, Card, Checkbox, InputNumber, Space, Switch, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_LOCK_SETTINGS, IDLE_MINUTES_MAX, IDLE_MINUTES_MIN, type LockPolicy } from '../../../shared/domain';
import { useErrorText } from '../bridge/useErrorText';
import { REQUIREMENTS, samePolicy } from './lock-enforcement';
import { useLockSettingsStore } from './lock-settings-store';
import { SettingRow } from './SettingRow';

/** The owner's floor for everyone: a longest idle time and the triggers nobody may switch off. Saved whole. */
export function LockPolicyCard({ policy }: { policy: LockPolicy }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const errorText = useErrorText();
  const savePolicy = useLockSettingsStore((s) => s.savePolicy);
  const saving = useLockSettingsStore((s) => s.saving === 'policy');
  const [draft, setDraft] = useState<LockPolicy>(policy);
  useEffect(() => setDraft(policy), [policy]);
  // What the minutes box goes back to when the limit is switched off and on again.
  const [lastMax, setLastMax] = useState(policy.maxIdleMinutes ?? DEFAULT_LOCK_SETTINGS.idleMinutes);

  async function save() {
    const failure = await savePolicy(draft);
    if (failure) void message.error(`${t('settings.saveFailed')}${errorText(failure)}`);
    else void message.success(t('settings.policy.saved'));
  }

  const limited = draft.maxIdleMinutes !== null;
  return (
    <Card
      title={t('settings.policy.title')}
      className="settings-card"
      data-testid="lock-policy"
      extra={
        <Button type="primary" onClick={() => void save()} loading={saving} disabled={samePolicy(draft, policy)}>
          {t('settings.save')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('settings.policy.intro')}</Typography.Paragraph>
      <SettingRow
        label={t('settings.policy.limitIdle')}
        testId="policy-limit-idle"
        control={
          <Switch
            aria-label={t('settings.policy.limitIdle')}
            checked={limited}
            onChange={(on) => setDraft((d) => ({ ...d, maxIdleMinutes: on ? lastMax : null }))}
          />
        }
      >
        <Space className="setting-row-sub" wrap>
          <span>{t('settings.policy.maxIdleMinutes')}</span>
          {limited ? (
            <InputNumber
              aria-label={t('settings.policy.maxIdleMinutes')}
              min={IDLE_MINUTES_MIN}
              max={IDLE_MINUTES_MAX}
              precision={0}
              value={draft.maxIdleMinutes}
              onChange={(value) => {
                if (typeof value !== 'number') return;
                setLastMax(value);
                setDraft((d) => ({ ...d, maxIdleMinutes: value }));
              }}
              suffix={t('settings.lock.minutes')}
              style={{ width: 130 }}
              data-testid="policy-max-idle"
            />
          ) : (
            <Typography.Text type="secondary">{t('settings.policy.noLimit')}</Typography.Text>
          )}
        </Space>
      </SettingRow>
      <div className="setting-row">
        <Typography.Text strong>{t('settings.policy.required')}</Typography.Text>
        <div className="policy-requirements">
          {REQUIREMENTS.map(({ policy: key, label }) => (
            <Checkbox key={key} checked={draft[key]} onChange={(e) => setDraft((d) => ({ ...d, [key]: e.target.checked }))} data-testid={`policy-${key}`}>
              {t(label)}
            </Checkbox>
          ))}
        </div>
      </div>
    </Card>
  );
}
