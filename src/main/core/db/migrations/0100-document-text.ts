import type { Migration } from '../migrate';

/**
 * What was read from inside each document (records/text-record.ts): one sealed
 * record per document, under its client's key, keyed by the document's id.
 * A document without one is still to be read (the background indexer's queue).
 */
export const migration0100: Migration = {
  version: 100,
  name: 'document-text',
  up: (db) => {
    db.exec(`
      CREATE TABLE text_records (
        id           TEXT PRIMARY KEY REFERENCES document_records(id),
        client_id    TEXT NOT NULL REFERENCES client_records(id),
        key_version  INTEGER NOT NULL CHECK (key_version >= 1),
        rev          INTEGER NOT NULL CHECK (rev >= 1),
        seq          INTEGER NOT NULL UNIQUE,
        author       TEXT NOT NULL,
        body         BLOB NOT NULL,
        sig          BLOB NOT NULL
      ) STRICT;
      CREATE INDEX text_records_client ON text_records(client_id);
    `);
  },
};
