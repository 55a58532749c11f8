import type { Migration } from '../migrate';

/**
 * 销毁清册: what was drawn up for destruction once its retention ended, who
 * approved it, and what was destroyed. The body (document and client names,
 * approvals, outcomes) is sealed under a key derived from the master key, so
 * only owners and admins read it; it outlives the documents it lists (the
 * regulation keeps a 销毁清册 永久). `holder` follows the client keys' master
 * wraps, as the incidents' does (0150): 'master-next' copies are written while
 * the master key is being replaced and promoted with the wraps.
 */
export const migration0170: Migration = {
  version: 170,
  name: 'destruction-lists',
  up: (db) => {
    db.exec(`
      CREATE TABLE destruction_lists (
        id          TEXT NOT NULL,
        holder      TEXT NOT NULL CHECK (holder IN ('master', 'master-next')),
        created_at  TEXT NOT NULL,
        rev         INTEGER NOT NULL CHECK (rev >= 1),
        body        BLOB NOT NULL,
        PRIMARY KEY (id, holder)
      ) STRICT;
    `);
  },
};
