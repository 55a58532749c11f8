import { CheckCircleFilled, ClockCircleOutlined } from '@ant-design/icons';
import { Button, Card, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionStaff } from '../../../shared/domain';
import { firstRunDone, type FirstRunStep, type FirstRunView } from '../../../shared/first-run';
import { can } from '../../../shared/permissions';
import { stamp } from '../documents/format';
import { useRouteStore, type Route } from '../stores/route-store';
import { useFirstRunStore } from './first-run-store';
import { RecoveryConfirmModal } from './RecoveryConfirmModal';

/** Where each step is done. */
const STEP_ROUTES: Record<Exclude<FirstRunStep['id'], 'recovery-key'>, Route> = {
  backup: { name: 'backup' },
  staff: { name: 'staff' },
  clients: { name: 'clients' },
};

/**
 * 首次使用清单 on the home screen (owners and admins), until every step is
 * done. A step cannot be dismissed: it ticks itself when it is done.
 */
export function FirstRunChecklist({ staff }: { staff: SessionStaff | null }) {
  const { t } = useTranslation();
  const view = useFirstRunStore((s) => s.view);
  const load = useFirstRunStore((s) => s.load);
  const [confirming, setConfirming] = useState(false);
  const mayBackUp = staff !== null && can(staff.role, 'backup.create', { granted: false });

  useEffect(() => {
    if (mayBackUp) void load();
  }, [mayBackUp, load]);

  if (!mayBackUp || !view || firstRunDone(view)) return null;
  const done = view.steps.filter((s) => s.done).length;
  return (
    <Card
      size="small"
      data-testid="first-run-checklist"
      style={{ marginBottom: 12 }}
      title={t('firstRun.title')}
      extra={<Typography.Text type="secondary">{t('firstRun.progress', { done, total: view.steps.length })}</Typography.Text>}
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('firstRun.intro')}
      </Typography.Paragraph>
      <ol className="first-run-steps" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {view.steps.map((step) => (
          <StepRow key={step.id} step={step} view={view} onConfirm={() => setConfirming(true)} />
        ))}
      </ol>
      <RecoveryConfirmModal open={confirming} tailCheck={view.tailCheckAvailable} onClose={() => setConfirming(false)} />
    </Card>
  );
}

function StepRow({ step, view, onConfirm }: { step: FirstRunStep; view: FirstRunView; onConfirm: () => void }) {
  const { t } = useTranslation();
  const navigate = useRouteStore((s) => s.navigate);
  const id = step.id;
  return (
    <li data-testid={`first-run-step-${id}`} data-done={step.done} style={{ display: 'flex', alignItems: 'flex-start', gap: 10, padding: '6px 0' }}>
      <span style={{ fontSize: 16, lineHeight: '22px' }}>{step.done ? <CheckCircleFilled style={{ color: '#52c41a' }} /> : <ClockCircleOutlined style={{ color: '#faad14' }} />}</span>
      <div style={{ flex: 1, minWidth: 0 }}>
        <Typography.Text strong>
          {t(`firstRun.steps.${id}.title`)}
        </Typography.Text>
        {step.done && (
          <Tag color="success" style={{ marginLeft: 8 }}>
            {t('firstRun.doneTag')}
          </Tag>
        )}
        <div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {id === 'recovery-key' && view.recoveryKey
              ? t('firstRun.steps.recovery-key.done', { by: view.recoveryKey.by, at: stamp(new Date(view.recoveryKey.at)) })
              : t(`firstRun.steps.${id}.todo`)}
          </Typography.Text>
          {id === 'backup' && !step.done && (
            <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 8 }} data-testid="first-run-backup-state">
              {t('firstRun.steps.backup.destination', { state: view.backup.destination ? t('firstRun.steps.backup.yes') : t('firstRun.steps.backup.no') })}
              {'；'}
              {t('firstRun.steps.backup.verified', { state: view.backup.verified ? t('firstRun.steps.backup.verifiedYes') : t('firstRun.steps.backup.verifiedNo') })}
            </Typography.Text>
          )}
        </div>
      </div>
      {!step.done && (
        <Button size="small" type={id === 'recovery-key' ? 'primary' : 'default'} onClick={() => (id === 'recovery-key' ? onConfirm() : navigate(STEP_ROUTES[id]))}>
          {t(`firstRun.steps.${id}.action`)}
        </Button>
      )}
    </li>
  );
}
