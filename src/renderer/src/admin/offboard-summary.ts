import type { AuditEntry } from '../../../shared/access';

/** Distinct clients and documents among the access events of an offboarding report. */
export function summarizeAccess(accessed: readonly AuditEntry[]): { clients: number; documents: number } {
  const clients = new Set<string>();
  const documents = new Set<string>();
  for (const e of accessed) {
    if (e.clientId) clients.add(e.clientId);
    if (e.documentId) documents.add(e.documentId);
  }
  return { clients: clients.size, documents: documents.size };
}
