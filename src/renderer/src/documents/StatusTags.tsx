import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DocumentMeta } from '../../../shared/domain';
import { statusTags, type TextFilter } from './text-status';

const COLORS: Record<TextFilter, string> = { damaged: 'error', failed: 'warning', 'needs-ocr': 'processing', pending: 'default' };

/** 已导入，但文件可能已损坏 / 未能提取文字 / 待识别 / 正在读取 beside a document's name. */
export function StatusTags({ doc }: { doc: Pick<DocumentMeta, 'damaged' | 'textStatus'> }) {
  const { t } = useTranslation();
  const tags = statusTags(doc);
  if (tags.length === 0) return null;
  const text = (tag: TextFilter): [string, string] => {
    switch (tag) {
      case 'damaged':
        return [t('content.status.damaged'), t('content.status.damagedTip')];
      case 'failed':
        // Main keeps why reading failed in the document's sealed text record; DocumentMeta does not carry it yet.
        return [t('content.status.failed'), t('content.status.failedTip')];
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
