import { closeSync, openSync } from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';
import { VaultError, fsError } from '../errors';
import { currentNativeBinding } from './native';

export type Db = Database.Database;

/** The page cipher: SQLCipher v4 layout (AES-256-CBC + HMAC-SHA512 per page), an open, documented format. */
export const CIPHER = 'sqlcipher';
const LEGACY = 4;

/**
 * Opens (or creates) the page-encrypted database with a raw 256-bit key.
 * Every page is authenticated; a wrong key or altered page is refused.
 */
export interface OpenOptions {
  readonly?: boolean;
  /**
   * FULL (default): every commit is on disk when it returns. NORMAL: the last commits may be lost to a
   * power cut (never corrupted) — for the views, which catch up from vault.db.
   */
  synchronous?: 'FULL' | 'NORMAL';
  /** Overwrite deleted content (a view drops a client whose grant was revoked). */
  secureDelete?: boolean;
}

export function openEncryptedDatabase(path: string, key: Buffer, options: OpenOptions = {}): Db {
  if (key.length !== 32) throw new Error('database key must be 32 bytes');
  let db: Db;
  try {
    // Create the file owner-only first; SQLite gives -wal and -shm the same mode.
    if (!options.readonly) closeSync(openSync(path, 'a', 0o600));
    const nativeBinding = currentNativeBinding();
    db = new Database(path, { ...(nativeBinding ? { nativeBinding } : {}), fileMustExist: options.readonly ?? false, readonly: options.readonly ?? false });
  } catch (err) {
    throw fsError(err, 'vault.db');
  }
  try {
    db.pragma(`cipher = '${CIPHER}'`);
    db.pragma(`legacy = ${LEGACY}`);
    keyDatabase(db, key);
    // Reading the schema forces page 1 through decryption and its HMAC.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    const active = db.pragma('cipher', { simple: true });
    if (active !== CIPHER) throw new VaultError('TAMPERED', { what: 'vault.db cipher' });
    configure(db, options);
    return db;
  } catch (err) {
    db.close();
    throw mapSqliteError(err, 'vault.db');
  }
}

/**
 * Re-encrypts every page under a new key (SQLCipher rekey). It runs in
 * rollback-journal mode, where SQLite makes it one transaction: a crash
 * leaves the file under the old key, whole (the journal is rolled back at
 * the next open). WAL mode is restored afterwards.
 */
export function rekeyDatabase(db: Db, newKey: Buffer): void {
  if (newKey.length !== 32) throw new Error('database key must be 32 bytes');
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.pragma('journal_mode = DELETE');
    db.pragma(`rekey = "x'${newKey.toString('hex')}'"`);
  } catch (err) {
    throw mapSqliteError(err, 'vault.db');
  } finally {
    db.pragma('journal_mode = WAL');
  }
}

/** Unencrypted database with the same settings: only for the benchmark's plain baseline. */
export function openPlainDatabase(path: string): Db {
  const nativeBinding = currentNativeBinding();
  const db = new Database(path, nativeBinding ? { nativeBinding } : {});
  configure(db, {});
  return db;
}

function keyDatabase(db: Db, key: Buffer): void {
  // Raw key syntax: no passphrase KDF inside SQLite; the key comes from HKDF of the vault key.
  const hex = key.toString('hex');
  db.pragma(`key = "x'${hex}'"`);
}

function configure(db: Db, options: OpenOptions): void {
  if (!options.readonly) {
    // Only on a new file (setting it again rewrites page 1). Free pages are then released at each
    // commit, so every page on disk is a live page that a full check reads and authenticates.
    if (db.pragma('page_count', { simple: true }) === 0) db.pragma('auto_vacuum = FULL');
    db.pragma('journal_mode = WAL');
    // A checkpoint decrypts each page out of the WAL and encrypts it again into the database: at
    // SQLite's default (every 1,000 pages) hot pages such as the search index's went through it many
    // times over. 10,000 pages (40 MiB of WAL at most) cut the encrypted database's extra time on the
    // benchmark's working day by about a third; close() still checkpoints everything.
    db.pragma('wal_autocheckpoint = 10000');
  }
  db.pragma(`synchronous = ${options.synchronous === 'NORMAL' ? 'NORMAL' : 'FULL'}`);
  if (options.secureDelete) db.pragma('secure_delete = ON');
  db.pragma('foreign_keys = ON');
  // Sorts and temporary tables stay in memory: nothing decrypted spills to temp files.
  db.pragma('temp_store = MEMORY');
  db.pragma('busy_timeout = 5000');
}

/**
 * Runs `fn` with SQLite overwriting what it deletes (secure_delete: this build's default, set here
 * whatever the build), so a destruction's deleted rows (the documents' wrapped file keys) leave no
 * copy in a page. `fn` must not be inside an open transaction.
 */
export function withSecureDelete<T>(db: Db, fn: () => T): T {
  const before = db.pragma('secure_delete', { simple: true }) as number;
  db.pragma('secure_delete = ON');
  try {
    return fn();
  } finally {
    db.pragma(`secure_delete = ${before ? 'ON' : 'OFF'}`);
  }
}

/**
 * Moves the WAL into the main file and empties it: the pages a destruction changed no longer have
 * older copies (with the erased keys) in -wal. Returns whether it could (a reader may hold the WAL;
 * the next checkpoint, at close at the latest, then does it).
 */
export function truncateWal(db: Db): boolean {
  try {
    const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    return result?.busy === 0;
  } catch {
    return false;
  }
}

/**
 * Checkpoints the WAL into the main file and closes, so nothing is left in -wal
 * at rest. If the checkpoint cannot run (a full disk), the committed data stays
 * in the encrypted WAL and the next open recovers it: closing must still happen.
 */
export function closeDatabase(db: Db): void {
  if (!db.open) return;
  try {
    if (!db.readonly) db.pragma('wal_checkpoint(TRUNCATE)');
  } catch {
    // See above: the WAL is durable and encrypted; the close below is what matters.
  } finally {
    db.close();
  }
}

export function mapSqliteError(err: unknown, what: string): unknown {
  if (err instanceof VaultError) return err;
  const code = (err as { code?: string } | null)?.code;
  switch (code) {
    case 'SQLITE_NOTADB':
    case 'SQLITE_CORRUPT':
    case 'SQLITE_CORRUPT_VTAB':
    case 'SQLITE_CORRUPT_SEQUENCE':
    case 'SQLITE_CORRUPT_INDEX':
      return new VaultError('TAMPERED', { what }, { cause: err });
    case 'SQLITE_FULL':
    case 'SQLITE_IOERR_WRITE':
      return new VaultError('DISK_FULL', {}, { cause: err });
    case 'SQLITE_READONLY':
    case 'SQLITE_READONLY_DBMOVED':
    case 'SQLITE_CANTOPEN':
    case 'SQLITE_IOERR_SHMOPEN':
      return new VaultError('READ_ONLY', {}, { cause: err });
    default:
      return fsError(err, what);
  }
}
