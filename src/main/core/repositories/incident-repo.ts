import type { Db } from '../db/database';

export type IncidentHolder = 'master' | 'master-next';

export interface IncidentRow {
  id: string;
  holder: IncidentHolder;
  rev: number;
  openedAt: string;
  body: Buffer;
}

const COLUMNS = 'id, holder, rev, opened_at AS openedAt, body';

/** Incident rows: one sealed body per incident and master key (see migration 0150). */
export class IncidentRepo {
  constructor(private readonly db: Db) {}

  put(row: IncidentRow): void {
    this.db
      .prepare(
        `INSERT INTO incidents (id, holder, rev, opened_at, body) VALUES (@id, @holder, @rev, @openedAt, @body)
         ON CONFLICT(id, holder) DO UPDATE SET rev = excluded.rev, body = excluded.body`,
      )
      .run(row);
  }

  byId(id: string, holder: IncidentHolder = 'master'): IncidentRow | null {
    return (this.db.prepare(`SELECT ${COLUMNS} FROM incidents WHERE id = ? AND holder = ?`).get(id, holder) as IncidentRow | undefined) ?? null;
  }

  /** Newest first. */
  all(holder: IncidentHolder = 'master'): IncidentRow[] {
    return this.db.prepare(`SELECT ${COLUMNS} FROM incidents WHERE holder = ? ORDER BY opened_at DESC, id`).all(holder) as IncidentRow[];
  }

  deleteAllHolder(holder: IncidentHolder): void {
    this.db.prepare('DELETE FROM incidents WHERE holder = ?').run(holder);
  }

  /** Second half of replacing the master key, with the client keys' wraps: the copies sealed under the new key become the current ones. */
  promoteMasterNext(): void {
    this.db.prepare("DELETE FROM incidents WHERE holder = 'master' AND id IN (SELECT id FROM incidents WHERE holder = 'master-next')").run();
    this.db.prepare("UPDATE incidents SET holder = 'master' WHERE holder = 'master-next'").run();
  }
}
