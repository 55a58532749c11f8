import type { Db } from '../db/database';
import type { TextRecord } from '../records/text-record';
import { matchExpression, queryTokens } from '../search/tokens';
import { escapeLike } from './client-view-repo';
import { SearchIndexRepo } from './search-index-repo';
import { firstMatches } from './search-plan';

/** A document's metadata as a staff member's view holds it (decrypted, see view/view-db.ts). */
export interface DocumentRow {
  id: string;
  clientId: string;
  blobId: string;
  /** The client key version its record is sealed under. */
  keyVersion: number;
  rev: number;
  name: string;
  category: string;
  periodYear: number | null;
  periodMonth: number | null;
  tags: string;
  notes: string;
  size: number;
  sha256: string;
  mime: string;
  status: 'active' | 'trashed';
  sample: number;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  trashedAt: string | null;
  /** The document's own legal hold as JSON (see records/legal-hold.ts); absent or null when there is none. */
  legalHold?: string | null;
  /** From the document's text record in the view (selected, never written here): null until it has been read. */
  /** `status|damaged|reason`: one look-up of the text record per row, split by textState() below. */
  textState?: string | null;
}

/** A row's text state: null until the document has been read. */
export function textState(row: Pick<DocumentRow, 'textState'>): { status: TextRecord['status']; damaged: boolean; reason: string | null } | null {
  if (!row.textState) return null;
  const [status, damaged, ...reason] = row.textState.split('|');
  return { status: status as TextRecord['status'], damaged: damaged === '1', reason: reason.join('|') || null };
}

const FIELDS: readonly (readonly [column: string, alias: string])[] = [
  ['id', 'id'], ['client_id', 'clientId'], ['blob_id', 'blobId'], ['key_version', 'keyVersion'], ['rev', 'rev'],
  ['name', 'name'],
  ['category', 'category'], ['period_year', 'periodYear'], ['period_month', 'periodMonth'], ['tags', 'tags'],
  ['notes', 'notes'], ['size', 'size'], ['sha256', 'sha256'], ['mime', 'mime'], ['status', 'status'],
  ['sample', 'sample'], ['created_by', 'createdBy'], ['created_at', 'createdAt'], ['updated_at', 'updatedAt'],
  ['trashed_at', 'trashedAt'], ['legal_hold', 'legalHold'],
];

/** The select list, optionally qualified with a table alias; with the text record's status and damage beside it. */
function columns(table = ''): string {
  const id = `${table || 'documents.'}id`;
  return [
    ...FIELDS.map(([column, alias]) => `${table}${column} AS ${alias}`),
    `(SELECT status || '|' || damaged || '|' || coalesce(reason, '') FROM document_text WHERE document_id = ${id}) AS textState`,
  ].join(', ');
}

const COLUMNS = columns();

export class DocumentViewRepo {
  private readonly index: SearchIndexRepo;

  constructor(private readonly db: Db) {
    this.index = new SearchIndexRepo(db);
  }

  /** Puts a document as its record now reads (a write, or a view catching up). */
  upsert(row: DocumentRow): void {
    this.db
      .prepare(
        `INSERT INTO documents (id, client_id, blob_id, key_version, rev, name, category, period_year, period_month,
          tags, notes, size, sha256, mime, status, sample, created_by, created_at, updated_at, trashed_at, legal_hold)
         VALUES (@id, @clientId, @blobId, @keyVersion, @rev, @name, @category, @periodYear, @periodMonth,
          @tags, @notes, @size, @sha256, @mime, @status, @sample, @createdBy, @createdAt, @updatedAt, @trashedAt, @legalHold)
         ON CONFLICT(id) DO UPDATE SET key_version = excluded.key_version, rev = excluded.rev, name = excluded.name,
           category = excluded.category, period_year = excluded.period_year, period_month = excluded.period_month, tags = excluded.tags,
           notes = excluded.notes, size = excluded.size, sha256 = excluded.sha256, mime = excluded.mime, status = excluded.status,
           sample = excluded.sample, updated_at = excluded.updated_at, trashed_at = excluded.trashed_at,
           legal_hold = excluded.legal_hold`,
      )
      .run({ ...row, legalHold: row.legalHold ?? null });
    this.index.indexDocument(row.id);
  }

  byId(id: string): DocumentRow | null {
    return (this.db.prepare(`SELECT ${COLUMNS} FROM documents WHERE id = ?`).get(id) as DocumentRow | undefined) ?? null;
  }

  /** Every document the view holds, active and trashed (the 销毁清册 looks through them all). */
  all(): DocumentRow[] {
    return this.db.prepare(`SELECT ${COLUMNS} FROM documents ORDER BY client_id, period_year, period_month, created_at, id`).all() as DocumentRow[];
  }

  byClient(clientId: string, status: DocumentRow['status'] = 'active'): DocumentRow[] {
    return this.db
      .prepare(`SELECT ${COLUMNS} FROM documents WHERE client_id = ? AND status = ? ORDER BY created_at, id`)
      .all(clientId, status) as DocumentRow[];
  }

  /**
   * Active documents whose name, category, tags or notes contain `text`, or whose
   * accounting period matches a "2024", "2024-03" or "2024年3月" query; newest first.
   */
  search(text: string, period: { year: number; month: number | null } | null, limit: number): (DocumentRow & { clientName: string })[] {
    type Hit = DocumentRow & { clientName: string };
    // Conditions on the documents table under alias `d` ('d.' or '' inside a subquery).
    const inPeriod = (d: string) => `${d}period_year = @year${period?.month == null ? '' : ` AND ${d}period_month = @month`}`;
    // What every match passes: its period, or the exact text in one of its fields (the n-gram index only narrows).
    const test = period
      ? inPeriod('d.')
      : `(d.name LIKE @like ESCAPE '\\' OR d.category LIKE @like ESCAPE '\\' OR d.tags LIKE @like ESCAPE '\\' OR d.notes LIKE @like ESCAPE '\\')`;
    const params = period ? { year: period.year, ...(period.month === null ? {} : { month: period.month }) } : { like: `%${escapeLike(text)}%` };
    const select = `SELECT ${columns('d.')}, c.name AS clientName`;
    const joinClient = 'CROSS JOIN clients c ON c.id = d.client_id';
    const order = 'ORDER BY d.updated_at DESC, d.rowid DESC';
    const all = (sql: string, more: Record<string, unknown>) => this.db.prepare(sql).all({ ...params, ...more }) as Hit[];
    // The page's rows chosen and sorted by rowid first, then read whole: the full row (its client's name, its
    // text state from document_text) for every match before the sort cost a random page or two each.
    const page = (sql: string, more: Record<string, unknown>) =>
      all(`WITH page(r) AS MATERIALIZED (${sql}) ${select} FROM page CROSS JOIN documents d ON d.rowid = page.r ${joinClient} ${order}`, more);
    if (period) {
      // The period's newest rows straight from its index: only the page's rows are read.
      return all(
        `${select} FROM (SELECT rowid AS r FROM documents INDEXED BY documents_period_updated
           WHERE ${inPeriod('')} AND status = 'active' ORDER BY updated_at DESC, rowid DESC LIMIT @limit) p
         CROSS JOIN documents d ON d.rowid = p.r ${joinClient} ${order}`,
        { limit },
      );
    }
    const tokens = queryTokens(text);
    const match = tokens ? matchExpression(tokens) : null;
    return firstMatches<Hit>(
      {
        probe: (rows, max) =>
          page(
            `SELECT d.rowid AS r FROM (SELECT rowid AS r FROM documents INDEXED BY documents_updated WHERE status = 'active'
               ORDER BY updated_at DESC, rowid DESC LIMIT @rows) p
             CROSS JOIN documents d ON d.rowid = p.r WHERE ${test} ${order} LIMIT @limit`,
            { rows, limit: max },
          ),
        longerThan: (rows) => this.db.prepare("SELECT 1 FROM documents INDEXED BY documents_updated WHERE status = 'active' LIMIT 1 OFFSET ?").get(rows) !== undefined,
        candidates: (cap) => (match === null ? null : this.index.candidates('document_search', match, cap)),
        walk: (max) =>
          all(`${select} FROM documents d INDEXED BY documents_updated ${joinClient} WHERE d.status = 'active' AND ${test} ${order} LIMIT @limit`, {
            limit: max,
          }),
        indexed: (max) =>
          page(
            `WITH hits(r) AS MATERIALIZED (SELECT rowid FROM document_search WHERE document_search MATCH @match)
             SELECT d.rowid AS r FROM hits CROSS JOIN documents d ON d.rowid = hits.r
             WHERE d.status = 'active' AND ${test} ${order} LIMIT @limit`,
            { match, limit: max },
          ),
      },
      limit,
    );
  }

  delete(id: string): boolean {
    this.index.forgetDocument(id);
    return this.db.prepare('DELETE FROM documents WHERE id = ?').run(id).changes === 1;
  }

  /** Drops every document of a client (the client left the view). */
  removeClient(clientId: string): void {
    for (const { id } of this.db.prepare('SELECT id FROM documents WHERE client_id = ?').all(clientId) as { id: string }[]) this.delete(id);
  }

  names(ids: readonly string[]): Map<string, string> {
    const out = new Map<string, string>();
    const stmt = this.db.prepare('SELECT name FROM documents WHERE id = ?');
    for (const id of new Set(ids)) {
      const row = stmt.get(id) as { name: string } | undefined;
      if (row) out.set(id, row.name);
    }
    return out;
  }
}
