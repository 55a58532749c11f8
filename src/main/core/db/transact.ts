import { mapSqliteError, type Db } from './database';

/**
 * The one way to run a transaction (a lint rule forbids calling
 * `db.transaction` anywhere else): `fn` commits or rolls back as a whole,
 * nested calls become savepoints, and a full disk, a read-only folder or a
 * damaged page comes back as DISK_FULL / READ_ONLY / TAMPERED, not as a raw
 * SQLite error. `immediate` takes the write lock at the start.
 */
export function transact<T>(db: Db, fn: () => T, options: { immediate?: boolean } = {}): T {
  try {
    // eslint-disable-next-line no-restricted-syntax -- the one place a transaction is made
    const tx = db.transaction(fn);
    return options.immediate && !db.inTransaction ? tx.immediate() : tx();
  } catch (err) {
    throw mapSqliteError(err, db.name === ':memory:' ? 'database' : 'vault.db');
  }
}
