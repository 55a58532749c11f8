import { ExportOutlined } from '@ant-design/icons';
import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCan } from '../admin/access-store';

/** Shown instead of a blank pane when a file cannot be drawn (damaged, or not what its name says). */
export function CannotDisplay({ onExport }: { onExport: () => void }) {
  const { t } = useTranslation();
  const mayExport = useCan('doc.export');
  return (
    <Result
      status="warning"
      title={t('preview.cannotDisplay')}
      subTitle={t('preview.cannotDisplayHint')}
      data-testid="preview-cannot-display"
      extra={
        mayExport && (
          <Button icon={<ExportOutlined />} onClick={onExport}>
            {t('documents.actions.export')}
          </Button>
        )
      }
    />
  );
}
