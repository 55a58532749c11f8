import type { Migration } from '../migrate';

/**
 * The share register (core/shares/): one row per package handed to an
 * outside party. Whom, what, why and until when are client data, so the body
 * is sealed under the client's key of `key_version` (resealed with the
 * client's other data when that key rotates); only the id, the client and
 * the time are in the clear, to list a client's shares in order.
 */
export const migration0180: Migration = {
  version: 180,
  name: 'shares',
  up: (db) => {
    db.exec(`
      CREATE TABLE shares (
        id           TEXT PRIMARY KEY,
        client_id    TEXT NOT NULL,
        key_version  INTEGER NOT NULL CHECK (key_version >= 1),
        created_at   TEXT NOT NULL,
        body         BLOB NOT NULL
      ) STRICT;
      CREATE INDEX shares_by_client ON shares (client_id, created_at);
    `);
  },
};
