import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, DatePicker, Form, Input, Modal, Select, Space, Table, Tag, Typography, type TableProps } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StaffInfo } from '../../../shared/access';
import type { IncidentSummary } from '../../../shared/incidents';
import { call } from '../bridge/client';
import { useErrorText } from '../bridge/useErrorText';
import { useRouteStore } from '../stores/route-store';
import { IncidentDetailView } from './IncidentDetailView';
import { useIncidentsStore } from './incidents-store';

/** 事件: the incident register (list), or one incident when `id` is given. */
export function IncidentsPage({ id }: { id?: string }) {
  return id ? <IncidentDetailView id={id} /> : <IncidentList />;
}

function IncidentList() {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const navigate = useRouteStore((s) => s.navigate);
  const { items, loading, error, load } = useIncidentsStore();
  const [creating, setCreating] = useState(false);

  useEffect(() => {
    void load();
  }, [load]);

  const dateTime = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'short' });
  const columns: TableProps<IncidentSummary>['columns'] = [
    {
      key: 'title',
      title: t('incidents.columns.title'),
      render: (_, i) => (
        <Typography.Link onClick={() => navigate({ name: 'incidents', id: i.id })} data-testid="incident-link">
          {i.title}
        </Typography.Link>
      ),
    },
    { key: 'status', title: t('incidents.columns.status'), render: (_, i) => <StatusTag status={i.status} /> },
    { key: 'openedAt', title: t('incidents.columns.openedAt'), render: (_, i) => dateTime.format(new Date(i.openedAt)) },
    { key: 'openedBy', title: t('incidents.columns.openedBy'), dataIndex: 'openedByName' },
    { key: 'alert', title: t('incidents.columns.alert'), render: (_, i) => (i.alert !== null ? t('incidents.fromAlert', { seq: i.alert }) : t('incidents.byHand')) },
    { key: 'closedAt', title: t('incidents.columns.closedAt'), render: (_, i) => (i.closedAt ? dateTime.format(new Date(i.closedAt)) : '—') },
  ];

  return (
    <div className="admin-page" data-testid="incidents-page">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('incidents.title')}
        </Typography.Title>
        <Space>
          <Button icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="incident-new">
            {t('incidents.new')}
          </Button>
          <Button icon={<ReloadOutlined />} onClick={() => void load()}>
            {t('incidents.refresh')}
          </Button>
        </Space>
      </Space>
      {error && <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 12 }} />}
      <Table<IncidentSummary> rowKey="id" size="small" loading={loading} columns={columns} dataSource={items} pagination={{ pageSize: 50, hideOnSinglePage: true }} locale={{ emptyText: t('incidents.empty') }} data-testid="incidents-table" />
      {creating && <NewIncidentModal onClose={() => setCreating(false)} />}
    </div>
  );
}

export function StatusTag({ status }: { status: IncidentSummary['status'] }) {
  const { t } = useTranslation();
  return (
    <Tag color={status === 'open' ? 'orange' : 'default'} data-testid="incident-status">
      {t(`incidents.status.${status}`)}
    </Tag>
  );
}

/** Recorded by hand: a name, a time window, the staff involved (all clients; the timeline shows who was touched). */
function NewIncidentModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const errorText = useErrorText();
  const navigate = useRouteStore((s) => s.navigate);
  const openByHand = useIncidentsStore((s) => s.openByHand);
  const [title, setTitle] = useState('');
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [staffIds, setStaffIds] = useState<string[]>([]);
  const [staff, setStaff] = useState<StaffInfo[]>([]);
  const [clientIds, setClientIds] = useState<string[]>([]);
  const [clientQuery, setClientQuery] = useState('');
  // Names of the clients offered and chosen (a firm may hold thousands: the list is searched, 50 at a time).
  const [clientNames, setClientNames] = useState<Map<string, string>>(new Map());
  const [offered, setOffered] = useState<string[]>([]);

  useEffect(() => {
    void call('staffList', {})
      .then(setStaff)
      .catch(() => setStaff([]));
  }, []);

  useEffect(() => {
    let current = true;
    void call('clientList', { query: clientQuery.trim(), limit: 50 })
      .then((page) => {
        if (!current) return;
        setOffered(page.items.map((c) => c.id));
        setClientNames((names) => new Map([...names, ...page.items.map((c) => [c.id, c.name] as const)]));
      })
      .catch(() => current && setOffered([]));
    return () => {
      current = false;
    };
  }, [clientQuery]);

  async function onOk() {
    const [from, to] = range ?? [null, null];
    if (!title.trim() || !from || !to) {
      void message.warning(t('incidents.newRequired'));
      return;
    }
    const result = await openByHand(title.trim(), { staffIds, clientIds, from: from.toISOString(), to: to.toISOString() });
    if (!result.ok) void message.error(errorText(result.error));
    else {
      void message.success(t('incidents.opened'));
      onClose();
      navigate({ name: 'incidents', id: result.data.id });
    }
  }

  return (
    <Modal open title={t('incidents.newTitle')} okText={t('incidents.confirm')} cancelText={t('incidents.cancel')} onOk={() => void onOk()} onCancel={onClose} destroyOnHidden>
      <Form layout="vertical">
        <Form.Item label={t('incidents.newName')} required>
          <Input value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} data-testid="incident-new-title" />
        </Form.Item>
        <Form.Item label={t('incidents.newWindow')} required>
          <DatePicker.RangePicker showTime value={range} onChange={(v) => setRange(v)} />
        </Form.Item>
        <Form.Item label={t('incidents.newStaff')}>
          <Select mode="multiple" value={staffIds} onChange={setStaffIds} options={staff.map((s) => ({ value: s.id, label: s.name }))} />
        </Form.Item>
        <Form.Item label={t('incidents.newClients')}>
          <Select
            mode="multiple"
            showSearch
            filterOption={false}
            onSearch={setClientQuery}
            value={clientIds}
            onChange={setClientIds}
            options={[...new Set([...clientIds, ...offered])].map((id) => ({ value: id, label: clientNames.get(id) ?? id }))}
            data-testid="incident-new-clients"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
