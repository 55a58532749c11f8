import { documentFieldsSchema } from '../../src/shared/contract';
import type { DocumentService } from '../../src/main/core/services/document-service';

/**
 * Files a document under a 所属期 long past (1990, or `year`), keeping its name and other fields, so
 * its retention period has ended and a permanent delete is allowed (tests about deletion itself).
 */
export function backdate(documents: DocumentService, id: string, year = 1990): void {
  const d = documents.get(id);
  documents.update(id, d.name, documentFieldsSchema.parse({ category: d.category, periodYear: year, periodMonth: d.periodMonth ?? 1, tags: d.tags, notes: d.notes }));
}
