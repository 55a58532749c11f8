import { ImportOutlined, LockOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Empty, Space, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CredentialSummary } from '../../../shared/credentials';
import type { ClientDetail } from '../../../shared/domain';
import { useCan } from '../admin/access-store';
import { useCanOnClient } from '../clients/useCanOnClient';
import { useErrorText } from '../bridge/useErrorText';
import { useCredentialsStore } from '../stores/credentials-store';
import { CredentialCard } from './CredentialCard';
import { CredentialFormModal } from './CredentialFormModal';
import { HistoryModal } from './HistoryModal';
import { useCredentialImport } from './useCredentialImport';
import './credentials.css';

/** 账号密码 of one client: its credentials as cards, 新增账号 and 导入 (this client as the default), the add/edit form and the password history. */
export function CredentialsPanel({ client }: { client: ClientDetail }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { clientId, items, loading, error, load } = useCredentialsStore();
  const mayUse = useCan('cred.use');
  const mayEdit = useCanOnClient('cred.edit');
  const [editing, setEditing] = useState<CredentialSummary | null>(null);
  const [historyOf, setHistoryOf] = useState<CredentialSummary | null>(null);
  const [adding, setAdding] = useState(false);
  const importer = useCredentialImport();

  useEffect(() => {
    void load(client.id);
  }, [client.id, load]);

  const shown = clientId === client.id ? items : [];
  const formOpen = adding || editing !== null;

  return (
    <div className="cred-panel" data-testid="cred-panel">
      <div className="cred-toolbar">
        <Typography.Text type="secondary" className="cred-hint">
          <LockOutlined /> {t('cred.panel.maskedHint')}
        </Typography.Text>
        {mayEdit && (
          <Space>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="cred-add">
              {t('cred.panel.add')}
            </Button>
            <Button icon={<ImportOutlined />} loading={importer.picking} onClick={() => importer.start(client.id)} data-testid="cred-import">
              {t('cred.panel.import')}
            </Button>
          </Space>
        )}
      </div>
      {error && <Alert type="error" showIcon title={t('cred.panel.loadFailed')} description={errorText(error)} style={{ marginBottom: 12 }} />}
      {loading && shown.length === 0 && <Spin style={{ display: 'block', margin: '32px auto' }} />}
      {!loading && !error && shown.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cred.panel.empty')} data-testid="cred-empty" />}
      <div className="cred-list" data-testid="cred-list">
        {shown.map((c) => (
          <CredentialCard key={c.id} credential={c} mayUse={mayUse} mayEdit={mayEdit} onEdit={setEditing} onHistory={setHistoryOf} />
        ))}
      </div>
      <CredentialFormModal
        open={formOpen}
        clientId={client.id}
        clientName={client.name}
        editing={editing}
        onClose={() => {
          setEditing(null);
          setAdding(false);
        }}
      />
      <HistoryModal credential={historyOf} mayUse={mayUse} onClose={() => setHistoryOf(null)} />
      {importer.modals}
    </div>
  );
}
