import { DownloadOutlined, FileProtectOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, DatePicker, Select, Space, Table, Tag, Typography, type TableProps } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AUDIT_OUTCOMES, type AuditEntry, type AuditOutcome } from '../../../shared/access';
import { AUDIT_WORDS, auditActionLabel, auditActor, auditDetails, auditOutcomeLabel } from '../../../shared/audit-details';
import { currentLocale } from '../i18n';
import { AuditActionFilter } from './AuditActionFilter';
import { useErrorText } from '../bridge/useErrorText';
import { useCan } from './access-store';
import { PAGE_SIZE, useAuditStore } from './audit-store';
import { formatDateTime } from '../format/dates';

const OUTCOME_COLOR: Record<AuditOutcome, string> = { success: 'success', failure: 'warning', denied: 'error' };

/** 审计日志: every security-relevant event, filtered and paged; export as CSV. */
export function AuditLogPage() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const errorText = useErrorText();
  const { filter, page, items, total, loading, error, staffOptions: staff, clientOptions: clients, setFilter, setPage, load, loadOptions, exportCsv: exportFiltered } =
    useAuditStore();
  const exportSelfCheck = useAuditStore((s) => s.exportCompliance);
  const mayExport = useCan('audit.export');
  // The self-check reads every staff record: owners and admins.
  const maySelfCheck = useCan('staff.manage');
  const [exporting, setExporting] = useState(false);
  const [checking, setChecking] = useState(false);

  useEffect(() => {
    void load();
    void loadOptions();
  }, [load, loadOptions]);

  async function exportCsv() {
    setExporting(true);
    const saved = await exportFiltered();
    setExporting(false);
    if (!saved.ok) void message.error(errorText(saved.error));
    else if (saved.data.cancelled) void message.info(t('admin.audit.cancelled'));
    else void message.success(t('admin.audit.exported', { count: saved.data.count, path: saved.data.path }));
  }

  async function exportCompliance() {
    setChecking(true);
    const saved = await exportSelfCheck();
    setChecking(false);
    if (!saved.ok) void message.error(errorText(saved.error));
    else if (saved.data.cancelled) void message.info(t('people.selfCheck.cancelled'));
    else void message.success(t('people.selfCheck.exported', { path: saved.data.path }));
  }

  const words = AUDIT_WORDS[currentLocale()];
  const dash = words.words.dash;

  const columns: TableProps<AuditEntry>['columns'] = [
    { key: 'seq', title: t('admin.audit.seq'), dataIndex: 'seq', width: 70 },
    { key: 'at', title: t('admin.audit.at'), render: (_, e) => formatDateTime(e.at), width: 170 },
    { key: 'staff', title: t('admin.audit.staff'), render: (_, e) => <span data-testid="audit-staff">{auditActor(e, words)}</span> },
    {
      key: 'role',
      title: t('admin.audit.role'),
      render: (_, e) => (e.role === 'owner' || e.role === 'admin' || e.role === 'accountant' || e.role === 'auditor' ? t(`roles.${e.role}`) : (e.role ?? dash)),
    },
    { key: 'action', title: t('admin.audit.action'), render: (_, e) => <span data-testid="audit-action">{auditActionLabel(e.action, words)}</span> },
    { key: 'client', title: t('admin.audit.client'), render: (_, e) => e.clientName ?? dash },
    { key: 'document', title: t('admin.audit.document'), render: (_, e) => e.documentName ?? dash },
    { key: 'outcome', title: t('admin.audit.outcome'), render: (_, e) => <Tag color={OUTCOME_COLOR[e.outcome]}>{auditOutcomeLabel(e.outcome, words)}</Tag> },
    {
      key: 'details',
      title: t('admin.audit.details'),
      render: (_, e) => <span data-testid="audit-details">{auditDetails(e, words) || dash}</span>,
    },
    { key: 'machine', title: t('admin.audit.machine'), dataIndex: 'machine' },
  ];

  return (
    <div className="admin-page" data-testid="audit-page">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('admin.audit.title')}
        </Typography.Title>
        <Space>
          <Button icon={<ReloadOutlined />} onClick={() => void load()}>
            {t('admin.audit.refresh')}
          </Button>
          {mayExport && (
            <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportCsv()} data-testid="audit-export">
              {t('admin.audit.export')}
            </Button>
          )}
          {maySelfCheck && (
            <Button icon={<FileProtectOutlined />} loading={checking} onClick={() => void exportCompliance()} data-testid="compliance-export">
              {t('people.selfCheck.export')}
            </Button>
          )}
        </Space>
      </Space>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select<string>
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: 160 }}
          placeholder={t('admin.audit.filterStaff')}
          value={filter.staffId ?? undefined}
          onChange={(v) => setFilter({ staffId: v ?? null })}
          options={staff.map((s) => ({ value: s.id, label: s.name }))}
          data-testid="audit-filter-staff"
        />
        <Select<string>
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: 220 }}
          placeholder={t('admin.audit.filterClient')}
          value={filter.clientId ?? undefined}
          onChange={(v) => setFilter({ clientId: v ?? null })}
          options={clients.map((c) => ({ value: c.id, label: c.name }))}
          data-testid="audit-filter-client"
        />
        <AuditActionFilter words={words} value={filter.action} onChange={(action) => setFilter({ action })} />
        <Select<AuditOutcome>
          allowClear
          style={{ width: 120 }}
          placeholder={t('admin.audit.filterOutcome')}
          value={filter.outcome ?? undefined}
          onChange={(v) => setFilter({ outcome: v ?? null })}
          options={AUDIT_OUTCOMES.map((o) => ({ value: o, label: auditOutcomeLabel(o, words) }))}
        />
        <DatePicker.RangePicker
          showTime
          placeholder={[t('admin.audit.rangeFrom'), t('admin.audit.rangeTo')]}
          onChange={(range) => setFilter({ from: range?.[0]?.toISOString() ?? null, to: range?.[1]?.toISOString() ?? null })}
        />
      </Space>
      {error && <Alert type="error" showIcon title={t('admin.audit.loadFailed')} description={errorText(error)} style={{ marginBottom: 12 }} />}
      <Table<AuditEntry>
        rowKey="seq"
        size="small"
        loading={loading}
        columns={columns}
        dataSource={items}
        onRow={() => ({ 'data-testid': 'audit-row' }) as React.HTMLAttributes<HTMLElement>}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total,
          showSizeChanger: false,
          showTotal: (n) => t('admin.audit.total', { total: n }),
          onChange: setPage,
        }}
      />
    </div>
  );
}
