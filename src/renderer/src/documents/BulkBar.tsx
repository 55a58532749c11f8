import { CloseOutlined, DeleteOutlined, EditOutlined, ExportOutlined, ShareAltOutlined, UndoOutlined } from '@ant-design/icons';
import { Button, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { MAX_BULK_DOCUMENTS } from '../../../shared/bulk';
import { useCan } from '../admin/access-store';
import { useCanOnClient } from '../clients/useCanOnClient';

interface Props {
  /** 资料 offers export, edit and trash; 回收站 offers restore. */
  list: 'active' | 'trash';
  count: number;
  busy: boolean;
  onExport?: () => void;
  /** 分享给外部…: an encrypted, watermarked package for an outside party. */
  onShare?: () => void;
  onEdit?: () => void;
  onTrash?: () => void;
  onRestore?: () => void;
  onClear: () => void;
}

/** The bar over a table while documents are selected: how many, and what can be done to all of them. */
export function BulkBar({ list, count, busy, onExport, onShare, onEdit, onTrash, onRestore, onClear }: Props) {
  const { t } = useTranslation();
  const mayExport = useCan('doc.export');
  const mayEdit = useCanOnClient('doc.edit');
  const mayTrash = useCanOnClient('doc.trash');
  if (count === 0) return null;
  const tooMany = count > MAX_BULK_DOCUMENTS;
  const disabled = busy || tooMany;
  return (
    <div className="bulk-bar" role="toolbar" aria-label={t('bulk.barLabel')} data-testid={`bulk-bar-${list}`}>
      <Typography.Text strong type={tooMany ? 'danger' : undefined} data-testid="bulk-count">
        {tooMany ? t('bulk.selectedTooMany', { count, max: MAX_BULK_DOCUMENTS }) : t('bulk.selected', { count })}
      </Typography.Text>
      <Space wrap>
        {list === 'active' && mayExport && onExport && (
          <Button size="small" icon={<ExportOutlined />} disabled={disabled} onClick={onExport}>
            {t('bulk.export')}
          </Button>
        )}
        {list === 'active' && mayExport && onShare && (
          <Button size="small" icon={<ShareAltOutlined />} disabled={disabled} onClick={onShare} data-testid="bulk-share">
            {t('shares.share')}
          </Button>
        )}
        {list === 'active' && mayEdit && onEdit && (
          <Button size="small" icon={<EditOutlined />} disabled={disabled} onClick={onEdit}>
            {t('bulk.edit')}
          </Button>
        )}
        {list === 'active' && mayTrash && onTrash && (
          <Button size="small" danger icon={<DeleteOutlined />} disabled={disabled} onClick={onTrash}>
            {t('bulk.trash')}
          </Button>
        )}
        {list === 'trash' && mayTrash && onRestore && (
          <Button size="small" icon={<UndoOutlined />} disabled={disabled} onClick={onRestore}>
            {t('bulk.restore')}
          </Button>
        )}
        <Button size="small" type="text" icon={<CloseOutlined />} disabled={busy} onClick={onClear}>
          {t('bulk.clear')}
        </Button>
      </Space>
    </div>
  );
}
