import { createHash, randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { VaultError, fsError } from '../errors';
import { HEADER_SIZE, newBlobHeader, parseBlobHeader } from './blob-format';
import { CHUNK_SIZE, TAG_SIZE, openChunk, sealChunkInto } from '../crypto/stream-aead';
import { blobWriters } from './blob-writer';
import { datasyncFile, fsyncDir, pathExists, writeAll } from '../fs/durable';
import { inParallel } from '../in-parallel';

export interface WrittenBlob {
  blobId: string;
  size: number;
  sha256: string;
}

export interface WriteOptions {
  signal?: AbortSignal;
  onProgress?: (bytes: number) => void;
  /** false: leave the fsyncs to syncFile() and syncFolders(). The blob must not be referenced before both. */
  sync?: boolean;
}

const SEALED_CHUNK = CHUNK_SIZE + TAG_SIZE;
/** Chunks per read or write call: one system call per megabyte of plaintext. */
const BLOCK_CHUNKS = 16;
const ID_RE = /^[0-9a-f]{32}$/;
/** Folder fsyncs in flight at once: the disk queues them, the thread pool (4 threads) runs them. */
const SYNC_PARALLEL = 4;

export function newBlobId(): string {
  return randomBytes(16).toString('hex');
}

/**
 * Encrypted document blobs outside the database, one file each, written
 * durably before the row that references them commits.
 */
export class BlobStore {
  readonly tmpDir: string;

  constructor(readonly root: string) {
    this.tmpDir = join(root, '.tmp');
  }

  async init(): Promise<void> {
    try {
      await fsp.mkdir(this.tmpDir, { recursive: true, mode: 0o700 });
    } catch (err) {
      throw fsError(err, 'blobs');
    }
  }

  pathFor(blobId: string): string {
    if (!ID_RE.test(blobId)) throw new VaultError('INVALID_INPUT', { reason: 'blob id' });
    return join(this.root, blobId.slice(0, 2), blobId);
  }

  /**
   * Encrypts a file from disk, on a worker thread (see blob-writer.ts). Errors reading the source are
   * reported as the source's, not the vault's.
   */
  async writeFromFile(blobId: string, key: Buffer, sourcePath: string, options: WriteOptions = {}): Promise<WrittenBlob> {
    const header = newBlobHeader(Buffer.from(blobId, 'hex'));
    const finalPath = this.pathFor(blobId);
    const tmpPath = join(this.tmpDir, `${blobId}.part`);
    const sync = options.sync !== false;
    try {
      const result = await blobWriters().run({ source: sourcePath, tmp: tmpPath, final: finalPath, key, header: header.bytes, noncePrefix: header.noncePrefix, sync }, options.signal);
      if ('cancelled' in result) throw new VaultError('CANCELLED');
      if ('error' in result) {
        const err = Object.assign(new Error(result.error.message), result.error.code ? { code: result.error.code } : {});
        throw result.error.where === 'source' ? sourceError(err, sourcePath) : err;
      }
      options.onProgress?.(result.size);
      return { blobId, size: result.size, sha256: result.sha256 };
    } catch (err) {
      await fsp.rm(tmpPath, { force: true }).catch(() => undefined);
      throw fsError(err, 'blob');
    }
  }

  /**
   * Encrypts bytes already in memory (dropped files), on this thread: sixteen chunks sealed into one
   * buffer per write call.
   */
  async writeFromBuffer(blobId: string, key: Buffer, data: Buffer, options: WriteOptions = {}): Promise<WrittenBlob> {
    const header = newBlobHeader(Buffer.from(blobId, 'hex'));
    const finalPath = this.pathFor(blobId);
    const tmpPath = join(this.tmpDir, `${blobId}.part`);
    const sync = options.sync !== false;
    let out: fsp.FileHandle | undefined;
    try {
      out = await fsp.open(tmpPath, 'wx', 0o600);
      await writeAll(out, header.bytes);
      const sealed = Buffer.allocUnsafe(BLOCK_CHUNKS * SEALED_CHUNK);
      // An empty file is one empty final chunk.
      const chunks = Math.max(1, Math.ceil(data.length / CHUNK_SIZE));
      for (let first = 0; first < chunks; first += BLOCK_CHUNKS) {
        if (options.signal?.aborted) throw new VaultError('CANCELLED');
        const end = Math.min(chunks, first + BLOCK_CHUNKS);
        let used = 0;
        for (let i = first; i < end; i++) {
          used += sealChunkInto(sealed, used, key, header.noncePrefix, i, i === chunks - 1, header.bytes, data.subarray(i * CHUNK_SIZE, (i + 1) * CHUNK_SIZE));
        }
        await writeAll(out, sealed.subarray(0, used));
        options.onProgress?.(Math.min(data.length, end * CHUNK_SIZE));
      }
      if (sync) await out.sync();
      await out.close();
      out = undefined;
      await this.place(tmpPath, finalPath, sync);
      return { blobId, size: data.length, sha256: createHash('sha256').update(data).digest('hex') };
    } catch (err) {
      await out?.close().catch(() => undefined);
      await fsp.rm(tmpPath, { force: true }).catch(() => undefined);
      throw fsError(err, 'blob');
    }
  }

  /** Gives a finished temp file its blob name (and, with `sync`, makes the name durable). */
  private async place(tmpPath: string, finalPath: string, sync: boolean): Promise<void> {
    await fsp.mkdir(dirname(finalPath), { recursive: true, mode: 0o700 });
    await fsp.rename(tmpPath, finalPath);
    if (sync) await fsyncDir(dirname(finalPath));
  }

  /**
   * Makes the bytes of one blob written with `sync: false` durable (fdatasync: its data and the size
   * needed to read it back), not yet its name: syncFolders() does that for a batch. An import starts
   * this as soon as a blob is written, so the disk writes it back while the next files are encrypted.
   */
  async syncFile(blobId: string): Promise<void> {
    const path = this.pathFor(blobId);
    try {
      await datasyncFile(path);
    } catch (err) {
      throw fsError(err, 'blob');
    }
  }

  /** Makes the names of blobs durable: every folder they were renamed into, each once. */
  async syncFolders(blobIds: readonly string[]): Promise<void> {
    const folders = [...new Set(blobIds.map((id) => dirname(this.pathFor(id))))];
    try {
      await inParallel(folders, SYNC_PARALLEL, fsyncDir);
    } catch (err) {
      throw fsError(err, 'blob');
    }
  }

  /**
   * Yields each chunk's plaintext after it authenticates. The caller must not
   * release anything it received until the generator completes normally:
   * only then has the final chunk verified.
   */
  async *decrypt(blobId: string, key: Buffer, signal?: AbortSignal): AsyncGenerator<Buffer> {
    const path = this.pathFor(blobId);
    let handle: fsp.FileHandle;
    try {
      handle = await fsp.open(path, 'r');
    } catch (err) {
      const mapped = fsError(err, `blob ${blobId}`);
      if (mapped instanceof VaultError && mapped.code === 'NOT_FOUND') throw new VaultError('CORRUPT', { what: `missing blob ${blobId}` });
      throw mapped;
    }
    try {
      const { size: fileSize } = await handle.stat();
      const tampered = () => new VaultError('TAMPERED', { what: `blob ${blobId}` });
      const headerBytes = Buffer.alloc(HEADER_SIZE);
      if ((await handle.read(headerBytes, 0, HEADER_SIZE, 0)).bytesRead !== HEADER_SIZE) throw tampered();
      const header = parseBlobHeader(headerBytes, Buffer.from(blobId, 'hex'));
      if (typeof header === 'string') throw tampered();
      const body = fileSize - HEADER_SIZE;
      const lastLength = body % SEALED_CHUNK === 0 ? SEALED_CHUNK : body % SEALED_CHUNK;
      if (body <= 0 || lastLength < TAG_SIZE) throw tampered();
      const chunks = Math.ceil(body / SEALED_CHUNK);
      // Up to 16 sealed chunks per read call; each is authenticated before its plaintext is yielded.
      const buffer = Buffer.allocUnsafe(BLOCK_CHUNKS * SEALED_CHUNK);
      for (let first = 0; first < chunks; first += BLOCK_CHUNKS) {
        if (signal?.aborted) throw new VaultError('CANCELLED');
        const count = Math.min(BLOCK_CHUNKS, chunks - first);
        const includesFinal = first + count === chunks;
        const length = (count - 1) * SEALED_CHUNK + (includesFinal ? lastLength : SEALED_CHUNK);
        const { bytesRead } = await handle.read(buffer, 0, length, HEADER_SIZE + first * SEALED_CHUNK);
        if (bytesRead !== length) throw tampered();
        const plains: Buffer[] = [];
        for (let i = 0; i < count; i++) {
          const counter = first + i;
          const final = counter === chunks - 1;
          const start = i * SEALED_CHUNK;
          const sealed = buffer.subarray(start, start + (final ? lastLength : SEALED_CHUNK));
          const plain = openChunk(key, header.noncePrefix, counter, final, header.bytes, sealed);
          if (!plain) throw tampered();
          plains.push(plain);
        }
        for (const plain of plains) yield plain;
      }
    } finally {
      await handle.close().catch(() => undefined);
    }
  }

  /** Decrypts fully into memory (previews); refuses blobs larger than `maxBytes`. */
  async readAll(blobId: string, key: Buffer, maxBytes: number, signal?: AbortSignal): Promise<Buffer> {
    const parts: Buffer[] = [];
    let total = 0;
    for await (const chunk of this.decrypt(blobId, key, signal)) {
      total += chunk.length;
      if (total > maxBytes) throw new VaultError('INVALID_INPUT', { reason: 'too large to preview' });
      parts.push(chunk);
    }
    return Buffer.concat(parts);
  }

  /** Authenticates every chunk; returns the plaintext size and SHA-256. */
  async verify(blobId: string, key: Buffer, signal?: AbortSignal): Promise<{ size: number; sha256: string }> {
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of this.decrypt(blobId, key, signal)) {
      hash.update(chunk);
      size += chunk.length;
    }
    return { size, sha256: hash.digest('hex') };
  }

  /**
   * Decrypts to `dest` through a temp file beside it; the file appears under
   * its name only after the last chunk verified. Never overwrites unless asked.
   */
  async exportTo(blobId: string, key: Buffer, dest: string, overwrite: boolean, signal?: AbortSignal): Promise<number> {
    const tmp = join(dirname(dest), `.${basename(dest)}.zdpart-${randomBytes(6).toString('hex')}`);
    let out: fsp.FileHandle | undefined;
    let size = 0;
    try {
      if (!overwrite && (await pathExists(dest))) throw new VaultError('ALREADY_EXISTS', { what: dest });
      out = await fsp.open(tmp, 'wx', 0o600);
      for await (const chunk of this.decrypt(blobId, key, signal)) {
        await out.write(chunk);
        size += chunk.length;
      }
      await out.sync();
      await out.close();
      out = undefined;
      if (overwrite) {
        await fsp.rename(tmp, dest);
      } else {
        await linkNoReplace(tmp, dest);
      }
      await fsyncDir(dirname(dest)).catch(() => undefined);
      return size;
    } catch (err) {
      await out?.close().catch(() => undefined);
      await fsp.rm(tmp, { force: true }).catch(() => undefined);
      throw fsError(err, dest);
    }
  }

  async remove(blobId: string): Promise<void> {
    await fsp.rm(this.pathFor(blobId), { force: true });
  }

  async exists(blobId: string): Promise<boolean> {
    return pathExists(this.pathFor(blobId));
  }

  /** Every blob id present on disk. */
  async list(): Promise<string[]> {
    const ids: string[] = [];
    let dirs: string[];
    try {
      dirs = await fsp.readdir(this.root);
    } catch {
      return ids;
    }
    for (const dir of dirs) {
      if (!/^[0-9a-f]{2}$/.test(dir)) continue;
      for (const name of await fsp.readdir(join(this.root, dir))) {
        if (ID_RE.test(name) && name.startsWith(dir)) ids.push(name);
      }
    }
    return ids;
  }

  /** Removes half-written blobs left by a crash. */
  async clearTmp(): Promise<void> {
    await fsp.rm(this.tmpDir, { recursive: true, force: true });
    await fsp.mkdir(this.tmpDir, { recursive: true, mode: 0o700 });
  }
}


async function linkNoReplace(tmp: string, dest: string): Promise<void> {
  try {
    await fsp.link(tmp, dest);
    await fsp.rm(tmp, { force: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new VaultError('ALREADY_EXISTS', { what: dest });
    // File systems without hard links (FAT, some network shares): fall back to rename after the existence check.
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS' || code === 'EXDEV') {
      await fsp.rename(tmp, dest);
      return;
    }
    throw err;
  }
}

function sourceError(err: unknown, path: string): unknown {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new VaultError('NOT_FOUND', { what: basename(path) });
  if (code === 'EACCES' || code === 'EPERM') return new VaultError('PERMISSION_DENIED', { what: basename(path) });
  if (code === 'EISDIR') return new VaultError('INVALID_INPUT', { reason: `${basename(path)} is a folder` });
  return err;
}
