import { UserAddOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Select, Space, Table, Tag, Typography, type TableProps } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ASSIGNABLE_ROLES, type AssignableRole, type StaffInfo } from '../../../shared/access';
import { canManageRole, holdsMasterKey } from '../../../shared/permissions';
import { useErrorText } from '../bridge/useErrorText';
import { useAccessStore } from './access-store';
import { AddStaffModal } from './AddStaffModal';
import { OffboardModal } from './OffboardModal';
import { ResetPasswordModal } from '../passwords/ResetPasswordModal';
import { useStaffStore } from './staff-store';
import { useComplianceStore } from './compliance-store';
import { NdaPolicyCard } from './NdaPolicyCard';
import { NdaStateTag } from './NdaStateTag';
import { StaffComplianceDrawer } from './StaffComplianceDrawer';

/** 员工: everyone who can sign in, adding staff, changing roles and offboarding (owner/admin). */
export function StaffPage() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const errorText = useErrorText();
  const { staff, loading, error, load, updateRole } = useStaffStore();
  const me = useAccessStore((s) => s.access?.staff ?? null);
  const [adding, setAdding] = useState(false);
  const [offboarding, setOffboarding] = useState<StaffInfo | null>(null);
  const [resetting, setResetting] = useState<StaffInfo | null>(null);
  // 保密协议: owners and admins only (the records open with the master key).
  const seesCompliance = me !== null && holdsMasterKey(me.role);
  const compliance = useComplianceStore((s) => s.view);
  const loadCompliance = useComplianceStore((s) => s.load);
  const openCompliance = useComplianceStore((s) => s.open);
  const openedId = useComplianceStore((s) => s.detail?.summary.staffId ?? null);

  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (seesCompliance) void loadCompliance();
  }, [seesCompliance, loadCompliance]);

  async function showCompliance(person: StaffInfo) {
    const failure = await openCompliance(person.id);
    if (failure) void message.error(errorText(failure));
  }

  async function changeRole(person: StaffInfo, role: AssignableRole) {
    const failure = await updateRole(person.id, role);
    if (failure) void message.error(errorText(failure));
    else void message.success(t('admin.staff.roleChanged', { name: person.name }));
    await load();
  }

  const manages = (person: StaffInfo) => me !== null && person.id !== me.id && person.status === 'active' && canManageRole(me.role, person.role);

  const columns: TableProps<StaffInfo>['columns'] = [
    {
      key: 'name',
      title: t('admin.staff.name'),
      render: (_, p) => (
        <span>
          {p.name}
          {me?.id === p.id && <Typography.Text type="secondary">{t('admin.staff.you')}</Typography.Text>}
        </span>
      ),
    },
    {
      key: 'role',
      title: t('admin.staff.role'),
      render: (_, p) =>
        manages(p) && me ? (
          <Select<AssignableRole>
            size="small"
            style={{ width: 120 }}
            value={p.role as AssignableRole}
            aria-label={t('admin.staff.changeRole')}
            data-testid="staff-role-select"
            options={ASSIGNABLE_ROLES.filter((r) => canManageRole(me.role, r)).map((r) => ({ value: r, label: t(`roles.${r}`) }))}
            onChange={(role) => void changeRole(p, role)}
          />
        ) : (
          <Tag>{t(`roles.${p.role}`)}</Tag>
        ),
    },
    {
      key: 'status',
      title: t('admin.staff.status'),
      render: (_, p) => <Tag color={p.status === 'active' ? 'success' : 'default'}>{t(`admin.staff.${p.status}`)}</Tag>,
    },
    ...(seesCompliance
      ? [
          {
            key: 'nda',
            title: t('people.column'),
            render: (_: unknown, p: StaffInfo) => {
              const row = compliance?.staff.find((s) => s.staffId === p.id);
              return row ? (
                <Space size={4} wrap>
                  <NdaStateTag standing={row.standing} />
                  {row.trainings > 0 && <Typography.Text type="secondary">{t('people.training.count', { count: row.trainings })}</Typography.Text>}
                </Space>
              ) : null;
            },
          },
        ]
      : []),
    { key: 'grantCount', title: t('admin.staff.grantCount'), dataIndex: 'grantCount' },
    { key: 'assignedCount', title: t('admin.staff.assignedCount'), dataIndex: 'assignedCount' },
    {
      key: 'actions',
      title: t('admin.staff.actions'),
      render: (_, p) => (
        <Space size="small">
          {seesCompliance && p.status === 'active' && (
            <Button size="small" onClick={() => void showCompliance(p)} data-testid="staff-compliance">
              {t('people.open')}
            </Button>
          )}
          {manages(p) && (
            <>
              <Button size="small" onClick={() => setResetting(p)} data-testid="staff-reset-password">
                {t('password.reset.action')}
              </Button>
              <Button size="small" danger onClick={() => setOffboarding(p)} data-testid="staff-offboard">
                {t('admin.staff.offboard')}
              </Button>
            </>
          )}
        </Space>
      ),
    },
  ];

  return (
    <div className="admin-page" data-testid="staff-page">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('admin.staff.title')}
        </Typography.Title>
        <Button type="primary" icon={<UserAddOutlined />} onClick={() => setAdding(true)} data-testid="staff-add">
          {t('admin.staff.add')}
        </Button>
      </Space>
      {seesCompliance && compliance && <NdaPolicyCard policy={compliance.policy} editable={me?.role === 'owner'} />}
      {error && <Alert type="error" showIcon title={t('admin.staff.loadFailed')} description={errorText(error)} style={{ marginBottom: 12 }} />}
      <Table<StaffInfo>
        rowKey="id"
        size="small"
        loading={loading}
        columns={columns}
        dataSource={staff}
        pagination={false}
        onRow={(p) => ({ 'data-testid': 'staff-row', 'data-name': p.name }) as React.HTMLAttributes<HTMLElement>}
      />
      {me && (
        <AddStaffModal
          open={adding}
          actorRole={me.role}
          onClose={() => setAdding(false)}
          onAdded={() => {
            setAdding(false);
            void load();
          }}
        />
      )}
      {seesCompliance && <StaffComplianceDrawer canRecord={staff.some((p) => p.id === openedId && manages(p))} />}
      {resetting && <ResetPasswordModal person={resetting} onClose={() => setResetting(null)} />}
      <OffboardModal
        person={offboarding}
        colleagues={staff.filter((p) => p.status === 'active' && p.id !== offboarding?.id)}
        onClose={() => {
          setOffboarding(null);
          void load();
        }}
      />
    </div>
  );
}
