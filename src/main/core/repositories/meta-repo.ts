import type { Db } from '../db/database';

/**
 * The master signing key (base64) that vault.db's master wraps belong to; must be vault.key's chain tip.
 * (Vaults converted from version 2 start with it at conversion.)
 */
export const META_MASTER_KEY = 'master_signing_key';
/** Set while a new master key's wraps ('master-next') exist but vault.key may not name it yet: its signing key. */
export const META_MASTER_NEXT_KEY = 'master_next_signing_key';
/** The roster version vault.db last saw in vault.key: a vault.key older than this was rolled back. */
export const META_ROSTER_VERSION = 'roster_version';
/** An offboarding under way (JSON: staff id, colleague, whether they held the master key); cleared when every step is done. */
export const META_OFFBOARD_PENDING = 'offboard_pending';
/** The staff id whose offboarding already replaced the master key (so a resumed one does not replace it twice). */
export const META_OFFBOARD_MASTER_DONE = 'offboard_master_done';
/** Set while replacing the common key is owed (an offboarding): the staff id it is for. */
export const META_COMMON_ROTATION_PENDING = 'common_rotation_pending';
/** Set while "replace the master key and rotate every client key" is owed (survives a crash). */
export const META_ROTATION_PENDING = 'rotation_pending';
/** A password reset whose grants are still to be rewrapped to the member's new identity (their staff id). */
export const META_RESET_PENDING = 'reset_pending';

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
