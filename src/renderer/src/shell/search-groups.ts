import type { SearchHit } from '../../../shared/domain';

export type DocumentHit = SearchHit['documents'][number];

/** Document hits by client, clients in the order of their best hit, hits in main's order within each. */
export function byClient(documents: readonly DocumentHit[]): DocumentHit[][] {
  const groups = new Map<string, DocumentHit[]>();
  for (const d of documents) {
    const group = groups.get(d.clientId);
    if (group) group.push(d);
    else groups.set(d.clientId, [d]);
  }
  return [...groups.values()];
}
