import { ExportOutlined, ImportOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Segmented, Space, Tabs, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EXPIRY_WINDOWS, type ExpiryWindow } from '../../../shared/credentials';
import type { ErrorData } from '../../../shared/errors';
import { useCan } from '../admin/access-store';
import { useErrorText } from '../bridge/useErrorText';
import { useCredentialsStore } from '../stores/credentials-store';
import { useRouteStore, type CredentialsTab } from '../stores/route-store';
import { CredentialSummaryTable } from './CredentialSummaryTable';
import { ExportAllModal } from './ExportAllModal';
import { useCredentialImport } from './useCredentialImport';
import './credentials.css';

/** 账号到期与更换: across the clients one holds, what expires (30/60/90 days), what is 待更换, weak and reused passwords. */
export function CredentialsPage() {
  const { t } = useTranslation();
  const route = useRouteStore((s) => s.route);
  const { expiryDays, expiring, rotation, hygiene, loadExpiring, loadRotation, loadHygiene } = useCredentialsStore();
  const mayEdit = useCan('cred.edit');
  const mayExportAll = useCan('cred.export');
  const [tab, setTab] = useState<CredentialsTab>('expiring');
  const [exporting, setExporting] = useState(false);

  const loadAll = useCallback(() => {
    void loadExpiring();
    void loadRotation();
    void loadHygiene();
  }, [loadExpiring, loadRotation, loadHygiene]);
  const importer = useCredentialImport(loadAll);

  useEffect(() => {
    loadAll();
  }, [loadAll]);

  // The reminder's link and the main navigation may ask for a tab.
  useEffect(() => {
    if (route.name === 'credentials') setTab(route.tab ?? 'expiring');
  }, [route]);

  return (
    <div className="admin-page cred-page" data-testid="cred-page">
      <div className="cred-page-toolbar">
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('cred.page.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('cred.page.intro')}</Typography.Text>
        </div>
        <Space>
          <Button icon={<ReloadOutlined />} onClick={loadAll}>
            {t('cred.page.refresh')}
          </Button>
          {mayEdit && (
            <Button icon={<ImportOutlined />} loading={importer.picking} onClick={() => importer.start(null)} data-testid="cred-page-import">
              {t('cred.import.button')}
            </Button>
          )}
          {mayExportAll && (
            <Button icon={<ExportOutlined />} onClick={() => setExporting(true)} data-testid="cred-export-all">
              {t('cred.exportAll.button')}
            </Button>
          )}
        </Space>
      </div>
      <Tabs
        activeKey={tab}
        onChange={(key) => setTab(key as CredentialsTab)}
        items={[
          {
            key: 'expiring',
            label: <span data-testid="cred-page-tab-expiring">{t('cred.page.expiring')}</span>,
            children: (
              <>
                <Segmented<ExpiryWindow>
                  value={expiryDays}
                  onChange={(days) => void loadExpiring(days)}
                  options={EXPIRY_WINDOWS.map((days) => ({ value: days, label: t('cred.page.within', { days }) }))}
                  style={{ marginBottom: 12 }}
                  data-testid="cred-expiry-window"
                />
                <LoadError error={expiring.error} />
                <CredentialSummaryTable
                  credentials={expiring.data}
                  loading={expiring.loading}
                  empty={t('cred.page.emptyExpiring', { days: expiryDays })}
                  testId="cred-expiring-table"
                />
              </>
            ),
          },
          {
            key: 'rotation',
            label: <span data-testid="cred-page-tab-rotation">{rotation.data.length > 0 ? t('cred.page.rotationCount', { count: rotation.data.length }) : t('cred.page.rotation')}</span>,
            children: (
              <>
                <LoadError error={rotation.error} />
                <CredentialSummaryTable credentials={rotation.data} loading={rotation.loading} empty={t('cred.page.emptyRotation')} markable testId="cred-rotation-table" />
              </>
            ),
          },
          {
            key: 'hygiene',
            label: <span data-testid="cred-page-tab-hygiene">{t('cred.page.hygiene')}</span>,
            children: (
              <>
                <LoadError error={hygiene.error} />
                <Typography.Title level={5}>{t('cred.page.weak', { count: hygiene.data.weak.length })}</Typography.Title>
                <CredentialSummaryTable credentials={hygiene.data.weak} loading={hygiene.loading} empty={t('cred.page.emptyWeak')} testId="cred-weak-table" />
                <Typography.Title level={5} style={{ marginTop: 16 }}>
                  {t('cred.page.reused', { count: hygiene.data.reused.length })}
                </Typography.Title>
                <CredentialSummaryTable credentials={hygiene.data.reused} loading={hygiene.loading} empty={t('cred.page.emptyReused')} testId="cred-reused-table" />
              </>
            ),
          },
        ]}
      />
      {importer.modals}
      {mayExportAll && <ExportAllModal open={exporting} onClose={() => setExporting(false)} />}
    </div>
  );
}

function LoadError({ error }: { error: ErrorData | null }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  if (!error) return null;
  return <Alert type="error" showIcon title={t('cred.page.loadFailed')} description={errorText(error)} style={{ marginBottom: 12 }} />;
}
