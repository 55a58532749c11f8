import type { AuditRow } from '../audit/audit-chain';
import type { Db } from '../db/database';

const COLUMNS = `seq, at, staff_id AS staffId, staff_name AS staffName, role, action, client_id AS clientId,
  document_id AS documentId, outcome, machine, detail, mac`;

export interface AuditFilter {
  staffId?: string | null;
  clientId?: string | null;
  action?: string | null;
  /** Any of these actions (combined with `action` if both are given). */
  actions?: readonly string[] | null;
  outcome?: string | null;
  from?: string | null;
  to?: string | null;
  limit?: number;
  offset?: number;
}

function whereOf(filter: AuditFilter): { clause: string; params: Record<string, unknown> } {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
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
  if (filter.actions) {
    // Bound one by one: the action names are data, never SQL.
    const names = filter.actions.map((a, i) => {
      params[`a${i}`] = a;
      return `@a${i}`;
    });
    where.push(names.length ? `action IN (${names.join(', ')})` : '0');
  }
  if (filter.outcome) {
    where.push('outcome = @outcome');
    params.outcome = filter.outcome;
  }
  if (filter.from) {
    where.push('at >= @from');
    params.from = filter.from;
  }
  if (filter.to) {
    where.push('at < @to');
    params.to = filter.to;
  }
  return { clause: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
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

  /** One page of matching events, newest first, with the total count. */
  find(filter: AuditFilter): { rows: AuditRow[]; total: number } {
    const { clause, params } = whereOf(filter);
    const total = (this.db.prepare(`SELECT count(*) AS n FROM audit_events ${clause}`).get(params) as { n: number }).n;
    const rows = this.db
      .prepare(`SELECT ${COLUMNS} FROM audit_events ${clause} ORDER BY seq DESC LIMIT @limit OFFSET @offset`)
      .all({ ...params, limit: filter.limit ?? 200, offset: filter.offset ?? 0 }) as AuditRow[];
    return { rows, total };
  }

  /** Every matching event, oldest first, streamed (exports and reports). */
  iterateMatching(filter: AuditFilter): IterableIterator<AuditRow> {
    const { clause, params } = whereOf(filter);
    return this.db.prepare(`SELECT ${COLUMNS} FROM audit_events ${clause} ORDER BY seq`).iterate(params) as IterableIterator<AuditRow>;
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
