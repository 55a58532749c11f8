import type { ClientListQuery } from '../../../shared/contract';
import type { ClientStatus, Label, TaxpayerType } from '../../../shared/domain';
import type { Db } from '../db/database';
import { matchExpression, queryTokens } from '../search/tokens';
import { SearchIndexRepo } from './search-index-repo';
import { firstMatches } from './search-plan';

/** A client row as stored: phone and bank account only as ciphertext under the client key. */
export interface ClientRow {
  id: string;
  name: string;
  creditCode: string | null;
  taxpayerType: TaxpayerType | null;
  contactPerson: string | null;
  address: string | null;
  serviceStart: string | null;
  serviceEnd: string | null;
  assignedStaff: string | null;
  notes: string | null;
  label: Label;
  status: ClientStatus;
  sample: number;
  keyVersion: number;
  phoneEnc: Buffer | null;
  bankAccountEnc: Buffer | null;
  createdAt: string;
  updatedAt: string;
}

const COLUMNS = `id, name, credit_code AS creditCode, taxpayer_type AS taxpayerType, contact_person AS contactPerson,
  address, service_start AS serviceStart, service_end AS serviceEnd, assigned_staff AS assignedStaff, notes, label,
  status, sample, key_version AS keyVersion, phone_enc AS phoneEnc, bank_account_enc AS bankAccountEnc,
  created_at AS createdAt, updated_at AS updatedAt`;

/** Sort orders by allowlist: the only identifiers ever interpolated into SQL here. */
const ORDER_BY: Record<ClientListQuery['sort'], string> = {
  name: 'name COLLATE NOCASE ASC, id ASC',
  updatedAt: 'updated_at DESC, id ASC',
};

/** Restricts a query to clients granted to one staff member; null = every client. */
export type Visibility = string | null;

const GRANTED = 'id IN (SELECT client_id FROM client_keys WHERE holder = @visibleTo)';
/** A client containing the text @like in one of its searchable fields (exact; the n-gram index only narrows). */
const TEXT_TEST = "(name LIKE @like ESCAPE '\\' OR credit_code LIKE @like ESCAPE '\\' OR contact_person LIKE @like ESCAPE '\\')";

export class ClientRepo {
  private readonly index: SearchIndexRepo;

  constructor(private readonly db: Db) {
    this.index = new SearchIndexRepo(db);
  }

  insert(row: ClientRow): void {
    this.db
      .prepare(
        `INSERT INTO clients (id, name, credit_code, taxpayer_type, contact_person, address, service_start, service_end,
          assigned_staff, notes, label, status, sample, key_version, phone_enc, bank_account_enc, created_at, updated_at)
         VALUES (@id, @name, @creditCode, @taxpayerType, @contactPerson, @address, @serviceStart, @serviceEnd,
          @assignedStaff, @notes, @label, @status, @sample, @keyVersion, @phoneEnc, @bankAccountEnc, @createdAt, @updatedAt)`,
      )
      .run(row);
    this.index.indexClient(row.id);
  }

  update(row: ClientRow): boolean {
    const changed = (
      this.db
        .prepare(
          `UPDATE clients SET name = @name, credit_code = @creditCode, taxpayer_type = @taxpayerType,
            contact_person = @contactPerson, address = @address, service_start = @serviceStart, service_end = @serviceEnd,
            assigned_staff = @assignedStaff, notes = @notes, label = @label, status = @status, key_version = @keyVersion,
            phone_enc = @phoneEnc, bank_account_enc = @bankAccountEnc, updated_at = @updatedAt
           WHERE id = @id`,
        )
        .run(row).changes === 1
    );
    if (changed) this.index.indexClient(row.id);
    return changed;
  }

  /** Re-encrypted sensitive fields under a new key version (rotation); no other field changes. */
  setSensitive(id: string, fields: { keyVersion: number; phoneEnc: Buffer | null; bankAccountEnc: Buffer | null }): boolean {
    return (
      this.db
        .prepare('UPDATE clients SET key_version = @keyVersion, phone_enc = @phoneEnc, bank_account_enc = @bankAccountEnc WHERE id = @id')
        .run({ id, ...fields }).changes === 1
    );
  }

  setAssigned(id: string, staffId: string, now: string): boolean {
    return this.db.prepare('UPDATE clients SET assigned_staff = ?, updated_at = ? WHERE id = ?').run(staffId, now, id).changes === 1;
  }

  byAssigned(staffId: string): ClientRow[] {
    return this.db.prepare(`SELECT ${COLUMNS} FROM clients WHERE assigned_staff = ? ORDER BY name`).all(staffId) as ClientRow[];
  }

  /** Clients whose name, credit code or contact contains `text`, in list order (active by name, then archived). */
  search(text: string, limit: number, visibleTo: Visibility = null): ClientRow[] {
    const active = this.searchIn('active', text, limit, visibleTo);
    return active.length >= limit ? active : [...active, ...this.searchIn('archived', text, limit - active.length, visibleTo)];
  }

  private searchIn(status: ClientStatus, text: string, limit: number, visibleTo: Visibility): ClientRow[] {
    const granted = visibleTo === null ? '' : `AND ${GRANTED}`;
    const params = { status, like: `%${escapeLike(text)}%`, ...(visibleTo === null ? {} : { visibleTo }) };
    const all = (sql: string, more: Record<string, unknown>) => this.db.prepare(sql).all({ ...params, ...more }) as ClientRow[];
    const order = 'ORDER BY name COLLATE NOCASE, id LIMIT @limit';
    const tokens = queryTokens(text);
    const match = tokens ? matchExpression(tokens) : null;
    return firstMatches<ClientRow>(
      {
        probe: (rows, max) =>
          all(
            `SELECT ${COLUMNS} FROM (SELECT rowid AS r FROM clients INDEXED BY clients_status_name_nocase WHERE status = @status
               ORDER BY name COLLATE NOCASE, id LIMIT @rows) p CROSS JOIN clients ON clients.rowid = p.r
             WHERE ${TEXT_TEST} ${granted} ${order}`,
            { rows, limit: max },
          ),
        longerThan: (rows) => this.db.prepare('SELECT 1 FROM clients INDEXED BY clients_status_name_nocase WHERE status = ? LIMIT 1 OFFSET ?').get(status, rows) !== undefined,
        candidates: (cap) => (match === null ? null : this.index.candidates('client_search', match, cap)),
        walk: (max) => all(`SELECT ${COLUMNS} FROM clients INDEXED BY clients_status_name_nocase WHERE status = @status AND ${TEXT_TEST} ${granted} ${order}`, { limit: max }),
        indexed: (max) =>
          all(
            `WITH hits(r) AS MATERIALIZED (SELECT rowid FROM client_search WHERE client_search MATCH @match)
             SELECT ${COLUMNS} FROM hits CROSS JOIN clients ON clients.rowid = hits.r
             WHERE status = @status AND ${TEXT_TEST} ${granted} ${order}`,
            { match, limit: max },
          ),
      },
      limit,
    );
  }

  byId(id: string): ClientRow | null {
    return (this.db.prepare(`SELECT ${COLUMNS} FROM clients WHERE id = ?`).get(id) as ClientRow | undefined) ?? null;
  }

  byCreditCode(code: string): ClientRow | null {
    return (this.db.prepare(`SELECT ${COLUMNS} FROM clients WHERE credit_code = ?`).get(code) as ClientRow | undefined) ?? null;
  }

  page(query: ClientListQuery, visibleTo: Visibility = null): { rows: ClientRow[]; total: number } {
    const where = ['status = @status'];
    const params: Record<string, unknown> = { status: query.status, limit: query.limit, offset: query.offset };
    if (query.label) {
      where.push('label = @label');
      params.label = query.label;
    }
    const text = query.query.trim();
    if (text) {
      where.push(TEXT_TEST);
      params.like = `%${escapeLike(text)}%`;
    }
    if (visibleTo !== null) {
      where.push(GRANTED);
      params.visibleTo = visibleTo;
    }
    const clause = where.join(' AND ');
    const total = (this.db.prepare(`SELECT count(*) AS n FROM clients WHERE ${clause}`).get(params) as { n: number }).n;
    const rows = this.db
      .prepare(`SELECT ${COLUMNS} FROM clients WHERE ${clause} ORDER BY ${ORDER_BY[query.sort]} LIMIT @limit OFFSET @offset`)
      .all(params) as ClientRow[];
    return { rows, total };
  }

  all(): ClientRow[] {
    return this.db.prepare(`SELECT ${COLUMNS} FROM clients ORDER BY name`).all() as ClientRow[];
  }

  names(ids: readonly string[]): Map<string, string> {
    const out = new Map<string, string>();
    const stmt = this.db.prepare('SELECT name FROM clients WHERE id = ?');
    for (const id of new Set(ids)) {
      const row = stmt.get(id) as { name: string } | undefined;
      if (row) out.set(id, row.name);
    }
    return out;
  }
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
