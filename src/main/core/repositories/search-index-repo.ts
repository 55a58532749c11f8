import type { Db } from '../db/database';
import { indexTokens } from '../search/tokens';

/**
 * Keeps a view's n-gram indexes in step with the rows they describe. Called
 * inside the same transaction as the write it follows, by the client and
 * document view repositories.
 */
export class SearchIndexRepo {
  constructor(private readonly db: Db) {}

  indexDocument(id: string): void {
    const row = this.db.prepare('SELECT rowid AS r, name, category, tags, notes FROM documents WHERE id = ?').get(id) as
      | { r: number; name: string; category: string; tags: string; notes: string }
      | undefined;
    if (!row) return;
    this.db.prepare('DELETE FROM document_search WHERE rowid = ?').run(row.r);
    this.db.prepare('INSERT INTO document_search (rowid, tokens) VALUES (?, ?)').run(row.r, indexTokens(row.name, row.category, row.tags, row.notes).join(' '));
  }

  /** Call before the document row is deleted (its rowid is needed). */
  forgetDocument(id: string): void {
    this.db.prepare('DELETE FROM document_search WHERE rowid = (SELECT rowid FROM documents WHERE id = ?)').run(id);
  }

  /** How many rows the index offers for `match`, counted no further than `cap` (FTS5 stops reading there). */
  candidates(index: 'document_search' | 'client_search', match: string, cap: number): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM (SELECT 1 FROM ${index} WHERE ${index} MATCH ? LIMIT ?)`).get(match, cap) as { n: number }).n;
  }

  /** Call before the client row is deleted (its rowid is needed). */
  forgetClient(id: string): void {
    this.db.prepare('DELETE FROM client_search WHERE rowid = (SELECT rowid FROM clients WHERE id = ?)').run(id);
  }

  indexClient(id: string): void {
    const row = this.db.prepare('SELECT rowid AS r, name, credit_code AS code, contact_person AS contact FROM clients WHERE id = ?').get(id) as
      | { r: number; name: string; code: string | null; contact: string | null }
      | undefined;
    if (!row) return;
    this.db.prepare('DELETE FROM client_search WHERE rowid = ?').run(row.r);
    this.db.prepare('INSERT INTO client_search (rowid, tokens) VALUES (?, ?)').run(row.r, indexTokens(row.name, row.code, row.contact).join(' '));
  }
}
