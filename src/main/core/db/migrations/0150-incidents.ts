import type { Migration } from '../migrate';

/**
 * The incident register (core/incidents/): each incident one ciphertext
 * sealed under a key derived from the master key, since it names clients and
 * staff and only owners and admins may read it. `holder` follows the client
 * keys' master wraps: 'master-next' copies are written while the master key
 * is being replaced and promoted with the wraps.
 */
export const migration0150: Migration = {
  version: 150,
  name: 'incidents',
  up: (db) => {
    db.exec(`
      CREATE TABLE incidents (
        id          TEXT NOT NULL,
        holder      TEXT NOT NULL CHECK (holder IN ('master', 'master-next')),
        rev         INTEGER NOT NULL CHECK (rev >= 1),
        opened_at   TEXT NOT NULL,
        body        BLOB NOT NULL,
        PRIMARY KEY (id, holder)
      ) STRICT;
    `);
  },
};
