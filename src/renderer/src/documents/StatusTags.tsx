import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DocumentMeta } from '../../../shared/domain';
import { statusTags, type TextFilter } from './text-status';

const COLORS: Record<TextFilter, string> = { damaged: 'error', failed: 'warning', 'needs-ocr': 'processing', pending: 'default' };

/** 已导入，但文件可能已损坏 / 未能提取文字 / 待识别 / 正在读取 beside a document's name. */
/** Reasons main records (the extractor's, OCR's, or an error code when the file could not be opened at all). */
const REASONS = ['damaged', 'encrypted', 'too-large', 'timeout', 'memory', 'unsupported', 'zip-bomb', 'too-many-pages', 'TAMPERED'] as const;

export function StatusTags({ doc }: { doc: Pick<DocumentMeta, 'damaged' | 'textStatus' | 'textReason'> }) {
  const { t } = useTranslation();
  const tags = statusTags(doc);
  if (tags.length === 0) return null;
  const text = (tag: TextFilter): [string, string] => {
    switch (tag) {
      case 'damaged':
        return [t('content.status.damaged'), t('content.status.damagedTip')];
      case 'failed': {
        const known = REASONS.find((r) => r === doc.textReason);
        const why = doc.textReason ? t(`content.status.reasons.${known ?? 'other'}`) : null;
        return [t('content.status.failed'), why ? `${t('content.status.failedWhy', { why })} ${t('content.status.failedTip')}` : t('content.status.failedTip')];
      }
      case 'needs-ocr':
        return [t('content.status.needsOcr'), t('content.status.needsOcrTip')];
      case 'pending':
        return [t('content.status.pending'), t('content.status.pendingTip')];
      default: {
        const never: never = tag;
        return never;
      }
    }
  };
  return (
    <span className="doc-status-tags">
      {tags.map((tag) => {
        const [label, tip] = text(tag);
        return (
          <Tooltip key={tag} title={tip}>
            <Tag color={COLORS[tag]} variant="outlined" data-testid={`doc-status-${tag}`}>
              {label}
            </Tag>
          </Tooltip>
        );
      })}
    </span>
  );
}
