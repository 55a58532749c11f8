import { FileProtectOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Checkbox, Popconfirm, Select, Space, Table, Tag, Typography, type TableProps } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GrantInfo } from '../../../shared/access';
import { useErrorText } from '../bridge/useErrorText';
import { useCan } from './access-store';
import { useGrantsStore } from './grants-store';
import { formatDateTime } from '../format/dates';

/** The 授权 tab of a client's page (owner/admin): who holds a grant, add one, revoke one (which rotates the client key). */
export function GrantsPanel({ clientId }: { clientId: string }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const errorText = useErrorText();
  const { grants: loadedGrants, staff: loadedStaff, error: loadError, clientId: loadedFor, load, add: addGrant, revoke: revokeGrant } = useGrantsStore();
  // Another client's grants are never shown, even for the moment before this client's load starts.
  const current = loadedFor === clientId;
  const grants = current ? loadedGrants : [];
  const staff = current ? loadedStaff : [];
  const error = current ? loadError : null;
  const [picked, setPicked] = useState<string | null>(null);
  const [assign, setAssign] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void load(clientId);
  }, [clientId, load]);

  async function add() {
    if (!picked) return;
    setBusy(true);
    const grant = await addGrant(clientId, picked, assign);
    if (grant.ok) {
      void message.success(t('admin.grants.added', { name: grant.data.staffName }));
      setPicked(null);
      setAssign(false);
    } else {
      void message.error(errorText(grant.error));
    }
    setBusy(false);
    await load(clientId);
  }

  async function revoke(grant: GrantInfo) {
    const failure = await revokeGrant(clientId, grant.staffId);
    if (failure) void message.error(errorText(failure));
    else void message.success(t('admin.grants.revoked', { name: grant.staffName }));
    await load(clientId);
  }

  const roleOf = (id: string) => staff.find((s) => s.id === id)?.role;
  // Owners and admins reach every client through the master key; only the others need a grant.
  const grantable = staff.filter((s) => s.status === 'active' && (s.role === 'accountant' || s.role === 'auditor') && !grants.some((g) => g.staffId === s.id));

  const columns: TableProps<GrantInfo>['columns'] = [
    {
      key: 'staff',
      title: t('admin.grants.staff'),
      render: (_, g) => (
        <span>
          {g.staffName} {g.assigned && <Tag color="blue">{t('admin.grants.assigned')}</Tag>}
        </span>
      ),
    },
    {
      key: 'role',
      title: t('admin.grants.role'),
      render: (_, g) => {
        const role = roleOf(g.staffId);
        return role ? t(`roles.${role}`) : '—';
      },
    },
    { key: 'grantedBy', title: t('admin.grants.grantedBy'), render: (_, g) => g.grantedByName ?? '—' },
    { key: 'grantedAt', title: t('admin.grants.grantedAt'), render: (_, g) => formatDateTime(g.grantedAt) },
    {
      key: 'revoke',
      title: '',
      render: (_, g) => (
        <Popconfirm
          title={t('admin.grants.revokeConfirm', { name: g.staffName })}
          description={t('admin.grants.revokeHint')}
          okText={t('admin.grants.revoke')}
          okButtonProps={{ danger: true }}
          cancelText={t('common.cancel')}
          onConfirm={() => revoke(g)}
        >
          <Button size="small" danger data-testid="grant-revoke">
            {t('admin.grants.revoke')}
          </Button>
        </Popconfirm>
      ),
    },
  ];

  return (
    <section className="grants-panel" data-testid="grants-panel">
      <Typography.Paragraph type="secondary">{t('admin.grants.intro')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={t('admin.grants.loadFailed')} description={errorText(error)} style={{ marginBottom: 12 }} />}
      <Space style={{ marginBottom: 12 }}>
        <Select<string>
          style={{ width: 220 }}
          placeholder={t('admin.grants.pick')}
          value={picked ?? undefined}
          onChange={setPicked}
          options={grantable.map((s) => ({ value: s.id, label: `${s.name}（${t(`roles.${s.role}`)}）` }))}
          data-testid="grant-pick"
        />
        <Button type="primary" disabled={!picked} loading={busy} onClick={() => void add()} data-testid="grant-add">
          {t('admin.grants.add')}
        </Button>
        <Checkbox checked={assign} onChange={(e) => setAssign(e.target.checked)} data-testid="grant-assign">
          {t('admin.grants.assign')}
        </Checkbox>
      </Space>
      <Table<GrantInfo>
        rowKey="staffId"
        size="small"
        columns={columns}
        dataSource={grants}
        pagination={false}
        locale={{ emptyText: t('admin.grants.none') }}
        onRow={() => ({ 'data-testid': 'grant-row' }) as React.HTMLAttributes<HTMLElement>}
      />
    </section>
  );
}

/** 客户信息访问报告: a PDF of who accessed this client, saved where the save dialog says. */
export function AccessReportButton({ clientId }: { clientId: string }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const errorText = useErrorText();
  const saveAccessReport = useGrantsStore((s) => s.saveAccessReport);
  const [busy, setBusy] = useState(false);

  async function run() {
    setBusy(true);
    const saved = await saveAccessReport(clientId);
    setBusy(false);
    if (!saved.ok) void message.error(errorText(saved.error));
    else if (saved.data.cancelled) void message.info(t('admin.report.cancelled'));
    else void message.success(t('admin.report.saved', { path: saved.data.path, count: saved.data.count }));
  }

  return (
    <Button icon={<FileProtectOutlined />} loading={busy} onClick={() => void run()} data-testid="access-report">
      {t('admin.report.button')}
    </Button>
  );
}

export function ClientReportAction({ clientId }: { clientId: string }) {
  const mayReport = useCan('report.access');
  return mayReport ? <AccessReportButton clientId={clientId} /> : null;
}
