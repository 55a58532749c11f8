import type { DocumentMeta } from '../../../shared/domain';

/** What the 资料 list can be narrowed to by how its content was read. */
export const TEXT_FILTERS = ['damaged', 'failed', 'needs-ocr', 'pending'] as const;
export type TextFilter = (typeof TEXT_FILTERS)[number];

export function matchesTextFilter(doc: Pick<DocumentMeta, 'damaged' | 'textStatus'>, filter: TextFilter | null): boolean {
  switch (filter) {
    case null:
      return true;
    case 'damaged':
      return doc.damaged;
    case 'failed':
    case 'needs-ocr':
    case 'pending':
      return doc.textStatus === filter;
    default: {
      const never: never = filter;
      return never;
    }
  }
}

/** How many documents each filter would show. */
export function textFilterCounts(docs: readonly Pick<DocumentMeta, 'damaged' | 'textStatus'>[]): Record<TextFilter, number> {
  const counts: Record<TextFilter, number> = { damaged: 0, failed: 0, 'needs-ocr': 0, pending: 0 };
  for (const doc of docs) for (const filter of TEXT_FILTERS) if (matchesTextFilter(doc, filter)) counts[filter]++;
  return counts;
}

/** The tags a document's row carries: damage first, then a reading status worth telling (ok, empty and unsupported say nothing). */
export function statusTags(doc: Pick<DocumentMeta, 'damaged' | 'textStatus'>): TextFilter[] {
  const tags: TextFilter[] = doc.damaged ? ['damaged'] : [];
  if (doc.textStatus === 'failed' || doc.textStatus === 'needs-ocr' || doc.textStatus === 'pending') tags.push(doc.textStatus);
  return tags;
}
