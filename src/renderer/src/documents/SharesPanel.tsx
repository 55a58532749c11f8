import { Alert, Table, Tag, Typography, type TableProps } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { ShareEntry } from '../../../shared/shares';
import { useErrorText } from '../bridge/useErrorText';
import { formatDateTime } from '../format/dates';
import { useSharesStore } from '../stores/shares-store';

/** 分享记录: the client's share register, newest first (who shared what with whom, why, until when). */
export function SharesPanel({ clientId }: { clientId: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { entries, loading, error, load } = useSharesStore();
  const mine = useSharesStore((s) => s.clientId === clientId);

  useEffect(() => {
    void load(clientId);
  }, [clientId, load]);

  const today = new Date().toISOString().slice(0, 10);
  const columns: TableProps<ShareEntry>['columns'] = [
    { key: 'createdAt', title: t('shares.columns.createdAt'), render: (_, e) => formatDateTime(e.createdAt), width: 150 },
    { key: 'createdBy', title: t('shares.columns.createdBy'), render: (_, e) => e.createdBy.name, width: 100 },
    { key: 'recipient', title: t('shares.columns.recipient'), dataIndex: 'recipient' },
    { key: 'purpose', title: t('shares.columns.purpose'), dataIndex: 'purpose' },
    {
      key: 'until',
      title: t('shares.columns.until'),
      width: 130,
      render: (_, e) => (e.until < today ? <Tag>{t('shares.expired', { date: e.until })}</Tag> : e.until),
    },
    { key: 'files', title: t('shares.columns.files'), width: 80, render: (_, e) => e.files.length },
    { key: 'encryption', title: t('shares.columns.encryption'), width: 110, render: (_, e) => t(e.encryption === 'passphrase' ? 'shares.byPassphraseShort' : 'shares.byRecipientShort') },
  ];
  return (
    <div data-testid="shares-panel">
      <Typography.Paragraph type="secondary">{t('shares.registerIntro')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={t('shares.loadFailed')} description={errorText(error)} />}
      <Table<ShareEntry>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={mine ? entries : []}
        columns={columns}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        expandable={{
          expandedRowRender: (e) => (
            <ul className="share-files">
              {e.files.map((f) => (
                <li key={f.name}>
                  {f.name.replace(/^files\//, '')} {!f.watermarked && <Tag>{t('shares.noWatermark')}</Tag>}
                </li>
              ))}
            </ul>
          ),
        }}
        locale={{ emptyText: t('shares.empty') }}
        data-testid="shares-table"
      />
    </div>
  );
}
