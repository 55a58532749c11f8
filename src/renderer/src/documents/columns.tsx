import { Tag, Tooltip } from 'antd';
import type { TFunction } from 'i18next';
import type { DocumentMeta } from '../../../shared/domain';
import { FileIcon } from './FileIcon';
import { formatSize } from './format';

/** 2024年03月 / 2024年 / — */
export function periodText(t: TFunction, doc: Pick<DocumentMeta, 'periodYear' | 'periodMonth'>): string {
  if (doc.periodYear === null) return t('common.none');
  if (doc.periodMonth === null) return t('documents.period.year', { year: doc.periodYear });
  return t('documents.period.month', { year: doc.periodYear, month: String(doc.periodMonth).padStart(2, '0') });
}

export function periodKey(doc: DocumentMeta): number {
  return (doc.periodYear ?? 0) * 100 + (doc.periodMonth ?? 0);
}

export function NameCell({ doc, onOpen }: { doc: DocumentMeta; onOpen?: () => void }) {
  const name = (
    <span className="doc-name-text" title={doc.name}>
      {doc.name}
    </span>
  );
  return (
    <span className="doc-name">
      <FileIcon mime={doc.mime} />
      {onOpen ? (
        <a onClick={onOpen} data-testid="document-open">
          {name}
        </a>
      ) : (
        name
      )}
      {doc.notes && (
        <Tooltip title={doc.notes}>
          <span className="doc-has-notes">•</span>
        </Tooltip>
      )}
    </span>
  );
}

export function TagsCell({ tags }: { tags: string[] }) {
  return (
    <span className="doc-tags">
      {tags.map((tag) => (
        <Tag key={tag} variant="filled">
          {tag}
        </Tag>
      ))}
    </span>
  );
}

export function SizeCell({ size }: { size: number }) {
  return <span className="doc-size">{formatSize(size)}</span>;
}
