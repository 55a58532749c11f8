import { META_BLOB_SWEEP } from '../repositories/blob-intent-repo';
import { OpenVault } from './open-vault';

/**
 * Removes half-written temp files and blobs no row references: those a crash
 * left between writing a blob and committing its row, or between committing
 * a delete and removing its file. Only ids recorded as intents are looked at
 * (see migration 0070), so the open does not read every document.
 */
export async function sweepOrphans(vault: OpenVault): Promise<string[]> {
  await vault.blobs.clearTmp();
  const { blobIntents, meta } = vault.repos;
  const removed: string[] = [];
  if (meta.get(META_BLOB_SWEEP) !== null) {
    const referenced = new Set([...vault.repos.documentRecords.blobIds(), ...vault.repos.staffRecords.blobIds()]);
    for (const blobId of await vault.blobs.list()) {
      if (!referenced.has(blobId)) {
        await vault.blobs.remove(blobId);
        removed.push(blobId);
      }
    }
    vault.write(() => meta.delete(META_BLOB_SWEEP));
  }
  const intents = blobIntents.all();
  if (intents.length === 0) return removed;
  for (const intent of intents) {
    if (intent.referenced || !(await vault.blobs.exists(intent.blobId))) continue;
    await vault.blobs.remove(intent.blobId);
    removed.push(intent.blobId);
  }
  vault.write(() => blobIntents.remove(intents.map((i) => i.blobId)));
  return removed;
}
