import { Alert, Button, Modal, Table, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CredentialSummary, PasswordHistoryEntry } from '../../../shared/credentials';
import type { ErrorData } from '../../../shared/errors';
import { useErrorText } from '../bridge/useErrorText';
import { useCredentialsStore } from '../stores/credentials-store';
import { SecretField } from './SecretField';
import { formatDateTime } from '../format/dates';

interface Props {
  /** Whose history; null keeps the modal closed. */
  credential: CredentialSummary | null;
  mayUse: boolean;
  onClose: () => void;
}

type Row = PasswordHistoryEntry & { index: number };

/** 历史密码: when each old value was replaced and by whom; an old value is revealed or copied like a current one. */
export function HistoryModal({ credential, mayUse, onClose }: Props) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const history = useCredentialsStore((s) => s.history);
  const [rows, setRows] = useState<Row[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<ErrorData | null>(null);
  const id = credential?.id ?? null;

  useEffect(() => {
    setRows([]);
    setError(null);
    if (!id) return;
    let live = true;
    setLoading(true);
    void history(id).then((answer) => {
      if (!live) return;
      setLoading(false);
      if (answer.ok) setRows(answer.data.map((entry, index) => ({ ...entry, index })));
      else setError(answer.error);
    });
    return () => {
      live = false;
    };
  }, [id, history]);

  const columns: TableColumnsType<Row> = [
    { key: 'secret', title: t('cred.history.secret'), width: 110, render: (_, r) => t(`cred.secrets.${r.secret}`) },
    { key: 'changedAt', title: t('cred.history.changedAt'), width: 170, render: (_, r) => formatDateTime(r.changedAt) },
    { key: 'changedBy', title: t('cred.history.changedBy'), width: 100, dataIndex: 'changedBy' },
    {
      key: 'value',
      title: t('cred.history.value'),
      render: (_, r) => (id ? <SecretField credentialId={id} secretRef={{ history: r.index }} mayUse={mayUse} testId={`cred-history-${r.index}`} /> : null),
    },
  ];

  return (
    <Modal
      open={credential !== null}
      title={t('cred.history.title', { title: credential?.title ?? '' })}
      onCancel={onClose}
      footer={<Button onClick={onClose}>{t('cred.history.close')}</Button>}
      width={720}
      destroyOnHidden
      data-testid="cred-history-modal"
    >
      {error && <Alert type="error" showIcon title={t('cred.history.loadFailed')} description={errorText(error)} style={{ marginBottom: 12 }} />}
      <Table<Row> rowKey="index" size="small" columns={columns} dataSource={rows} loading={loading} pagination={false} locale={{ emptyText: t('cred.history.empty') }} />
    </Modal>
  );
}
