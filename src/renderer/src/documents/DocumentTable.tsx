import { Button, Empty, Space, Table, Tag, type TableColumnsType, type TableProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCan } from '../admin/access-store';
import { useCanOnClient } from '../clients/useCanOnClient';
import type { DocumentMeta } from '../../../shared/domain';
import { NameCell, periodKey, periodText, SizeCell, TagsCell } from './columns';
import { StatusTags } from './StatusTags';
import { formatDate } from '../format/dates';
import type { Selection } from './useBulkDocuments';

interface Props {
  documents: DocumentMeta[];
  loading: boolean;
  filtered: boolean;
  onPreview: (doc: DocumentMeta) => void;
  onExport: (doc: DocumentMeta) => void;
  onEdit: (doc: DocumentMeta) => void;
  onTrash: (doc: DocumentMeta) => void;
  /** The checkbox column for 批量 (select all on the page, shift-click for a range); none without it. */
  selection?: Selection;
}

/** The client's documents (资料): newest first, sortable, with the four daily actions. */
export function DocumentTable({ documents, loading, filtered, onPreview, onExport, onEdit, onTrash, selection }: Props) {
  const { t, i18n } = useTranslation();
  // Only what this role may do (auditors look, they do not change or take out).
  const mayImport = useCanOnClient('doc.import');
  const mayExport = useCan('doc.export');
  const mayEdit = useCanOnClient('doc.edit');
  const mayTrash = useCanOnClient('doc.trash');

  const columns: TableColumnsType<DocumentMeta> = [
    {
      key: 'name',
      title: t('documents.columns.name'),
      ellipsis: true,
      sorter: (a, b) => a.name.localeCompare(b.name, 'zh-CN'),
      render: (_, doc) => (
        <span className="doc-name-with-status">
          <NameCell doc={doc} onOpen={() => onPreview(doc)} />
          <StatusTags doc={doc} />
        </span>
      ),
    },
    {
      key: 'category',
      title: t('documents.columns.category'),
      width: 120,
      render: (_, doc) => (doc.category ? <Tag color="blue">{doc.category}</Tag> : <span className="cell-none">{t('common.none')}</span>),
    },
    {
      key: 'period',
      title: t('documents.columns.period'),
      width: 110,
      sorter: (a, b) => periodKey(a) - periodKey(b),
      render: (_, doc) => periodText(t, doc),
    },
    { key: 'tags', title: t('documents.columns.tags'), width: 160, render: (_, doc) => <TagsCell tags={doc.tags} /> },
    { key: 'size', title: t('documents.columns.size'), width: 90, align: 'right', sorter: (a, b) => a.size - b.size, render: (_, doc) => <SizeCell size={doc.size} /> },
    {
      key: 'createdAt',
      title: t('documents.columns.createdAt'),
      width: 110,
      defaultSortOrder: 'descend',
      sorter: (a, b) => a.createdAt.localeCompare(b.createdAt),
      render: (_, doc) => formatDate(doc.createdAt),
    },
    {
      key: 'actions',
      title: t('documents.columns.actions'),
      // English labels are longer than the Chinese ones.
      width: i18n.language === 'en' ? 300 : 236,
      render: (_, doc) => (
        <Space size={0} className="doc-actions">
          <Button type="link" size="small" onClick={() => onPreview(doc)}>
            {t('documents.actions.preview')}
          </Button>
          {mayExport && (
            <Button type="link" size="small" onClick={() => onExport(doc)}>
              {t('documents.actions.export')}
            </Button>
          )}
          {mayEdit && (
            <Button type="link" size="small" onClick={() => onEdit(doc)}>
              {t('documents.actions.edit')}
            </Button>
          )}
          {mayTrash && (
            <Button type="link" size="small" danger onClick={() => onTrash(doc)}>
              {t('documents.actions.trash')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Table<DocumentMeta>
      size="middle"
      rowKey="id"
      columns={columns}
      dataSource={documents}
      rowSelection={selectionProps(selection, (doc) => t('bulk.selectOne', { name: doc.name }))}
      loading={loading && documents.length === 0}
      pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false, showTotal: (total) => t('documents.total', { count: total }) }}
      onRow={() => ({ 'data-testid': 'document-row' }) as React.HTMLAttributes<HTMLElement>}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={filtered ? t('documents.noMatch') : mayImport ? t('documents.empty') : t('documents.emptyReadOnly')} /> }}
      data-testid="document-table"
    />
  );
}

/** antd's row selection for a Selection: the header box takes the page shown; shift-click takes a range. */
export function selectionProps(selection: Selection | undefined, labelOf: (doc: DocumentMeta) => string): TableProps<DocumentMeta>['rowSelection'] {
  if (!selection) return undefined;
  return {
    selectedRowKeys: selection.selectedIds,
    onChange: (keys) => selection.onChange(keys.map(String)),
    getCheckboxProps: (doc) => ({ 'aria-label': labelOf(doc) }),
  };
}
