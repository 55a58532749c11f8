import { ReloadOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Checkbox, Input, Modal, Space, Table, Tag, Typography, type TableProps } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AlertEntry, AlertSeverity } from '../../../shared/alerts';
import { AUDIT_WORDS, auditActionLabel } from '../../../shared/audit-details';
import { currentLocale } from '../i18n';
import { useErrorText } from '../bridge/useErrorText';
import { useCan } from '../admin/access-store';
import { AlertSettingsPanel } from './AlertSettingsPanel';
import { useAlertsStore } from './alerts-store';
import { useIncidentsStore } from '../incidents/incidents-store';
import { useRouteStore } from '../stores/route-store';

const SEVERITY_COLOR: Record<AlertSeverity, string> = { low: 'blue', medium: 'orange', high: 'red' };

/** 警报: what the rules raised, the events behind each, acknowledgement with a note, suspending the staff member. */
export function AlertsPage() {
  const { t, i18n } = useTranslation();
  const { message, modal } = AntApp.useApp();
  const errorText = useErrorText();
  const { items, open, openOnly, loading, error, events, load, setOpenOnly, loadEvents, acknowledge, suspend, unsuspend } = useAlertsStore();
  const mayManageStaff = useCan('staff.manage');
  const maySetPolicy = useCan('settings.policy');
  const mayOpenIncidents = useCan('incidents.manage');
  const openIncident = useIncidentsStore((s) => s.openFromAlert);
  const navigate = useRouteStore((s) => s.navigate);
  const [acking, setAcking] = useState<AlertEntry | null>(null);
  const [note, setNote] = useState('');

  useEffect(() => {
    void load();
  }, [load]);

  const dateTime = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'medium' });
  const actionLabel = (action: string) => auditActionLabel(action, AUDIT_WORDS[currentLocale()]);
  const dash = '—';

  function what(a: AlertEntry): string {
    const f = a.facts;
    const parts: string[] = [];
    if (typeof f.count === 'number') parts.push(t('alerts.what.count', { count: f.count, minutes: f.minutes ?? '', threshold: f.threshold ?? '' }));
    if (a.clientName) parts.push(t('alerts.what.client', { name: a.clientName }));
    if (typeof f.action === 'string') parts.push(t('alerts.what.action', { action: actionLabel(f.action) }));
    if (typeof f.folder === 'string') parts.push(t('alerts.what.folder', { folder: f.folder }));
    if (typeof f.recipients === 'string') parts.push(t('alerts.what.recipients', { recipients: f.recipients }));
    if (f.name === 'unknown-name') parts.push(t('alerts.what.unknownName'));
    if (f.name === 'unreadable') parts.push(t('alerts.what.unreadableName'));
    if (typeof f.reason === 'string') parts.push(t('alerts.what.reason', { reason: f.reason }));
    return parts.join('；') || dash;
  }

  async function onAck() {
    if (!acking) return;
    if (!note.trim()) {
      void message.warning(t('alerts.ackNoteRequired'));
      return;
    }
    const result = await acknowledge(acking.seq, note.trim());
    if (!result.ok) void message.error(errorText(result.error));
    else {
      void message.success(t('alerts.ackDone'));
      setAcking(null);
      setNote('');
    }
  }

  function confirm(title: string, onOk: () => Promise<void>) {
    void modal.confirm({ title, okText: t('alerts.confirm'), cancelText: t('alerts.cancel'), okButtonProps: { danger: true }, onOk });
  }

  async function onSuspend(a: AlertEntry) {
    if (!a.subjectId) return;
    const result = await suspend(a.subjectId, a.seq);
    if (!result.ok) void message.error(errorText(result.error));
    else void message.success(t('alerts.suspended', { name: a.subjectName ?? '' }));
  }

  async function onOpenIncident(a: AlertEntry) {
    const result = await openIncident(a.seq);
    if (!result.ok) void message.error(errorText(result.error));
    else {
      void message.success(t('incidents.openedFromAlert'));
      navigate({ name: 'incidents', id: result.data.id });
    }
  }

  async function onUnsuspend(a: AlertEntry) {
    if (!a.subjectId) return;
    const result = await unsuspend(a.subjectId);
    if (!result.ok) void message.error(errorText(result.error));
    else void message.success(t('alerts.unsuspended', { name: a.subjectName ?? '' }));
  }

  const columns: TableProps<AlertEntry>['columns'] = [
    { key: 'severity', title: t('alerts.columns.severity'), width: 70, render: (_, a) => <Tag color={SEVERITY_COLOR[a.severity]}>{t(`alerts.severity.${a.severity}`)}</Tag> },
    { key: 'rule', title: t('alerts.columns.rule'), render: (_, a) => <span data-testid="alert-rule" data-rule={a.rule}>{t(`alerts.rules.${a.rule}`)}</span> },
    { key: 'who', title: t('alerts.columns.who'), render: (_, a) => <span data-testid="alert-who">{a.subjectName ?? dash}</span> },
    { key: 'what', title: t('alerts.columns.what'), render: (_, a) => what(a) },
    { key: 'at', title: t('alerts.columns.at'), width: 170, render: (_, a) => dateTime.format(new Date(a.at)) },
    {
      key: 'status',
      title: t('alerts.columns.status'),
      render: (_, a) => (
        <Space orientation="vertical" size={2}>
          {a.ack ? (
            <Typography.Text type="secondary" data-testid="alert-acked">
              {t('alerts.ackedBy', { name: a.ack.staffName ?? dash, at: dateTime.format(new Date(a.ack.at)), note: a.ack.note })}
            </Typography.Text>
          ) : (
            <Tag color="red">{t('alerts.status.open')}</Tag>
          )}
          {a.subjectSuspended && (
            <Tag color="volcano" data-testid="alert-suspended">
              {t('alerts.status.suspended')}
            </Tag>
          )}
        </Space>
      ),
    },
    {
      key: 'actions',
      title: t('alerts.columns.actions'),
      render: (_, a) => (
        <Space wrap>
          {!a.ack && (
            <Button size="small" onClick={() => setAcking(a)} data-testid="alert-ack">
              {t('alerts.ack')}
            </Button>
          )}
          {mayManageStaff && a.suspendable && !a.subjectSuspended && (
            <Button size="small" danger onClick={() => confirm(t('alerts.suspendConfirm', { name: a.subjectName ?? '' }), () => onSuspend(a))} data-testid="alert-suspend">
              {t('alerts.suspend')}
            </Button>
          )}
          {mayOpenIncidents && (
            <Button size="small" onClick={() => void onOpenIncident(a)} data-testid="alert-open-incident">
              {t('incidents.openFromAlert')}
            </Button>
          )}
          {mayManageStaff && a.suspendable && a.subjectSuspended && (
            <Button size="small" onClick={() => confirm(t('alerts.unsuspendConfirm', { name: a.subjectName ?? '' }), () => onUnsuspend(a))} data-testid="alert-unsuspend">
              {t('alerts.unsuspend')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  const eventColumns: TableProps<NonNullable<(typeof events)[number]>[number]>['columns'] = [
    { key: 'seq', title: '#', dataIndex: 'seq', width: 70 },
    { key: 'at', title: t('alerts.columns.at'), render: (_, e) => dateTime.format(new Date(e.at)) },
    { key: 'action', title: t('admin.audit.action'), render: (_, e) => actionLabel(e.action) },
    { key: 'staff', title: t('admin.audit.staff'), render: (_, e) => e.staffName ?? dash },
    { key: 'client', title: t('admin.audit.client'), render: (_, e) => e.clientName ?? dash },
    { key: 'document', title: t('admin.audit.document'), render: (_, e) => e.documentName ?? dash },
  ];

  return (
    <div className="admin-page" data-testid="alerts-page">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }}>
        <Space>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('alerts.title')}
          </Typography.Title>
          <Tag color={open > 0 ? 'red' : 'default'} data-testid="alerts-open">
            {t('alerts.openCount', { count: open })}
          </Tag>
        </Space>
        <Space>
          <Checkbox checked={openOnly} onChange={(e) => setOpenOnly(e.target.checked)}>
            {t('alerts.openOnly')}
          </Checkbox>
          <Button icon={<ReloadOutlined />} onClick={() => void load()}>
            {t('alerts.refresh')}
          </Button>
        </Space>
      </Space>
      {error && <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 12 }} />}
      <Table<AlertEntry>
        rowKey="seq"
        size="small"
        loading={loading}
        columns={columns}
        dataSource={items}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: t('alerts.empty') }}
        expandable={{
          expandedRowRender: (a) => (
            <Table rowKey="seq" size="small" pagination={false} columns={eventColumns} dataSource={events[a.seq] ?? []} title={() => t('alerts.events')} data-testid="alert-events" />
          ),
          onExpand: (expanded, a) => {
            if (expanded && !events[a.seq]) void loadEvents(a.seq);
          },
        }}
        data-testid="alerts-table"
      />
      {maySetPolicy && <AlertSettingsPanel />}
      <Modal
        open={acking !== null}
        title={t('alerts.ackTitle')}
        okText={t('alerts.ack')}
        cancelText={t('alerts.cancel')}
        onOk={() => void onAck()}
        onCancel={() => {
          setAcking(null);
          setNote('');
        }}
        destroyOnHidden
      >
        <Input.TextArea value={note} maxLength={500} rows={3} placeholder={t('alerts.ackNote')} aria-label={t('alerts.ackNote')} onChange={(e) => setNote(e.target.value)} data-testid="alert-ack-note" />
      </Modal>
    </div>
  );
}
