import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { dirname, join } from 'node:path';
import { VaultError, fsError } from '../errors';
import type { BlobStore } from '../blobs/blob-store';
import { datasyncFile, fsyncDir } from '../fs/durable';
import type { ServerRepository } from './server-repository';

/**
 * Document blobs through the server: each travels once, named by the SHA-256
 * of its ciphertext (the file as the blob store keeps it), in chunks. An
 * upload resumes after the chunks the server holds; a download resumes from
 * the chunks already in its partial file, and the blob takes its name only
 * after the whole file hashes to the name the signed record gave.
 */
export const BLOB_CHUNK = 1 << 20;

export async function hashFile(path: string): Promise<{ hash: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  const handle = await fsp.open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(BLOB_CHUNK);
    for (;;) {
      const { bytesRead } = await handle.read(buf, 0, BLOB_CHUNK, size);
      if (bytesRead === 0) break;
      hash.update(buf.subarray(0, bytesRead));
      size += bytesRead;
    }
  } finally {
    await handle.close();
  }
  return { hash: hash.digest('hex'), size };
}

/** Uploads the blob file `blobId` unless the server has it whole; returns its ciphertext hash. */
export async function uploadBlob(server: ServerRepository, blobs: BlobStore, blobId: string): Promise<string> {
  const path = blobs.pathFor(blobId);
  let file: { hash: string; size: number };
  try {
    file = await hashFile(path);
  } catch (err) {
    throw fsError(err, `blob ${blobId}`);
  }
  const info = await server.blobInfo(file.hash);
  if (info?.complete) return file.hash;
  if (!info) await server.createBlob(file.hash, file.size, BLOB_CHUNK);
  const chunkSize = info?.chunkSize ?? BLOB_CHUNK;
  const held = await server.chunksHeld(file.hash);
  const count = Math.max(1, Math.ceil(file.size / chunkSize));
  const handle = await fsp.open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(chunkSize);
    for (let n = 0; n < count; n++) {
      if (held.has(n)) continue;
      const { bytesRead } = await handle.read(buf, 0, chunkSize, n * chunkSize);
      await server.putChunk(file.hash, n, Buffer.from(buf.subarray(0, bytesRead)));
    }
  } finally {
    await handle.close();
  }
  await server.markBlobComplete(file.hash);
  return file.hash;
}

/**
 * Fetches a blob into the store under `blobId`. The partial file keeps whole chunks across an
 * interruption; the finished file must hash to `hash` (from the pusher's signed envelope),
 * otherwise it is removed and SERVER_UNTRUSTED is thrown.
 */
export async function downloadBlob(server: ServerRepository, blobs: BlobStore, blobId: string, hash: string): Promise<void> {
  const finalPath = blobs.pathFor(blobId);
  const info = await server.blobInfo(hash);
  if (!info?.complete) throw new VaultError('NOT_FOUND', { what: `blob ${blobId} on the server` });
  const partPath = join(blobs.tmpDir, `${blobId}.sync`);
  await fsp.mkdir(blobs.tmpDir, { recursive: true, mode: 0o700 });
  const have = await fsp.stat(partPath).then((s) => s.size, () => 0);
  // Only whole chunks count: a chunk cut short by a crash is fetched again.
  const start = Math.floor(have / info.chunkSize);
  const count = Math.max(1, Math.ceil(info.size / info.chunkSize));
  const out = await fsp.open(partPath, have > 0 ? 'r+' : 'w', 0o600);
  try {
    await out.truncate(start * info.chunkSize);
    for (let n = start; n < count; n++) {
      const data = await server.chunk(hash, n);
      if (!data) throw new VaultError('SERVER_UNTRUSTED', { what: `blob ${blobId} on the server` });
      let offset = 0;
      while (offset < data.length) offset += (await out.write(data, offset, data.length - offset, n * info.chunkSize + offset)).bytesWritten;
    }
  } catch (err) {
    await out.close().catch(() => undefined);
    throw fsError(err, 'blob');
  }
  await out.close();
  const got = await hashFile(partPath);
  if (got.hash !== hash || got.size !== info.size) {
    await fsp.rm(partPath, { force: true });
    throw new VaultError('SERVER_UNTRUSTED', { what: `blob ${blobId}` });
  }
  await datasyncFile(partPath);
  await fsp.mkdir(dirname(finalPath), { recursive: true, mode: 0o700 });
  await fsp.rename(partPath, finalPath);
  await fsyncDir(dirname(finalPath));
}
