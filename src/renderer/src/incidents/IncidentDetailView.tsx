import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Card, Descriptions, Input, Space, Table, Tag, Typography, type TableProps } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AUDIT_WORDS, auditActionLabel } from '../../../shared/audit-details';
import type { AffectedClient, IncidentDetail, TimelineItem } from '../../../shared/incidents';
import { useErrorText } from '../bridge/useErrorText';
import { currentLocale } from '../i18n';
import { useRouteStore } from '../stores/route-store';
import { IncidentClose } from './IncidentClose';
import { IncidentDrafts } from './IncidentDrafts';
import { StatusTag } from './IncidentsPage';
import { useIncidentsStore } from './incidents-store';

/** One incident: what happened (timeline), to whom (affected clients), what was done, the notices, closing. */
export function IncidentDetailView({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const navigate = useRouteStore((s) => s.navigate);
  const { current, error, show } = useIncidentsStore();

  useEffect(() => {
    void show(id);
  }, [id, show]);

  const incident = current?.id === id ? current : null;
  const dateTime = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'medium' });

  return (
    <div className="admin-page" data-testid="incident-detail">
      <Space style={{ marginBottom: 12 }}>
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate({ name: 'incidents' })} data-testid="incident-back">
          {t('incidents.back')}
        </Button>
        {incident && (
          <>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="incident-title">
              {incident.title}
            </Typography.Title>
            <StatusTag status={incident.status} />
          </>
        )}
      </Space>
      {error && !incident && <Alert type="error" showIcon title={errorText(error)} />}
      {incident && (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          {incident.status === 'closed' && <Alert type="info" showIcon title={t('incidents.close.readOnly')} data-testid="incident-read-only" />}
          <Overview incident={incident} format={(iso) => dateTime.format(new Date(iso))} />
          <Affected items={incident.affected} />
          <Timeline incident={incident} format={(iso) => dateTime.format(new Date(iso))} />
          <IncidentDrafts incident={incident} />
          <IncidentClose incident={incident} format={(iso) => dateTime.format(new Date(iso))} />
        </Space>
      )}
    </div>
  );
}

function Overview({ incident, format }: { incident: IncidentDetail; format: (iso: string) => string }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const errorText = useErrorText();
  const update = useIncidentsStore((s) => s.update);
  const [contact, setContact] = useState(incident.contact);
  const open = incident.status === 'open';

  async function saveContact() {
    const result = await update(incident.id, { contact });
    if (!result.ok) void message.error(errorText(result.error));
    else void message.success(t('incidents.detail.contactSaved'));
  }

  return (
    <Descriptions size="small" bordered column={2}>
      <Descriptions.Item label={t('incidents.detail.openedAt')}>{format(incident.openedAt)}</Descriptions.Item>
      <Descriptions.Item label={t('incidents.detail.openedBy')}>{incident.openedByName}</Descriptions.Item>
      <Descriptions.Item label={t('incidents.detail.alert')}>{incident.alert !== null ? t('incidents.fromAlert', { seq: incident.alert }) : t('incidents.byHand')}</Descriptions.Item>
      <Descriptions.Item label={t('incidents.detail.window')}>{`${format(incident.scope.from)} – ${format(incident.scope.to)}`}</Descriptions.Item>
      <Descriptions.Item label={t('incidents.detail.staff')} span={2}>
        <span data-testid="incident-staff">{incident.staffNames.join('、') || t('incidents.detail.allStaff')}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('incidents.detail.contact')} span={2}>
        {open ? (
          <Space.Compact style={{ width: '100%' }}>
            <Input value={contact} maxLength={500} onChange={(e) => setContact(e.target.value)} data-testid="incident-contact" />
            <Button onClick={() => void saveContact()} disabled={contact === incident.contact}>
              {t('incidents.detail.saveContact')}
            </Button>
          </Space.Compact>
        ) : (
          incident.contact
        )}
      </Descriptions.Item>
    </Descriptions>
  );
}

function Affected({ items }: { items: AffectedClient[] }) {
  const { t } = useTranslation();
  const fieldNames = AUDIT_WORDS[currentLocale()].fields as Record<string, string>;
  const columns: TableProps<AffectedClient>['columns'] = [
    { key: 'client', title: t('incidents.affected.client'), render: (_, c) => <span data-testid="incident-affected-name">{c.clientName}</span> },
    { key: 'kinds', title: t('incidents.affected.kinds'), render: (_, c) => c.kinds.map((k) => <Tag key={k}>{t(`incidents.kinds.${k}`)}</Tag>) },
    { key: 'documents', title: t('incidents.affected.documents'), render: (_, c) => c.documentCategories.map((d) => t('incidents.countDocs', { category: d.category, count: d.count })).join('、') || '—' },
    { key: 'fields', title: t('incidents.affected.fields'), render: (_, c) => c.fields.map((f) => fieldNames[f] ?? f).join('、') || '—' },
    { key: 'credentials', title: t('incidents.affected.credentials'), render: (_, c) => (c.credentials ? t('incidents.countTimes', { count: c.credentials }) : '—') },
    { key: 'events', title: t('incidents.affected.events'), dataIndex: 'events' },
  ];
  return (
    <Card size="small" title={t('incidents.affected.title')}>
      <Table<AffectedClient> rowKey="clientId" size="small" pagination={false} columns={columns} dataSource={items} locale={{ emptyText: t('incidents.affected.empty') }} data-testid="incident-affected" />
    </Card>
  );
}

function Timeline({ incident, format }: { incident: IncidentDetail; format: (iso: string) => string }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const errorText = useErrorText();
  const addAction = useIncidentsStore((s) => s.addAction);
  const [text, setText] = useState('');
  const words = AUDIT_WORDS[currentLocale()];

  async function onAdd() {
    if (!text.trim()) {
      void message.warning(t('incidents.actions.required'));
      return;
    }
    const result = await addAction(incident.id, text.trim());
    if (!result.ok) void message.error(errorText(result.error));
    else {
      setText('');
      void message.success(t('incidents.actions.added'));
    }
  }

  const columns: TableProps<TimelineItem>['columns'] = [
    { key: 'at', title: t('incidents.timeline.at'), width: 170, render: (_, e) => format(e.at) },
    {
      key: 'what',
      title: t('incidents.timeline.what'),
      render: (_, e) => (e.kind === 'event' ? auditActionLabel(e.action, words) : <Tag color="green">{`${t('incidents.timeline.action')}：${e.text}`}</Tag>),
    },
    { key: 'who', title: t('incidents.timeline.who'), render: (_, e) => e.staffName ?? '—' },
    { key: 'client', title: t('incidents.timeline.client'), render: (_, e) => (e.kind === 'event' ? (e.clientName ?? '—') : '—') },
    { key: 'document', title: t('incidents.timeline.document'), render: (_, e) => (e.kind === 'event' ? (e.documentName ?? '—') : '—') },
  ];
  return (
    <Card size="small" title={t('incidents.timeline.title')}>
      <Table<TimelineItem>
        rowKey={(e) => (e.kind === 'event' ? `e${e.seq}` : `a${e.at}`)}
        size="small"
        columns={columns}
        dataSource={incident.timeline}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: t('incidents.timeline.empty') }}
        data-testid="incident-timeline"
      />
      <Typography.Title level={5} style={{ marginTop: 12 }}>
        {t('incidents.actions.title')}
      </Typography.Title>
      <ul className="incident-actions" data-testid="incident-actions">
        {incident.actions.map((a) => (
          <li key={a.at}>{`${format(a.at)} ${a.staffName}：${a.text}`}</li>
        ))}
      </ul>
      {incident.status === 'open' && (
        <Space.Compact style={{ width: '100%', marginTop: 8 }}>
          <Input value={text} maxLength={2000} placeholder={t('incidents.actions.placeholder')} aria-label={t('incidents.actions.title')} onChange={(e) => setText(e.target.value)} data-testid="incident-action-text" />
          <Button type="primary" onClick={() => void onAdd()} data-testid="incident-action-add">
            {t('incidents.actions.add')}
          </Button>
        </Space.Compact>
      )}
    </Card>
  );
}
