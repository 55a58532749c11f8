import type { Db } from '../db/database';

/** 'policy' for the owner's floor; 'staff:<id>' for one staff member's own settings. */
export type SettingsScope = 'policy' | `staff:${string}`;

export function staffScope(staffId: string): SettingsScope {
  return `staff:${staffId}`;
}

/** Settings rows: one JSON value per (scope, key). Values are parsed by the caller's schema. */
export class SettingsRepo {
  constructor(private readonly db: Db) {}

  /** The parsed JSON value, or undefined when unset. Throws on a value that is not JSON. */
  get(scope: SettingsScope, key: string): unknown {
    const row = this.db.prepare('SELECT value FROM settings WHERE scope = ? AND key = ?').get(scope, key) as
      | { value: string }
      | undefined;
    return row === undefined ? undefined : (JSON.parse(row.value) as unknown);
  }

  set(scope: SettingsScope, key: string, value: unknown, updatedBy: string | null, at: Date = new Date()): void {
    this.db
      .prepare(
        `INSERT INTO settings (scope, key, value, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(scope, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      )
      .run(scope, key, JSON.stringify(value), at.toISOString(), updatedBy);
  }
}
