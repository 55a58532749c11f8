import type { AuditRow } from '../audit/audit-chain';
import type { Db } from '../db/database';

const COLUMNS = `seq, at, staff_id AS staffId, staff_name AS staffName, role, action, client_id AS clientId,
  document_id AS documentId, outcome, machine, detail, mac`;

export interface AuditFilter {
  staffId?: string | null;
  clientId?: string | null;
  action?: string | null;
  from?: string | null;
  to?: string | null;
  limit?: number;
  offset?: number;
}

export class AuditRepo {
  constructor(private readonly db: Db) {}

  insert(row: AuditRow): void {
    this.db
      .prepare(
        `INSERT INTO audit_events (seq, at, staff_id, staff_name, role, action, client_id, document_id, outcome, machine, detail, mac)
         VALUES (@seq, @at, @staffId, @staffName, @role, @action, @clientId, @documentId, @outcome, @machine, @detail, @mac)`,
      )
      .run(row);
  }

  last(): AuditRow | null {
    return (this.db.prepare(`SELECT ${COLUMNS} FROM audit_events ORDER BY seq DESC LIMIT 1`).get() as AuditRow | undefined) ?? null;
  }

  /** Every event in order, streamed (the log grows for years). */
  iterate(): IterableIterator<AuditRow> {
    return this.db.prepare(`SELECT ${COLUMNS} FROM audit_events ORDER BY seq`).iterate() as IterableIterator<AuditRow>;
  }

  find(filter: AuditFilter): { rows: AuditRow[]; total: number } {
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: filter.limit ?? 200, offset: filter.offset ?? 0 };
    if (filter.staffId) {
      where.push('staff_id = @staffId');
      params.staffId = filter.staffId;
    }
    if (filter.clientId) {
      where.push('client_id = @clientId');
      params.clientId = filter.clientId;
    }
    if (filter.action) {
      where.push('action = @action');
      params.action = filter.action;
    }
    if (filter.from) {
      where.push('at >= @from');
      params.from = filter.from;
    }
    if (filter.to) {
      where.push('at < @to');
      params.to = filter.to;
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = (this.db.prepare(`SELECT count(*) AS n FROM audit_events ${clause}`).get(params) as { n: number }).n;
    const rows = this.db
      .prepare(`SELECT ${COLUMNS} FROM audit_events ${clause} ORDER BY seq DESC LIMIT @limit OFFSET @offset`)
      .all(params) as AuditRow[];
    return { rows, total };
  }

  /** Documents with no import event: an action without its record. */
  documentsWithoutImportEvent(): string[] {
    return (
      this.db
        .prepare(
          `SELECT d.id FROM documents d WHERE NOT EXISTS
             (SELECT 1 FROM audit_events a WHERE a.document_id = d.id AND a.action = 'doc.import' AND a.outcome = 'success')`,
        )
        .all() as { id: string }[]
    ).map((r) => r.id);
  }
}
