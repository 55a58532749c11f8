import type { Db } from '../db/database';

/** Set by migration 0070 on a vault that held documents: its next open sweeps every blob once. */
export const META_BLOB_SWEEP = 'blob_sweep';

/** Blob ids that may have a file and no row (see migration 0070); the open sweeps them. */
export class BlobIntentRepo {
  constructor(private readonly db: Db) {}

  add(blobIds: readonly string[]): void {
    const put = this.db.prepare('INSERT OR IGNORE INTO blob_intents (blob_id) VALUES (?)');
    for (const id of blobIds) put.run(id);
  }

  remove(blobIds: readonly string[]): void {
    const drop = this.db.prepare('DELETE FROM blob_intents WHERE blob_id = ?');
    for (const id of blobIds) drop.run(id);
  }

  /** Each recorded id, and whether a document row (or a staff record's scan) references it. */
  all(): { blobId: string; referenced: boolean }[] {
    return (
      this.db
        .prepare('SELECT i.blob_id AS blobId, (EXISTS (SELECT 1 FROM document_records d WHERE d.blob_id = i.blob_id) OR EXISTS (SELECT 1 FROM staff_records s WHERE s.blob_id = i.blob_id)) AS referenced FROM blob_intents i')
        .all() as { blobId: string; referenced: number }[]
    ).map((r) => ({ blobId: r.blobId, referenced: r.referenced === 1 }));
  }
}
