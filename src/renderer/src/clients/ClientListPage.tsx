import { ExportOutlined, ImportOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Empty, Input, Select, Spin, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CLIENT_STATUSES, LABELS, type ClientStatus, type Label } from '../../../shared/domain';
import { useCan } from '../admin/access-store';
import { useErrorText } from '../bridge/useErrorText';
import { useClientListStore } from '../stores/client-list-store';
import { useRouteStore } from '../stores/route-store';
import { ClientExportModal } from './ClientExportModal';
import { ClientForm } from './ClientForm';
import { ClientRows } from './ClientRows';
import { useClientImport } from './useClientImport';
import { useDebouncedValue } from './useDebouncedValue';

const SEARCH_DEBOUNCE_MS = 250;
const ALL = 'all';

/** 客户档案: search, filter by label and by status (服务中, 已归档, 已解除委托), virtualised list, new-client drawer; 导入 / 导出 for owners and admins. */
export function ClientListPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { items, total, loading, error, query, label, status, setQuery, setLabel, setStatus, load, loadMore } = useClientListStore();
  const navigate = useRouteStore((s) => s.navigate);
  const [typed, setTyped] = useState(query);
  const debounced = useDebouncedValue(typed, SEARCH_DEBOUNCE_MS);
  const [creating, setCreating] = useState(false);
  const [exporting, setExporting] = useState(false);
  const mayCreate = useCan('client.create');
  const mayImport = mayCreate;
  const mayExport = useCan('client.export');
  const importer = useClientImport();

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    setQuery(debounced);
  }, [debounced, setQuery]);

  const onEndReached = useCallback(() => void loadMore(), [loadMore]);
  const onOpen = useCallback((id: string) => navigate({ name: 'client', id }), [navigate]);
  const filtered = query.trim() !== '' || label !== null || status !== 'active';

  return (
    <div className="client-list-page" data-testid="client-list-page">
      <div className="page-toolbar">
        <div className="page-title">
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('clients.title')}
          </Typography.Title>
          <Typography.Text type="secondary" data-testid="client-count">
            {t('clients.count', { count: total })}
          </Typography.Text>
        </div>
        <Input
          allowClear
          prefix={<SearchOutlined />}
          placeholder={t('clients.searchPlaceholder')}
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          maxLength={200}
          style={{ width: 320 }}
          data-testid="client-search"
        />
        <Select<Label | typeof ALL>
          value={label ?? ALL}
          onChange={(value) => setLabel(value === ALL ? null : value)}
          style={{ width: 140 }}
          aria-label={t('clients.labelFilter')}
          data-testid="label-filter"
          options={[{ value: ALL, label: t('clients.allLabels') }, ...LABELS.map((l) => ({ value: l, label: t(`labels.${l}`) }))]}
        />
        <Select<ClientStatus>
          value={status}
          onChange={setStatus}
          style={{ width: 140 }}
          aria-label={t('clients.statusFilter')}
          data-testid="status-filter"
          options={CLIENT_STATUSES.map((s) => ({ value: s, label: t(`clientStatus.${s}`) }))}
        />
        <div className="page-toolbar-spacer" />
        {mayImport && (
          <Button icon={<ImportOutlined />} loading={importer.picking} onClick={importer.start} data-testid="client-import">
            {t('clientImport.button')}
          </Button>
        )}
        {mayExport && (
          <Button icon={<ExportOutlined />} onClick={() => setExporting(true)} data-testid="client-export">
            {t('clientExport.button')}
          </Button>
        )}
        {mayCreate && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="client-create">
            {t('clients.create')}
          </Button>
        )}
      </div>
      {error && <Alert type="error" showIcon title={t('clients.loadFailed')} description={errorText(error)} style={{ marginBottom: 12 }} />}
      <div className="client-list-body">
        {items.length === 0 ? (
          <div className="client-list-empty">
            {loading ? <Spin /> : <Empty description={filtered ? t('clients.noMatch') : t('clients.empty')} />}
          </div>
        ) : (
          <ClientRows items={items} hasMore={items.length < total && !error} onEndReached={onEndReached} onOpen={onOpen} />
        )}
      </div>
      {importer.modals}
      <ClientExportModal open={exporting} onClose={() => setExporting(false)} />
      <ClientForm
        open={creating && mayCreate}
        onClose={() => setCreating(false)}
        onCreated={() => {
          setCreating(false);
          void load();
        }}
      />
    </div>
  );
}
