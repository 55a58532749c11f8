import type { Db } from '../database';
import type { Migration } from '../migrate';

/**
 * Client data sealed under client keys (see records/record-seal.ts).
 *
 * - client_records, document_records: one self-contained ciphertext per
 *   record with its header in plain columns (ids, revision, key version),
 *   the author and their signature; documents keep the blob's wrapped file
 *   key and size in the clear, and a per-client duplicate tag instead of the
 *   content hash.
 * - seq: every write takes the next number of `counters.seq`, so each
 *   staff member's view (their own decrypted copy, see view/) catches up
 *   with what others wrote; tombstones carry deletions the same way.
 * - audit_log: events signed by the acting staff member, hash-chained;
 *   details about a client sealed under its key (see audit/audit-event.ts).
 *
 * Migrations run without keys, so rows of the old tables cannot be sealed
 * here: a vault created by this version (or one holding nothing yet) drops
 * them at once; an older vault with data keeps them until the first owner or
 * admin unlocks it and vault/upgrade-v3.ts converts it (meta 'upgrade').
 */
export const migration0080: Migration = {
  version: 80,
  name: 'sealed-records',
  up: (db) => {
    db.exec(`
      CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL) STRICT;
      INSERT INTO counters (name, value) VALUES ('seq', 0);

      CREATE TABLE client_records (
        id           TEXT PRIMARY KEY,
        key_version  INTEGER NOT NULL CHECK (key_version >= 1),
        rev          INTEGER NOT NULL CHECK (rev >= 1),
        seq          INTEGER NOT NULL UNIQUE,
        author       TEXT NOT NULL,
        body         BLOB NOT NULL,
        sig          BLOB NOT NULL
      ) STRICT;

      CREATE TABLE document_records (
        id           TEXT PRIMARY KEY,
        client_id    TEXT NOT NULL REFERENCES client_records(id),
        blob_id      TEXT NOT NULL UNIQUE,
        wrapped_key  BLOB NOT NULL,
        key_version  INTEGER NOT NULL CHECK (key_version >= 1),
        size         INTEGER NOT NULL,
        dup_tag      BLOB NOT NULL,
        rev          INTEGER NOT NULL CHECK (rev >= 1),
        seq          INTEGER NOT NULL UNIQUE,
        author       TEXT NOT NULL,
        body         BLOB NOT NULL,
        sig          BLOB NOT NULL
      ) STRICT;
      CREATE INDEX document_records_client ON document_records(client_id);
      CREATE INDEX document_records_dup ON document_records(client_id, dup_tag);

      CREATE TABLE tombstones (
        kind       TEXT NOT NULL,
        id         TEXT NOT NULL,
        client_id  TEXT NOT NULL,
        seq        INTEGER NOT NULL UNIQUE,
        PRIMARY KEY (kind, id)
      ) STRICT;

      CREATE TABLE audit_log (
        seq             INTEGER PRIMARY KEY,
        at              TEXT NOT NULL,
        actor_id        TEXT,
        actor_name      TEXT,
        role            TEXT,
        action          TEXT NOT NULL,
        outcome         TEXT NOT NULL CHECK (outcome IN ('success','failure','denied')),
        machine         TEXT NOT NULL,
        client_id       TEXT,
        document_id     TEXT,
        detail          TEXT NOT NULL DEFAULT '{}',
        sealed          BLOB,
        key_version     INTEGER,
        detail_hash     BLOB NOT NULL,
        roster_version  INTEGER NOT NULL,
        signer          TEXT NOT NULL,
        prev            BLOB NOT NULL,
        sig             BLOB NOT NULL
      ) STRICT;
      CREATE INDEX audit_log_client ON audit_log(client_id, seq);
      CREATE INDEX audit_log_actor ON audit_log(actor_id, seq);
      CREATE INDEX audit_log_document ON audit_log(document_id, seq);
      CREATE INDEX audit_log_action ON audit_log(action, seq);
    `);
    const legacy = db.prepare('SELECT (SELECT count(*) FROM clients) + (SELECT count(*) FROM documents) + (SELECT count(*) FROM audit_events) AS n').get() as { n: number };
    if (legacy.n === 0) dropLegacyTables(db);
    else db.prepare("INSERT INTO meta (key, value) VALUES ('upgrade', 'v3')").run();
  },
};

/**
 * Drops the tables of the version-2 layout and points client_keys at
 * client_records. Also the last step of the keyed conversion, which runs it
 * with foreign key enforcement off (client_keys is rebuilt).
 */
export function dropLegacyTables(db: Db): void {
  db.exec(`
    CREATE TABLE client_keys_v3 (
      client_id   TEXT NOT NULL REFERENCES client_records(id),
      version     INTEGER NOT NULL CHECK (version >= 1),
      holder      TEXT NOT NULL CHECK (holder IN ('master','master-next') OR (length(holder) = 32 AND holder NOT GLOB '*[^0-9a-f]*')),
      wrapped     BLOB NOT NULL,
      granted_by  TEXT REFERENCES staff(id),
      created_at  TEXT NOT NULL,
      PRIMARY KEY (client_id, version, holder)
    ) STRICT;
    INSERT INTO client_keys_v3 SELECT client_id, version, holder, wrapped, granted_by, created_at FROM client_keys;
    DROP TABLE client_keys;
    ALTER TABLE client_keys_v3 RENAME TO client_keys;
    CREATE INDEX client_keys_holder ON client_keys(holder, client_id);
    DROP TABLE document_search;
    DROP TABLE client_search;
    DROP TABLE documents;
    DROP TABLE clients;
    DROP TABLE audit_events;
  `);
}
