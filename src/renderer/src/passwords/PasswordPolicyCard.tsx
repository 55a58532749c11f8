import { App as AntApp, Button, Card, InputNumber, Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StrengthScore } from '../../../shared/credentials';
import { PASSWORD_MIN_LENGTH_CEILING, PASSWORD_MIN_LENGTH_FLOOR, type PasswordPolicy } from '../../../shared/password-policy';
import { useErrorText } from '../bridge/useErrorText';
import { usePasswordStore } from './password-store';

/** The owner's password policy: minimum length and minimum strength for every new staff password. */
export function PasswordPolicyCard() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const errorText = useErrorText();
  const { policy, loadPolicy, setPolicy } = usePasswordStore();
  const [draft, setDraft] = useState<PasswordPolicy>(policy);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    void loadPolicy();
  }, [loadPolicy]);
  useEffect(() => setDraft(policy), [policy]);
  const labels = t('password.meter.scores', { returnObjects: true }) as string[];

  async function save() {
    setSaving(true);
    const failure = await setPolicy(draft);
    setSaving(false);
    if (failure) void message.error(errorText(failure));
    else void message.success(t('password.policy.saved'));
  }

  return (
    <Card
      title={t('password.policy.title')}
      className="settings-card"
      data-testid="password-policy"
      extra={
        <Button type="primary" onClick={() => void save()} loading={saving} disabled={draft.minLength === policy.minLength && draft.minScore === policy.minScore} data-testid="password-policy-save">
          {t('password.policy.save')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('password.policy.intro')}</Typography.Paragraph>
      <Space size="large" wrap>
        <label>
          {t('password.policy.minLength')}{' '}
          <InputNumber
            min={PASSWORD_MIN_LENGTH_FLOOR}
            max={PASSWORD_MIN_LENGTH_CEILING}
            value={draft.minLength}
            onChange={(v) => typeof v === 'number' && setDraft({ ...draft, minLength: v })}
            data-testid="password-policy-length"
          />
        </label>
        <label>
          {t('password.policy.minScore')}{' '}
          <Select<StrengthScore>
            style={{ width: 140 }}
            value={draft.minScore}
            onChange={(minScore) => setDraft({ ...draft, minScore })}
            options={([0, 1, 2, 3, 4] as const).map((s) => ({ value: s, label: labels[s] }))}
            data-testid="password-policy-score"
          />
        </label>
      </Space>
    </Card>
  );
}
