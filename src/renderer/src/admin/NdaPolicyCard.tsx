import { App as AntApp, Button, Card, InputNumber, Space, Switch, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NDA_MAX_GRACE_DAYS, type NdaPolicy } from '../../../shared/staff-compliance';
import { useErrorText } from '../bridge/useErrorText';
import { useComplianceStore } from './compliance-store';

/** The owner's rule: a valid confidentiality agreement to unlock, with days of grace. Admins see it. */
export function NdaPolicyCard({ policy, editable }: { policy: NdaPolicy | null; editable: boolean }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const errorText = useErrorText();
  const setPolicy = useComplianceStore((s) => s.setPolicy);
  const [required, setRequired] = useState(policy !== null);
  const [grace, setGrace] = useState(policy?.graceDays ?? 14);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    setRequired(policy !== null);
    setGrace(policy?.graceDays ?? 14);
  }, [policy]);

  async function save() {
    setSaving(true);
    const result = await setPolicy(required, grace);
    setSaving(false);
    if (result.ok) void message.success(t('people.policy.saved'));
    else void message.error(errorText(result.error));
  }

  return (
    <Card size="small" title={t('people.policy.title')} style={{ marginBottom: 12 }} data-testid="nda-policy-card">
      <Space wrap>
        <Switch checked={required} disabled={!editable} onChange={setRequired} data-testid="nda-policy-required" aria-label={t('people.policy.required')} />
        <Typography.Text>{t('people.policy.required')}</Typography.Text>
        <Typography.Text type="secondary">{t('people.policy.grace')}</Typography.Text>
        <InputNumber
          min={0}
          max={NDA_MAX_GRACE_DAYS}
          value={grace}
          disabled={!editable || !required}
          onChange={(v) => setGrace(typeof v === 'number' ? v : 0)}
          data-testid="nda-policy-grace"
          aria-label={t('people.policy.grace')}
        />
        {editable ? (
          <Button type="primary" size="small" loading={saving} onClick={() => void save()} data-testid="nda-policy-save">
            {t('people.policy.save')}
          </Button>
        ) : (
          <Typography.Text type="secondary">{t('people.policy.ownerOnly')}</Typography.Text>
        )}
        <Typography.Text type="secondary" data-testid="nda-policy-state">
          {policy ? t('people.policy.since', { since: policy.since }) : t('people.policy.off')}
        </Typography.Text>
      </Space>
    </Card>
  );
}
