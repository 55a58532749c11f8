import { transact } from './transact';
import { VaultError } from '../errors';
import type { Db } from './database';
import { migration0010 } from './migrations/0010-initial';
import { migration0020 } from './migrations/0020-audit';
import { migration0030 } from './migrations/0030-settings';
import { migration0040 } from './migrations/0040-client-keys';
import { migration0050 } from './migrations/0050-search-index';
import { migration0060 } from './migrations/0060-period-order';
import { migration0070 } from './migrations/0070-blob-intents';
import { migration0080 } from './migrations/0080-sealed-records';
import { migration0090 } from './migrations/0090-credentials';
import { migration0100 } from './migrations/0100-document-text';
import { migration0140 } from './migrations/0140-audit-watch';
import { migration0150 } from './migrations/0150-incidents';
import { migration0160 } from './migrations/0160-staff-records';
import { migration0170 } from './migrations/0170-destruction-lists';
import { migration0180 } from './migrations/0180-shares';
import { migration0200 } from './migrations/0200-sync';

export interface Migration {
  version: number;
  name: string;
  up: (db: Db) => void;
}

/** Every migration in order. Never edit a released one; add the next (0020, 0030…). */
export const MIGRATIONS: readonly Migration[] = [migration0010, migration0020, migration0030, migration0040, migration0050, migration0060, migration0070, migration0080, migration0090, migration0100, migration0140, migration0150, migration0160, migration0170, migration0180, migration0200];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings the schema up to date, one migration per transaction. A database
 * written by a newer version is refused rather than guessed at.
 */
export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): number {
  const latest = migrations[migrations.length - 1]?.version ?? 0;
  const current = schemaVersion(db);
  if (current > latest) throw new VaultError('FUTURE_VERSION');
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    transact(
      db,
      () => {
        migration.up(db);
        db.pragma(`user_version = ${Math.trunc(migration.version)}`);
      },
      { immediate: true },
    );
  }
  return schemaVersion(db);
}
