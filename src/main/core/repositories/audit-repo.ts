import type { AuditEvent } from '../audit/audit-event';
import type { Db } from '../db/database';

const COLUMNS = `seq, at, actor_id AS actorId, actor_name AS actorName, role, action, outcome, machine, client_id AS clientId,
  document_id AS documentId, detail, sealed, key_version AS keyVersion, detail_hash AS detailHash, roster_version AS rosterVersion,
  signer, prev, sig`;

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
    where.push('actor_id = @staffId');
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

  insert(row: AuditEvent): void {
    this.db
      .prepare(
        `INSERT INTO audit_log (seq, at, actor_id, actor_name, role, action, outcome, machine, client_id, document_id, detail, sealed,
           key_version, detail_hash, roster_version, signer, prev, sig)
         VALUES (@seq, @at, @actorId, @actorName, @role, @action, @outcome, @machine, @clientId, @documentId, @detail, @sealed,
           @keyVersion, @detailHash, @rosterVersion, @signer, @prev, @sig)`,
      )
      .run(row);
  }

  last(): AuditEvent | null {
    return (this.db.prepare(`SELECT ${COLUMNS} FROM audit_log ORDER BY seq DESC LIMIT 1`).get() as AuditEvent | undefined) ?? null;
  }

  bySeq(seq: number): AuditEvent | null {
    return (this.db.prepare(`SELECT ${COLUMNS} FROM audit_log WHERE seq = ?`).get(seq) as AuditEvent | undefined) ?? null;
  }

  /** Every event in order, streamed (the log grows for years). */
  iterate(): IterableIterator<AuditEvent> {
    return this.db.prepare(`SELECT ${COLUMNS} FROM audit_log ORDER BY seq`).iterate() as IterableIterator<AuditEvent>;
  }

  /** One page of matching events, newest first, with the total count. */
  find(filter: AuditFilter): { rows: AuditEvent[]; total: number } {
    const { clause, params } = whereOf(filter);
    const total = (this.db.prepare(`SELECT count(*) AS n FROM audit_log ${clause}`).get(params) as { n: number }).n;
    const rows = this.db
      .prepare(`SELECT ${COLUMNS} FROM audit_log ${clause} ORDER BY seq DESC LIMIT @limit OFFSET @offset`)
      .all({ ...params, limit: filter.limit ?? 200, offset: filter.offset ?? 0 }) as AuditEvent[];
    return { rows, total };
  }

  /** Every matching event, oldest first, streamed (exports and reports). */
  iterateMatching(filter: AuditFilter): IterableIterator<AuditEvent> {
    const { clause, params } = whereOf(filter);
    return this.db.prepare(`SELECT ${COLUMNS} FROM audit_log ${clause} ORDER BY seq`).iterate(params) as IterableIterator<AuditEvent>;
  }

  /** Whether a staff member has any event on a client before `seq` (the first-access alert rule). */
  touchedBefore(actorId: string, clientId: string, seq: number): boolean {
    return this.db.prepare('SELECT 1 FROM audit_log WHERE actor_id = ? AND client_id = ? AND seq < ? LIMIT 1').get(actorId, clientId, seq) !== undefined;
  }

  /** Events that happened at or after `at` (an ISO time), in the order they were written: the tail the alert rules replay. */
  since(at: string): IterableIterator<AuditEvent> {
    // By the time index (migration 0140), then sorted: the tail is small, the log is not.
    return this.db.prepare(`SELECT ${COLUMNS} FROM audit_log INDEXED BY audit_log_at WHERE at >= ? ORDER BY seq`).iterate(at) as IterableIterator<AuditEvent>;
  }

  /** The events with these numbers, oldest first. */
  bySeqs(seqs: readonly number[]): AuditEvent[] {
    if (seqs.length === 0) return [];
    const list = seqs.filter((n) => Number.isSafeInteger(n)).slice(0, 1000);
    // Bound as one JSON array: the numbers are data, never SQL.
    return this.db
      .prepare(`SELECT ${COLUMNS} FROM audit_log WHERE seq IN (SELECT value FROM json_each(?)) ORDER BY seq`)
      .all(JSON.stringify(list)) as AuditEvent[];
  }

  /** Events of a client whose detail is sealed: a key rotation reseals them. */
  sealedOfClient(clientId: string): AuditEvent[] {
    return this.db.prepare(`SELECT ${COLUMNS} FROM audit_log WHERE client_id = ? AND sealed IS NOT NULL ORDER BY seq`).all(clientId) as AuditEvent[];
  }

  reseal(seq: number, sealed: Buffer, keyVersion: number): void {
    this.db.prepare('UPDATE audit_log SET sealed = ?, key_version = ? WHERE seq = ?').run(sealed, keyVersion, seq);
  }

  /** Documents with no import event: an action without its record. */
  documentsWithoutImportEvent(): string[] {
    return (
      this.db
        .prepare(
          `SELECT d.id FROM document_records d WHERE NOT EXISTS
             (SELECT 1 FROM audit_log a WHERE a.document_id = d.id AND a.action = 'doc.import' AND a.outcome = 'success')`,
        )
        .all() as { id: string }[]
    ).map((r) => r.id);
  }
}
