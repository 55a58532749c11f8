import type { Db } from '../db/database';

export type DestructionHolder = 'master' | 'master-next';

/** A 销毁清册 as vault.db stores it: its body sealed (see retention/destruction-seal.ts), one copy per master key. */
export interface SealedDestructionRow {
  id: string;
  holder: DestructionHolder;
  createdAt: string;
  rev: number;
  body: Buffer;
}

const COLUMNS = 'id, holder, created_at AS createdAt, rev, body';

export class DestructionRepo {
  constructor(private readonly db: Db) {}

  put(row: SealedDestructionRow): void {
    this.db
      .prepare(
        `INSERT INTO destruction_lists (id, holder, created_at, rev, body) VALUES (@id, @holder, @createdAt, @rev, @body)
         ON CONFLICT(id, holder) DO UPDATE SET rev = excluded.rev, body = excluded.body`,
      )
      .run(row);
  }

  byId(id: string, holder: DestructionHolder = 'master'): SealedDestructionRow | null {
    return (this.db.prepare(`SELECT ${COLUMNS} FROM destruction_lists WHERE id = ? AND holder = ?`).get(id, holder) as SealedDestructionRow | undefined) ?? null;
  }

  /** Newest first. */
  all(holder: DestructionHolder = 'master'): SealedDestructionRow[] {
    return this.db.prepare(`SELECT ${COLUMNS} FROM destruction_lists WHERE holder = ? ORDER BY created_at DESC, id`).all(holder) as SealedDestructionRow[];
  }

  deleteAllHolder(holder: DestructionHolder): void {
    this.db.prepare('DELETE FROM destruction_lists WHERE holder = ?').run(holder);
  }

  /** Second half of replacing the master key, with the client keys' wraps: the copies sealed under the new key become the current ones. */
  promoteMasterNext(): void {
    this.db.prepare("DELETE FROM destruction_lists WHERE holder = 'master' AND id IN (SELECT id FROM destruction_lists WHERE holder = 'master-next')").run();
    this.db.prepare("UPDATE destruction_lists SET holder = 'master' WHERE holder = 'master-next'").run();
  }
}
