import type { Migration } from '../migrate';

/**
 * A client's credentials (records/credential-record.ts): like every record
 * of a client, one ciphertext sealed under its key with the header in plain
 * columns. `file` is an attached certificate (.pfx …), sealed separately
 * under the same key so that lists never decrypt it.
 */
export const migration0090: Migration = {
  version: 90,
  name: 'credentials',
  up: (db) => {
    db.exec(`
      CREATE TABLE credential_records (
        id           TEXT PRIMARY KEY,
        client_id    TEXT NOT NULL REFERENCES client_records(id),
        key_version  INTEGER NOT NULL CHECK (key_version >= 1),
        rev          INTEGER NOT NULL CHECK (rev >= 1),
        seq          INTEGER NOT NULL UNIQUE,
        author       TEXT NOT NULL,
        body         BLOB NOT NULL,
        file         BLOB,
        sig          BLOB NOT NULL
      ) STRICT;
      CREATE INDEX credential_records_client ON credential_records(client_id);
    `);
  },
};
