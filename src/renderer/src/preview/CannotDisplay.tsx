import { ExportOutlined } from '@ant-design/icons';
import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCan } from '../admin/access-store';
import type { OfficeFailureReason } from '../../../shared/office-preview';

/** Shown instead of a blank pane when a file cannot be drawn (damaged, protected, too large, or not what its name says). */
export function CannotDisplay({ onExport, reason }: { onExport: () => void; reason?: OfficeFailureReason }) {
  const { t } = useTranslation();
  const mayExport = useCan('doc.export');
  return (
    <Result
      status="warning"
      title={t('preview.cannotDisplay')}
      subTitle={t(hintKey(reason))}
      data-testid="preview-cannot-display"
      data-reason={reason}
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

function hintKey(reason: OfficeFailureReason | undefined) {
  switch (reason) {
    case 'encrypted':
      return 'preview.office.encrypted' as const;
    case 'too-large':
    case 'zip-bomb':
      return 'preview.office.tooLarge' as const;
    case 'timeout':
    case 'memory':
      return 'preview.office.tooComplex' as const;
    case 'unsupported':
      return 'preview.office.unsupported' as const;
    case 'damaged':
    case undefined:
      return 'preview.cannotDisplayHint' as const;
    default: {
      const unreachable: never = reason;
      return unreachable;
    }
  }
}
