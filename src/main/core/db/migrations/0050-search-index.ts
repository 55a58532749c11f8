import { indexTokens } from '../../search/tokens';
import type { Migration } from '../migrate';

/**
 * Full-text n-gram indexes for search as you type (see core/search/tokens.ts):
 * one FTS5 table per searchable table, rowid = the row's rowid, filled from
 * the existing rows. Also the indexes the document search and the client list order and filter by.
 */
export const migration0050: Migration = {
  version: 50,
  name: 'search-index',
  up: (db) => {
    db.exec(`
      CREATE VIRTUAL TABLE document_search USING fts5(tokens, detail = none);
      CREATE VIRTUAL TABLE client_search USING fts5(tokens, detail = none);
      CREATE INDEX documents_updated ON documents(status, updated_at);
      CREATE INDEX documents_period ON documents(period_year, period_month);
      -- The client list's default order, so its first page is an index walk rather than a sort.
      CREATE INDEX clients_status_name_nocase ON clients(status, name COLLATE NOCASE, id);
    `);
    const putDoc = db.prepare('INSERT INTO document_search (rowid, tokens) VALUES (?, ?)');
    // .all(): better-sqlite3 allows no writes while a statement iterates.
    for (const row of db.prepare('SELECT rowid AS r, name, category, tags, notes FROM documents').all() as {
      r: number;
      name: string;
      category: string;
      tags: string;
      notes: string;
    }[]) {
      putDoc.run(row.r, indexTokens(row.name, row.category, row.tags, row.notes).join(' '));
    }
    const putClient = db.prepare('INSERT INTO client_search (rowid, tokens) VALUES (?, ?)');
    for (const row of db.prepare('SELECT rowid AS r, name, credit_code AS code, contact_person AS contact FROM clients').all() as {
      r: number;
      name: string;
      code: string | null;
      contact: string | null;
    }[]) {
      putClient.run(row.r, indexTokens(row.name, row.code, row.contact).join(' '));
    }
  },
};
