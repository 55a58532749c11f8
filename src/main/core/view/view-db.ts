import { hkdfSync, randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { closeDatabase, openEncryptedDatabase, type Db } from '../db/database';
import { transact } from '../db/transact';
import { isVaultError } from '../errors';
import { wipe } from '../keys/keyring';
import { CONTENT_TOKEN_CHARS } from '../search/tokens';

/**
 * A staff member's view: their own decrypted copy of the clients they can
 * read (every field, every document's metadata, the search index), in a
 * page-encrypted database under a key only they hold (derived from their
 * age identity, or from the master key for a session opened with the
 * recovery key). Lists, searches and pages read it; vault.db keeps the
 * sealed records it is made from, and the view catches up with them at
 * every unlock (see view-sync.ts). Nobody else can open it, and it can
 * always be rebuilt, so it is left out of backups.
 */
export const VIEW_SCHEMA_VERSION = 6;

export function viewsFolder(vaultDir: string): string {
  return join(vaultDir, 'views');
}

/** views/<staff id>.db, or views/recovery.db for a session opened with the recovery key. */
export function viewPath(vaultDir: string, owner: string): string {
  return join(viewsFolder(vaultDir), `${owner}.db`);
}

/** The view's page key from the owner's secret (their age identity, or the master key). */
export function viewKey(secret: Buffer | string, vaultId: string, owner: string): Buffer {
  const ikm = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : secret;
  try {
    return Buffer.from(hkdfSync('sha256', ikm, Buffer.from(vaultId, 'hex'), `zhangdun/v3/view\0${owner}`, 32));
  } finally {
    if (typeof secret === 'string') wipe(ikm);
  }
}

const SCHEMA = `
  CREATE TABLE view_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

  CREATE TABLE clients (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    credit_code     TEXT,
    taxpayer_type   TEXT,
    contact_person  TEXT,
    phone           TEXT,
    address         TEXT,
    bank_account    TEXT,
    service_start   TEXT,
    service_end     TEXT,
    assigned_staff  TEXT,
    notes           TEXT,
    label           TEXT NOT NULL,
    status          TEXT NOT NULL,
    sample          INTEGER NOT NULL,
    key_version     INTEGER NOT NULL,
    rev             INTEGER NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    legal_hold      TEXT,
    ended           TEXT
  ) STRICT;
  CREATE INDEX clients_updated ON clients(status, updated_at);
  CREATE INDEX clients_status_name_nocase ON clients(status, name COLLATE NOCASE, id);
  CREATE INDEX clients_assigned ON clients(assigned_staff);
  CREATE INDEX clients_credit_code ON clients(credit_code) WHERE credit_code IS NOT NULL;

  CREATE TABLE documents (
    id            TEXT PRIMARY KEY,
    client_id     TEXT NOT NULL,
    blob_id       TEXT NOT NULL,
    name          TEXT NOT NULL,
    category      TEXT NOT NULL,
    period_year   INTEGER,
    period_month  INTEGER,
    tags          TEXT NOT NULL,
    notes         TEXT NOT NULL,
    size          INTEGER NOT NULL,
    sha256        TEXT NOT NULL,
    mime          TEXT NOT NULL,
    status        TEXT NOT NULL,
    sample        INTEGER NOT NULL,
    created_by    TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    trashed_at    TEXT,
    key_version   INTEGER NOT NULL,
    rev           INTEGER NOT NULL,
    legal_hold    TEXT
  ) STRICT;
  CREATE INDEX documents_client ON documents(client_id, status, created_at);
  CREATE INDEX documents_updated ON documents(status, updated_at);
  CREATE INDEX documents_period_updated ON documents(period_year, period_month, status, updated_at);

  -- A client's credentials without their secrets: the secrets, seeds and files stay sealed in vault.db and are
  -- opened one at a time. strength and reuse_tag (a keyed hash under view_meta.hygiene_key) let the view flag
  -- weak and reused passwords without holding them.
  CREATE TABLE credentials (
    id            TEXT PRIMARY KEY,
    client_id     TEXT NOT NULL,
    key_version   INTEGER NOT NULL,
    rev           INTEGER NOT NULL,
    kind          TEXT NOT NULL,
    title         TEXT NOT NULL,
    login         TEXT,
    expires_on    TEXT,
    rotation_due  INTEGER NOT NULL,
    strength      INTEGER,
    reuse_tag     BLOB,
    summary       TEXT NOT NULL,
    updated_at    TEXT NOT NULL
  ) STRICT;
  CREATE INDEX credentials_client ON credentials(client_id, title);
  CREATE INDEX credentials_expiry ON credentials(expires_on) WHERE expires_on IS NOT NULL;
  CREATE INDEX credentials_reuse ON credentials(reuse_tag) WHERE reuse_tag IS NOT NULL;

  -- What was read from inside each document (its text record), and the n-gram index over it.
  CREATE TABLE document_text (
    document_id  TEXT PRIMARY KEY,
    client_id    TEXT NOT NULL,
    status       TEXT NOT NULL,
    damaged      INTEGER NOT NULL,
    reason       TEXT,
    method       TEXT NOT NULL,
    truncated    INTEGER NOT NULL,
    extractor    INTEGER NOT NULL,
    text         TEXT NOT NULL
  ) STRICT;
  CREATE INDEX document_text_client ON document_text(client_id);
  -- What an older extraction could not read, for a newer one to try again.
  CREATE INDEX document_text_unread ON document_text(extractor) WHERE status <> 'ok';
  -- Separators stay inside its tokens (amounts, dates and numbers: see contentIndexTokens).
  CREATE VIRTUAL TABLE content_search USING fts5(tokens, detail = none, tokenize = "unicode61 tokenchars '${CONTENT_TOKEN_CHARS}'");

  CREATE VIRTUAL TABLE document_search USING fts5(tokens, detail = none);
  CREATE VIRTUAL TABLE client_search USING fts5(tokens, detail = none);
`;

/** Makes the view's tables in an empty database (also the benchmark's plain baseline). */
export function createViewSchema(db: Db, identity: { vaultId: string; owner: string }): void {
  // One transaction: a view killed while being made has no tables at all, never some of them.
  transact(db, () => {
    db.exec(SCHEMA);
    const put = db.prepare('INSERT INTO view_meta (key, value) VALUES (?, ?)');
    put.run('vault_id', identity.vaultId);
    put.run('owner', identity.owner);
    put.run('mark', '0');
    put.run('hygiene_key', randomBytes(32).toString('hex'));
    db.pragma(`user_version = ${VIEW_SCHEMA_VERSION}`);
  });
}

/**
 * The view's page cache, in KiB (SQLite's default here is 16,000). Search reads pages all over the view
 * (index, documents, their texts), each decrypted again when it has left the cache: at 100,000 documents
 * the default held too little of them for search as you type to stay within 20 ms. A small vault never
 * fills it, so it costs memory only where it buys speed.
 */
export const VIEW_CACHE_KIB = 64 * 1024;

/**
 * Opens (or makes) a view. A view of another schema version, or one that no
 * longer opens with this key (the owner's identity changed), is deleted and
 * made again: it only ever holds what vault.db can give back.
 */
export async function openViewDb(path: string, key: Buffer, identity: { vaultId: string; owner: string }): Promise<{ db: Db; fresh: boolean }> {
  await fsp.mkdir(join(path, '..'), { recursive: true, mode: 0o700 });
  for (let attempt = 0; attempt < 2; attempt++) {
    let db: Db | null = null;
    try {
      db = openEncryptedDatabase(path, key, { synchronous: 'NORMAL', secureDelete: true });
      db.pragma(`cache_size = -${VIEW_CACHE_KIB}`);
      const version = db.pragma('user_version', { simple: true }) as number;
      if (version === 0) {
        // Tables at version 0: half made by an earlier version killed meanwhile: removed, then made whole on the next pass.
        if ((db.prepare('SELECT count(*) AS n FROM sqlite_master').get() as { n: number }).n === 0) {
          createViewSchema(db, identity);
          return { db, fresh: true };
        }
        closeDatabase(db);
        await removeView(path);
        continue;
      }
      const meta = new Map((db.prepare('SELECT key, value FROM view_meta').all() as { key: string; value: string }[]).map((r) => [r.key, r.value]));
      if (version === VIEW_SCHEMA_VERSION && meta.get('vault_id') === identity.vaultId && meta.get('owner') === identity.owner) {
        return { db, fresh: false };
      }
    } catch (err) {
      if (!isVaultError(err, 'TAMPERED') && !isVaultError(err, 'CORRUPT')) {
        if (db?.open) db.close();
        throw err;
      }
    }
    if (db?.open) closeDatabase(db);
    await removeView(path);
  }
  throw new Error('view could not be made');
}

export async function removeView(path: string): Promise<void> {
  for (const file of [path, `${path}-wal`, `${path}-shm`]) await fsp.rm(file, { force: true });
}
