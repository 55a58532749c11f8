import type { Db } from '../db/database';

/** A 销毁清册 as vault.db stores it: its body sealed (see retention/destruction-seal.ts). */
export interface SealedDestructionRow {
  id: string;
  createdAt: string;
  rev: number;
  body: Buffer;
}

export class DestructionRepo {
  constructor(private readonly db: Db) {}

  put(row: SealedDestructionRow): void {
    this.db
      .prepare(
        `INSERT INTO destruction_lists (id, created_at, rev, body) VALUES (@id, @createdAt, @rev, @body)
         ON CONFLICT(id) DO UPDATE SET rev = excluded.rev, body = excluded.body`,
      )
      .run(row);
  }

  byId(id: string): SealedDestructionRow | null {
    return (this.db.prepare('SELECT id, created_at AS createdAt, rev, body FROM destruction_lists WHERE id = ?').get(id) as SealedDestructionRow | undefined) ?? null;
  }

  /** Newest first. */
  all(): SealedDestructionRow[] {
    return this.db.prepare('SELECT id, created_at AS createdAt, rev, body FROM destruction_lists ORDER BY created_at DESC, id').all() as SealedDestructionRow[];
  }
}
