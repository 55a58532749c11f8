import type { Db } from '../db/database';

/** The master key's check value that vault.db's master wraps are under (must equal vault.key's masterCheck). */
export const META_MASTER_CHECK = 'master_check';
/** Set while a new master key's wraps ('master-next') exist but vault.key may not name it yet. */
export const META_MASTER_NEXT_CHECK = 'master_next_check';
/** Set while "replace the master key and rotate every client key" is owed (survives a crash). */
export const META_ROTATION_PENDING = 'rotation_pending';

export class MetaRepo {
  constructor(private readonly db: Db) {}

  get(key: string): string | null {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value ?? null;
  }

  set(key: string, value: string): void {
    this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  delete(key: string): void {
    this.db.prepare('DELETE FROM meta WHERE key = ?').run(key);
  }
}
