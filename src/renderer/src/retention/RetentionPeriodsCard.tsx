import { App as AntApp, Button, Card, Checkbox, InputNumber, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RETENTION_RULES, RETENTION_YEARS_MAX, periodProblem, type RetentionRule, type RetentionYears } from '../../../shared/retention';
import { useErrorText } from '../bridge/useErrorText';
import { useCan } from '../admin/access-store';
import { useRouteStore } from '../stores/route-store';
import { useRetentionStore } from './retention-store';

/**
 * 保管期限 in settings: every rule's period for owners and admins, editable by the owner (never below
 * its legal minimum: main refuses the same); the way to the 销毁清册 page. Nothing for other roles.
 */
export function RetentionPeriodsCard({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const { periods, loadPeriods } = useRetentionStore();
  const mayManage = useCan('retention.manage');
  const navigate = useRouteStore((s) => s.navigate);
  useEffect(() => {
    if (mayManage) void loadPeriods();
  }, [loadPeriods, mayManage]);
  if (!mayManage) return null;
  const years = (y: RetentionYears) => (y === 'permanent' ? t('retention.permanent') : t('retention.years', { count: y }));

  return (
    <Card
      title={t('retention.periods.title')}
      className="settings-card"
      data-testid="retention-periods"
      extra={
        <Button onClick={() => navigate({ name: 'destruction' })} data-testid="nav-destruction">
          {t('retention.nav')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('retention.periods.intro')}</Typography.Paragraph>
      <Table<RetentionRule>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={[...RETENTION_RULES]}
        columns={[
          { title: t('retention.periods.rule'), key: 'rule', render: (_, r) => t(`retention.rules.${r.id}`) },
          { title: t('retention.periods.basis'), key: 'basis', render: (_, r) => (r.legal ? t('retention.periods.legal', { row: r.legal.row, years: years(r.legal.years) }) : t('retention.periods.firm')) },
          {
            title: t('retention.periods.period'),
            key: 'period',
            render: (_, r) => (periods ? canEdit ? <PeriodEditor rule={r} value={periods[r.id]} /> : years(periods[r.id]) : null),
          },
        ]}
      />
    </Card>
  );
}

function PeriodEditor({ rule, value }: { rule: RetentionRule; value: RetentionYears }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const errorText = useErrorText();
  const setPeriod = useRetentionStore((s) => s.setPeriod);
  const [draft, setDraft] = useState<RetentionYears>(value);
  const [saving, setSaving] = useState(false);
  useEffect(() => setDraft(value), [value]);
  const legalMin = rule.legal && rule.legal.years !== 'permanent' ? rule.legal.years : 1;
  const permanentOnly = rule.legal?.years === 'permanent';

  async function save() {
    setSaving(true);
    const result = await setPeriod(rule.id, draft);
    setSaving(false);
    if (!result.ok) void message.error(errorText(result.error));
    else void message.success(t('retention.periods.saved'));
  }

  return (
    <Space data-testid={`retention-period-${rule.id}`}>
      <InputNumber
        min={legalMin}
        max={RETENTION_YEARS_MAX}
        value={draft === 'permanent' ? null : draft}
        disabled={draft === 'permanent'}
        onChange={(v) => typeof v === 'number' && setDraft(v)}
        suffix={t('retention.yearsUnit')}
        style={{ width: 110 }}
        aria-label={t('retention.periods.period')}
      />
      <Checkbox checked={draft === 'permanent'} disabled={permanentOnly} onChange={(e) => setDraft(e.target.checked ? 'permanent' : legalMin)}>
        {t('retention.permanent')}
      </Checkbox>
      <Button size="small" onClick={() => void save()} loading={saving} disabled={draft === value || periodProblem(rule.id, draft) !== null}>
        {t('retention.periods.save')}
      </Button>
    </Space>
  );
}
