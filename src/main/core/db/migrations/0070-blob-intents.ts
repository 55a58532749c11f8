import type { Migration } from '../migrate';

/**
 * Blob ids that may have a file without a row: reserved before an import
 * writes their blobs, recorded when a delete commits before its file goes.
 * Opening the vault sweeps only these, not every document. A vault that
 * already holds documents gets one full sweep at its next open, for orphans
 * an older version left behind.
 */
export const migration0070: Migration = {
  version: 70,
  name: 'blob-intents',
  up: (db) => {
    db.exec(`
      CREATE TABLE blob_intents (blob_id TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;
      INSERT INTO meta (key, value) SELECT 'blob_sweep', 'full' WHERE EXISTS (SELECT 1 FROM documents);
    `);
  },
};
