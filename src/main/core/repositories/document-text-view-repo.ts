import type { Db } from '../db/database';
import type { TextData } from '../records/text-record';
import { contentIndexTokens, contentQueryTokens, matchExpression, normaliseText } from '../search/tokens';

/** What a view holds of a document's text. */
export interface DocumentTextRow {
  documentId: string;
  clientId: string;
  status: TextData['status'];
  damaged: number;
  reason: string | null;
  method: TextData['method'];
  truncated: number;
  /** The extraction version that read it. */
  extractor: number;
  text: string;
}

const COLUMNS = 'document_id AS documentId, client_id AS clientId, status, damaged, reason, method, truncated, extractor, text';

/** Candidates read from the index for one query before giving up on finding more (a term in nearly every document). */
const MAX_CANDIDATES = 3000;

/**
 * The text read from inside documents, in a staff member's view (decrypted;
 * only of clients they can read), and its n-gram index: content search finds
 * candidates by n-grams, then checks the exact phrase in the text.
 */
export class DocumentTextViewRepo {
  constructor(private readonly db: Db) {}

  upsert(t: TextData): void {
    this.forget(t.id);
    const row: DocumentTextRow = {
      documentId: t.id,
      clientId: t.clientId,
      status: t.status,
      damaged: t.damaged ? 1 : 0,
      reason: t.reason,
      method: t.method,
      truncated: t.truncated ? 1 : 0,
      extractor: t.extractor,
      text: t.text,
    };
    const { lastInsertRowid } = this.db
      .prepare(
        `INSERT INTO document_text (document_id, client_id, status, damaged, reason, method, truncated, extractor, text)
         VALUES (@documentId, @clientId, @status, @damaged, @reason, @method, @truncated, @extractor, @text)`,
      )
      .run(row);
    if (t.text) this.db.prepare('INSERT INTO content_search (rowid, tokens) VALUES (?, ?)').run(lastInsertRowid, contentIndexTokens(t.text).join(' '));
  }

  byId(documentId: string): DocumentTextRow | null {
    return (this.db.prepare(`SELECT ${COLUMNS} FROM document_text WHERE document_id = ?`).get(documentId) as DocumentTextRow | undefined) ?? null;
  }

  /** Whether each document has been read, and how: for the document list (no text). */
  statuses(documentIds: readonly string[]): Map<string, { status: DocumentTextRow['status']; damaged: boolean }> {
    const out = new Map<string, { status: DocumentTextRow['status']; damaged: boolean }>();
    const stmt = this.db.prepare('SELECT status, damaged FROM document_text WHERE document_id = ?');
    for (const id of documentIds) {
      const row = stmt.get(id) as { status: DocumentTextRow['status']; damaged: number } | undefined;
      if (row) out.set(id, { status: row.status, damaged: row.damaged === 1 });
    }
    return out;
  }

  /**
   * Documents of `clientIds` that an extraction older than `version` could not read (failed, empty, a
   * type not read, a scan not recognised): a newer extractor tries them again, once.
   */
  stale(clientIds: readonly string[], version: number, limit: number): { id: string; clientId: string }[] {
    if (clientIds.length === 0) return [];
    return this.db
      .prepare(
        `SELECT document_id AS id, client_id AS clientId FROM document_text
         WHERE extractor < ? AND status <> 'ok' AND client_id IN (SELECT value FROM json_each(?)) LIMIT ?`,
      )
      .all(version, JSON.stringify(clientIds), limit) as { id: string; clientId: string }[];
  }

  staleCount(clientIds: readonly string[], version: number): number {
    if (clientIds.length === 0) return 0;
    return (
      this.db
        .prepare(`SELECT count(*) AS n FROM document_text WHERE extractor < ? AND status <> 'ok' AND client_id IN (SELECT value FROM json_each(?))`)
        .get(version, JSON.stringify(clientIds)) as { n: number }
    ).n;
  }

  forget(documentId: string): void {
    this.db.prepare('DELETE FROM content_search WHERE rowid = (SELECT rowid FROM document_text WHERE document_id = ?)').run(documentId);
    this.db.prepare('DELETE FROM document_text WHERE document_id = ?').run(documentId);
  }

  removeClient(clientId: string): void {
    for (const { id } of this.db.prepare('SELECT document_id AS id FROM document_text WHERE client_id = ?').all(clientId) as { id: string }[]) this.forget(id);
  }

  removeAll(): void {
    this.db.prepare('DELETE FROM content_search').run();
    this.db.prepare('DELETE FROM document_text').run();
  }

  /**
   * Documents whose text contains `query` (after NFKC and case folding), most recently read first,
   * with where it was found; null when the query is too short for the index (one or two letters or digits).
   * The index gives candidates newest first and they are checked one by one as they stream, so a common
   * term stops at `limit` hits instead of reading and sorting every document that holds its n-grams.
   * Only a candidate whose text holds the query is passed to `accept` (the caller's check that the document is
   * active, reading the row it will show): at 100,000 documents a document's look-up, not its text, was most of
   * a query's time when every candidate had one.
   */
  search(
    query: string,
    limit: number,
    clientId: string | null,
    accept: (documentId: string) => boolean,
  ): { documentId: string; text: string; at: number }[] | null {
    const tokens = contentQueryTokens(query);
    if (!tokens) return null;
    const raw = query.trim();
    const needle = normaliseText(raw);
    const rows = this.db
      .prepare(
        `SELECT t.document_id AS documentId, t.text AS text FROM content_search c
         CROSS JOIN document_text t ON t.rowid = c.rowid
         WHERE content_search MATCH @match AND (@client IS NULL OR t.client_id = @client)
         ORDER BY c.rowid DESC`,
      )
      .iterate({ match: matchExpression(tokens), client: clientId }) as IterableIterator<{ documentId: string; text: string }>;
    const out: { documentId: string; text: string; at: number }[] = [];
    let examined = 0;
    for (const row of rows) {
      if (++examined > MAX_CANDIDATES) break;
      // As typed first (most hits, and the place in the text itself); folded only when that misses.
      const direct = row.text.indexOf(raw);
      const at = direct >= 0 ? direct : normaliseText(row.text).indexOf(needle);
      if (at < 0 || !accept(row.documentId)) continue;
      out.push({ documentId: row.documentId, text: row.text, at });
      // Leaving the loop early finalises the statement (better-sqlite3 resets an iterator on return).
      if (out.length >= limit) break;
    }
    return out;
  }
}
