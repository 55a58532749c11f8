import { ExportOutlined } from '@ant-design/icons';
import { Button, Descriptions, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCan } from '../admin/access-store';
import { FileIcon } from '../documents/FileIcon';
import { formatSize } from '../documents/format';
import { useTypeName } from './useTypeName';

/** Types the app does not draw (PowerPoint, archives, OFD, old .doc/.xls…): what it is, in words, and 导出 to open it elsewhere. */
export function OtherPreview({ name, mime, size, onExport }: { name: string; mime: string; size: number; onExport: () => void }) {
  const { t } = useTranslation();
  const mayExport = useCan('doc.export');
  const typeName = useTypeName(name, mime);
  return (
    <Result
      icon={<FileIcon mime={mime} size={56} />}
      className="other-preview"
      title={t('preview.noViewerOf', { type: typeName })}
      subTitle={t('preview.noViewerHint')}
      data-testid="other-preview"
      extra={
        mayExport && (
          <Button type="primary" icon={<ExportOutlined />} onClick={onExport} data-testid="other-preview-export">
            {t('documents.actions.export')}
          </Button>
        )
      }
    >
      <Descriptions
        size="small"
        column={1}
        bordered
        items={[
          { key: 'name', label: t('documents.columns.name'), children: name },
          { key: 'type', label: t('preview.type'), children: <span data-testid="other-preview-type">{typeName}</span> },
          { key: 'size', label: t('documents.columns.size'), children: formatSize(size) },
        ]}
      />
    </Result>
  );
}
