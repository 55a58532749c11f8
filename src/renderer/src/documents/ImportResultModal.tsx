import { CheckCircleFilled, CloseCircleFilled, InfoCircleFilled, MinusCircleFilled } from '@ant-design/icons';
import { Button, Modal, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorCode } from '../../../shared/errors';
import { useErrorText } from '../bridge/useErrorText';
import { useImportStore, type BatchItem } from '../stores/import-store';
import { baseName, formatSize } from './format';

/** Codes with a sentence about the file itself; others fall back to the general error text. */
const FILE_REASONS = ['NOT_FOUND', 'PERMISSION_DENIED', 'INVALID_INPUT', 'DISK_FULL', 'READ_ONLY', 'VAULT_LOCKED'] as const;
type FileReason = (typeof FILE_REASONS)[number];

function isFileReason(code: ErrorCode): code is FileReason {
  return (FILE_REASONS as readonly ErrorCode[]).includes(code);
}

/** After a batch: imported N; duplicates with a link to the stored copy; each failure with its reason. */
export function ImportResultModal({ onOpenDocument }: { onOpenDocument: (id: string, name: string) => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const summary = useImportStore((s) => s.summary);
  const dismiss = useImportStore((s) => s.dismiss);
  const items = summary?.items ?? [];
  const imported = items.filter((i) => i.status === 'imported');
  const duplicates = items.filter((i): i is Extract<BatchItem, { status: 'duplicate' }> => i.status === 'duplicate');
  const failed = items.filter((i) => i.status === 'failed' || i.status === 'tooLarge' || i.status === 'unreadable');
  const skipped = items.filter((i) => i.status === 'skipped');

  function reason(item: BatchItem): string {
    switch (item.status) {
      case 'failed':
        return isFileReason(item.code) ? t(`importer.reasons.${item.code}`) : errorText({ code: item.code, message: item.message });
      case 'tooLarge':
        return t('importer.reasons.tooLarge', { size: formatSize(item.size) });
      case 'unreadable':
        return item.folder ? t('importer.reasons.folder') : t('importer.reasons.unreadable');
      default:
        return '';
    }
  }

  return (
    <Modal
      open={summary !== null}
      title={summary?.cancelled ? t('importer.resultCancelled') : t('importer.resultTitle')}
      onCancel={dismiss}
      footer={
        <Button type="primary" onClick={dismiss}>
          {t('importer.done')}
        </Button>
      }
      width={600}
      data-testid="import-result"
    >
      <div className="import-result">
        <Section icon={<CheckCircleFilled style={{ color: '#52c41a' }} />} title={t('importer.imported', { count: imported.length })} testId="import-result-imported" />
        {duplicates.length > 0 && (
          <Section icon={<InfoCircleFilled style={{ color: '#1f5fbf' }} />} title={t('importer.duplicates', { count: duplicates.length })} testId="import-result-duplicates">
            {duplicates.map((item, i) => (
              <li key={i}>
                <span className="import-result-name">{baseName(item.source)}</span>
                <Button type="link" size="small" onClick={() => onOpenDocument(item.documentId, baseName(item.source))}>
                  {t('importer.openExisting')}
                </Button>
              </li>
            ))}
          </Section>
        )}
        {failed.length > 0 && (
          <Section icon={<CloseCircleFilled style={{ color: '#ff4d4f' }} />} title={t('importer.failed', { count: failed.length })} testId="import-result-failed">
            {failed.map((item, i) => (
              <li key={i} data-testid="import-failure">
                <span className="import-result-name">{baseName(item.source)}</span>
                <Typography.Text type="danger">{reason(item)}</Typography.Text>
              </li>
            ))}
          </Section>
        )}
        {skipped.length > 0 && (
          <Section icon={<MinusCircleFilled style={{ color: '#8c8c8c' }} />} title={t('importer.skipped', { count: skipped.length })} testId="import-result-skipped">
            {skipped.map((item, i) => (
              <li key={i}>
                <span className="import-result-name">{baseName(item.source)}</span>
              </li>
            ))}
          </Section>
        )}
      </div>
    </Modal>
  );
}

function Section({ icon, title, testId, children }: { icon: ReactNode; title: string; testId: string; children?: ReactNode }) {
  return (
    <section className="import-result-section" data-testid={testId}>
      <div className="import-result-heading">
        {icon}
        <Typography.Text strong>{title}</Typography.Text>
      </div>
      {children && <ul className="import-result-list">{children}</ul>}
    </section>
  );
}
