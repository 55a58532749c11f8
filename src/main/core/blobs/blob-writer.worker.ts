/**
 * The blob writer's worker thread (started by blob-writer.ts). One job at a
 * time, in the order posted: read a source file a megabyte at a time, SHA-256
 * it, seal each 64 KiB chunk with the blob store's own sealing
 * (crypto/stream-aead.ts) and write header and chunks to the temp file,
 * fsynced when asked, then rename it to the blob's name (creating its folder),
 * so the import's thread makes no file-system call per file. A job that fails
 * leaves nothing under either name. The file key is zero-filled when the job
 * ends.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { dirname } from 'node:path';
import { parentPort } from 'node:worker_threads';
import { CHUNK_SIZE, TAG_SIZE, sealChunkInto } from '../crypto/stream-aead';
import type { BlobJobMessage, BlobJobResult } from './blob-writer';

const BLOCK_CHUNKS = 16;
const BLOCK = BLOCK_CHUNKS * CHUNK_SIZE;
// Two input blocks (the next is read while one is sealed) and one output block, for the worker's life.
const inputs = [Buffer.allocUnsafeSlow(BLOCK), Buffer.allocUnsafeSlow(BLOCK)] as const;
const output = Buffer.allocUnsafeSlow(BLOCK + BLOCK_CHUNKS * TAG_SIZE);

interface Job {
  source: string;
  tmp: string;
  final: string;
  key: Buffer;
  header: Buffer;
  prefix: Buffer;
  sync: boolean;
  cancelled: () => boolean;
  placed: boolean;
}

/** An error reading the source file is the source's, not the vault's. */
class SourceError extends Error {
  readonly code: string | undefined;
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.code = (cause as NodeJS.ErrnoException | null)?.code;
  }
}

function fromSource<T>(read: () => T): T {
  try {
    return read();
  } catch (err) {
    throw new SourceError(err);
  }
}

function readFull(fd: number, buffer: Buffer): Buffer {
  let filled = 0;
  while (filled < buffer.length) {
    const n = fromSource(() => fs.readSync(fd, buffer, filled, buffer.length - filled, null));
    if (n === 0) break;
    filled += n;
  }
  return buffer.subarray(0, filled);
}

function writeAll(fd: number, bytes: Buffer): void {
  let offset = 0;
  while (offset < bytes.length) offset += fs.writeSync(fd, bytes, offset, bytes.length - offset);
}

function write(job: Job): BlobJobResult {
  const source = fromSource(() => fs.openSync(job.source, 'r'));
  let out = -1;
  try {
    out = fs.openSync(job.tmp, 'wx', 0o600);
    writeAll(out, job.header);
    const hash = createHash('sha256');
    let size = 0;
    let counter = 0;
    let turn = 0;
    let current = readFull(source, inputs[0]);
    for (;;) {
      if (job.cancelled()) return { cancelled: true };
      const next = current.length === BLOCK ? readFull(source, inputs[++turn % 2] ?? inputs[0]) : current.subarray(0, 0);
      const eof = next.length === 0;
      hash.update(current);
      // An empty file is one empty final chunk.
      const pieces = Math.max(1, Math.ceil(current.length / CHUNK_SIZE));
      let used = 0;
      for (let i = 0; i < pieces; i++) {
        const piece = current.subarray(i * CHUNK_SIZE, (i + 1) * CHUNK_SIZE);
        used += sealChunkInto(output, used, job.key, job.prefix, counter++, eof && i === pieces - 1, job.header, piece);
      }
      writeAll(out, output.subarray(0, used));
      size += current.length;
      if (eof) break;
      current = next;
    }
    if (job.sync) fs.fsyncSync(out);
    fs.closeSync(out);
    out = -1;
    place(job);
    return { size, sha256: hash.digest('hex') };
  } finally {
    if (out !== -1) closeQuietly(out);
    closeQuietly(source);
  }
}

function closeQuietly(fd: number): void {
  try {
    fs.closeSync(fd);
  } catch {
    // Already failing or done; nothing to add.
  }
}

function syncDir(dir: string): void {
  let fd = -1;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch (err) {
    // Some platforms (Windows) cannot open directories; the rename is still atomic there.
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EPERM') throw err;
  } finally {
    if (fd !== -1) fs.closeSync(fd);
  }
}

function place(job: Job): void {
  const dir = dirname(job.final);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.renameSync(job.tmp, job.final);
  job.placed = true;
  if (job.sync) syncDir(dir);
}

function run(message: BlobJobMessage): BlobJobResult {
  const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const flag = new Int32Array(message.cancel);
  const job: Job = {
    source: message.source,
    tmp: message.tmp,
    final: message.final,
    key: asBuffer(message.key),
    header: asBuffer(message.header),
    prefix: asBuffer(message.prefix),
    sync: message.sync,
    cancelled: () => Atomics.load(flag, 0) !== 0,
    placed: false,
  };
  let result: BlobJobResult;
  try {
    result = write(job);
  } catch (err) {
    const problem = err as NodeJS.ErrnoException | null;
    result = { error: { ...(problem?.code ? { code: problem.code } : {}), message: String(problem?.message), where: err instanceof SourceError ? 'source' : 'blob' } };
  } finally {
    job.key.fill(0);
  }
  if (!('size' in result)) {
    // A failed or cancelled job leaves nothing under either name.
    try {
      fs.rmSync(job.placed ? job.final : job.tmp, { force: true });
    } catch {
      // The job's own error is the one to report.
    }
  }
  return result;
}

const port = parentPort;
if (!port) throw new Error('blob-writer.worker runs only as a worker thread');
port.on('message', (message: BlobJobMessage) => port.postMessage(run(message)));
