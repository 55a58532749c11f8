import type { DocumentFields } from '../../src/shared/contract';
import type { DocumentService } from '../../src/main/core/services/document-service';

/**
 * Files a document under a 所属期 long past (1990, or `year`), keeping its name and other fields, so
 * its retention period has ended and a permanent delete is allowed (tests about deletion itself).
 */
export function backdate(documents: DocumentService, id: string, year = 1990): void {
  const d = documents.get(id);
  // Not parsed again: a fixture may have filed it with fields longer than the form allows (the marker tag).
  const fields: DocumentFields = { category: d.category, periodYear: year, periodMonth: d.periodMonth ?? 1, tags: d.tags, notes: d.notes };
  documents.update(id, d.name, fields);
}
