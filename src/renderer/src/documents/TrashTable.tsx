import { Alert, Button, Empty, Space, Table, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCan } from '../admin/access-store';
import { useCanOnClient } from '../clients/useCanOnClient';
import type { DocumentMeta } from '../../../shared/domain';
import { NameCell, periodText, SizeCell } from './columns';
import { formatDateTime } from '../format/dates';
import { selectionProps } from './DocumentTable';
import type { Selection } from './useBulkDocuments';

interface Props {
  documents: DocumentMeta[];
  loading: boolean;
  onRestore: (doc: DocumentMeta) => void;
  onDelete: (doc: DocumentMeta) => void;
  /** The checkbox column for restoring in bulk. */
  selection?: Selection;
}

/** 回收站: trashed documents, restorable until deleted for good. */
export function TrashTable({ documents, loading, onRestore, onDelete, selection }: Props) {
  const { t, i18n } = useTranslation();
  const mayRestore = useCanOnClient('doc.trash');
  const mayDelete = useCan('doc.delete');
  const columns: TableColumnsType<DocumentMeta> = [
    { key: 'name', title: t('documents.columns.name'), ellipsis: true, render: (_, doc) => <NameCell doc={doc} /> },
    { key: 'category', title: t('documents.columns.category'), width: 120, render: (_, doc) => doc.category || t('common.none') },
    { key: 'period', title: t('documents.columns.period'), width: 110, render: (_, doc) => periodText(t, doc) },
    { key: 'size', title: t('documents.columns.size'), width: 90, align: 'right', render: (_, doc) => <SizeCell size={doc.size} /> },
    { key: 'trashedAt', title: t('trash.trashedAt'), width: 170, render: (_, doc) => formatDateTime(doc.updatedAt) },
    ...(mayRestore || mayDelete
      ? [
          {
            key: 'actions',
            title: t('documents.columns.actions'),
            width: i18n.language === 'en' ? 230 : 170,
            render: (_: unknown, doc: DocumentMeta) => (
              <Space size={0}>
                {mayRestore && (
                  <Button type="link" size="small" onClick={() => onRestore(doc)}>
                    {t('trash.restore')}
                  </Button>
                )}
                {mayDelete && (
                  <Button type="link" size="small" danger onClick={() => onDelete(doc)}>
                    {t('trash.delete')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]
      : []),
  ];
  return (
    <>
      <Alert type="info" showIcon className="trash-hint" title={t('trash.hint')} />
      <Table<DocumentMeta>
        size="middle"
        rowKey="id"
        columns={columns}
        dataSource={documents}
        rowSelection={selectionProps(selection, (doc) => t('bulk.selectOne', { name: doc.name }))}
        loading={loading && documents.length === 0}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
        onRow={() => ({ 'data-testid': 'trash-row' }) as React.HTMLAttributes<HTMLElement>}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('trash.empty')} /> }}
        data-testid="trash-table"
      />
    </>
  );
}
