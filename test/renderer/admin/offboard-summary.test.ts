import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../src/shared/access';
import { summarizeAccess } from '../../../src/renderer/src/admin/offboard-summary';

function entry(seq: number, clientId: string | null, documentId: string | null): AuditEntry {
  return {
    seq,
    at: '2024-05-01T08:00:00.000Z',
    staffId: 's1',
    staffName: '李四',
    role: 'accountant',
    action: documentId ? 'doc.view' : 'client.view',
    outcome: 'success',
    clientId,
    clientName: clientId,
    documentId,
    documentName: documentId,
    machine: 'PC-1',
    detail: {},
  };
}

describe('summarizeAccess', () => {
  it('counts distinct clients and documents, not events', () => {
    const accessed = [entry(1, 'c1', null), entry(2, 'c1', 'd1'), entry(3, 'c1', 'd1'), entry(4, 'c2', 'd2'), entry(5, 'c2', null)];
    expect(summarizeAccess(accessed)).toEqual({ clients: 2, documents: 2 });
  });

  it('ignores events without a client or document', () => {
    expect(summarizeAccess([entry(1, null, null), entry(2, null, 'd9')])).toEqual({ clients: 0, documents: 1 });
  });

  it('is zero for no events', () => {
    expect(summarizeAccess([])).toEqual({ clients: 0, documents: 0 });
  });
});
