import type { ClientListQuery } from '../../../shared/contract';
import type { ClientStatus, Label, TaxpayerType } from '../../../shared/domain';
import type { Db } from '../db/database';
import { matchExpression, queryTokens } from '../search/tokens';
import { SearchIndexRepo } from './search-index-repo';
import { firstMatches } from './search-plan';

/**
 * A client as a staff member's view holds it (decrypted, see view/view-db.ts).
 * The view holds only clients its owner can read, so no query here filters by grant.
 */
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
  phone: string | null;
  bankAccount: string | null;
  label: Label;
  status: ClientStatus;
  sample: number;
  keyVersion: number;
  rev: number;
  createdAt: string;
  updatedAt: string;
  /** The client's legal hold as JSON (see records/legal-hold.ts); absent or null when there is none. */
  legalHold?: string | null;
  /** How the engagement ended, as JSON (see records/client-record.ts); absent or null while it lasts. */
  ended?: string | null;
}

const COLUMNS = `id, name, credit_code AS creditCode, taxpayer_type AS taxpayerType, contact_person AS contactPerson,
  address, service_start AS serviceStart, service_end AS serviceEnd, assigned_staff AS assignedStaff, notes, phone,
  bank_account AS bankAccount, label, status, sample, key_version AS keyVersion, rev, created_at AS createdAt, updated_at AS updatedAt,
  legal_hold AS legalHold, ended`;

/** Sort orders by allowlist: the only identifiers ever interpolated into SQL here. */
const ORDER_BY: Record<ClientListQuery['sort'], string> = {
  name: 'name COLLATE NOCASE ASC, id ASC',
  updatedAt: 'updated_at DESC, id ASC',
};

/** A client containing the text @like in one of its searchable fields (exact; the n-gram index only narrows). */
const TEXT_TEST = "(name LIKE @like ESCAPE '\\' OR credit_code LIKE @like ESCAPE '\\' OR contact_person LIKE @like ESCAPE '\\')";

export class ClientViewRepo {
  private readonly index: SearchIndexRepo;

  constructor(private readonly db: Db) {
    this.index = new SearchIndexRepo(db);
  }

  /** Puts a client as its record now reads (a write, or a view catching up). */
  upsert(row: ClientRow): void {
    this.db
      .prepare(
        `INSERT INTO clients (id, name, credit_code, taxpayer_type, contact_person, phone, address, bank_account, service_start, service_end,
          assigned_staff, notes, label, status, sample, key_version, rev, created_at, updated_at, legal_hold, ended)
         VALUES (@id, @name, @creditCode, @taxpayerType, @contactPerson, @phone, @address, @bankAccount, @serviceStart, @serviceEnd,
          @assignedStaff, @notes, @label, @status, @sample, @keyVersion, @rev, @createdAt, @updatedAt, @legalHold, @ended)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, credit_code = excluded.credit_code, taxpayer_type = excluded.taxpayer_type,
           contact_person = excluded.contact_person, phone = excluded.phone, address = excluded.address, bank_account = excluded.bank_account,
           service_start = excluded.service_start, service_end = excluded.service_end, assigned_staff = excluded.assigned_staff,
           notes = excluded.notes, label = excluded.label, status = excluded.status, sample = excluded.sample,
           key_version = excluded.key_version, rev = excluded.rev, created_at = excluded.created_at, updated_at = excluded.updated_at,
           legal_hold = excluded.legal_hold, ended = excluded.ended`,
      )
      .run({ ...row, legalHold: row.legalHold ?? null, ended: row.ended ?? null });
    this.index.indexClient(row.id);
  }

  /** Drops a client and its search terms (its documents go separately). */
  remove(id: string): void {
    this.index.forgetClient(id);
    this.db.prepare('DELETE FROM clients WHERE id = ?').run(id);
  }

  /** Every client in the view with the key version it was read under. */
  versions(): Map<string, number> {
    const rows = this.db.prepare('SELECT id, key_version AS v FROM clients').all() as { id: string; v: number }[];
    return new Map(rows.map((r) => [r.id, r.v]));
  }

  byAssigned(staffId: string): ClientRow[] {
    return this.db.prepare(`SELECT ${COLUMNS} FROM clients WHERE assigned_staff = ? ORDER BY name`).all(staffId) as ClientRow[];
  }

  /** Clients whose name, credit code or contact contains `text`, in list order (active by name, then archived). */
  search(text: string, limit: number): ClientRow[] {
    const active = this.searchIn('active', text, limit);
    return active.length >= limit ? active : [...active, ...this.searchIn('archived', text, limit - active.length)];
  }

  private searchIn(status: ClientStatus, text: string, limit: number): ClientRow[] {
    const params = { status, like: `%${escapeLike(text)}%` };
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
             WHERE ${TEXT_TEST} ${order}`,
            { rows, limit: max },
          ),
        longerThan: (rows) => this.db.prepare('SELECT 1 FROM clients INDEXED BY clients_status_name_nocase WHERE status = ? LIMIT 1 OFFSET ?').get(status, rows) !== undefined,
        candidates: (cap) => (match === null ? null : this.index.candidates('client_search', match, cap)),
        walk: (max) => all(`SELECT ${COLUMNS} FROM clients INDEXED BY clients_status_name_nocase WHERE status = @status AND ${TEXT_TEST} ${order}`, { limit: max }),
        indexed: (max) =>
          all(
            `WITH hits(r) AS MATERIALIZED (SELECT rowid FROM client_search WHERE client_search MATCH @match)
             SELECT ${COLUMNS} FROM hits CROSS JOIN clients ON clients.rowid = hits.r
             WHERE status = @status AND ${TEXT_TEST} ${order}`,
            { match, limit: max },
          ),
      },
      limit,
    );
  }

  byId(id: string): ClientRow | null {
    return (this.db.prepare(`SELECT ${COLUMNS} FROM clients WHERE id = ?`).get(id) as ClientRow | undefined) ?? null;
  }

  /** Clients named exactly `name` (names are not unique: the caller decides what two mean). */
  byName(name: string): ClientRow[] {
    return this.db.prepare(`SELECT ${COLUMNS} FROM clients WHERE name = ? ORDER BY id`).all(name) as ClientRow[];
  }

  byCreditCode(code: string): ClientRow | null {
    return (this.db.prepare(`SELECT ${COLUMNS} FROM clients WHERE credit_code = ?`).get(code) as ClientRow | undefined) ?? null;
  }

  page(query: ClientListQuery): { rows: ClientRow[]; total: number } {
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
