import type { Db } from '../db/database';

export interface ShareRow {
  id: string;
  clientId: string;
  keyVersion: number;
  createdAt: string;
  body: Buffer;
}

const COLUMNS = 'id, client_id AS clientId, key_version AS keyVersion, created_at AS createdAt, body';

/** The share register's rows: one sealed body per share (see migration 0180). */
export class ShareRepo {
  constructor(private readonly db: Db) {}

  put(row: ShareRow): void {
    this.db
      .prepare(
        `INSERT INTO shares (id, client_id, key_version, created_at, body) VALUES (@id, @clientId, @keyVersion, @createdAt, @body)
         ON CONFLICT(id) DO UPDATE SET key_version = excluded.key_version, body = excluded.body`,
      )
      .run(row);
  }

  /** Newest first. */
  byClient(clientId: string): ShareRow[] {
    return this.db.prepare(`SELECT ${COLUMNS} FROM shares WHERE client_id = ? ORDER BY created_at DESC, id`).all(clientId) as ShareRow[];
  }

  deleteClient(clientId: string): number {
    return this.db.prepare('DELETE FROM shares WHERE client_id = ?').run(clientId).changes;
  }
}
