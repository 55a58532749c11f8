import { CHUNK_SIZE, NONCE_PREFIX_SIZE, TAG_SIZE } from '../crypto/stream-aead';

/**
 * The blob writer's worker code (see blob-writer.ts), plain CommonJS run by
 * `new Worker(source, { eval: true })`, so no file of its own has to sit next
 * to the bundle or inside app.asar. One job at a time: read a source file a
 * megabyte at a time, SHA-256 it, seal each 64 KiB chunk exactly as
 * crypto/stream-aead.ts does (AES-256-GCM, nonce = prefix ‖ counter ‖ final,
 * the blob header as associated data) and write header and chunks to the temp
 * file, fsynced when asked, then rename it to the blob's name (creating its
 * folder); a job that fails leaves nothing under either name. The file key is
 * zero-filled when the job ends. Jobs queue in the worker's port and run in
 * the order posted.
 * The blob-store tests read every worker-written blob back through the main
 * thread's decryption, so the two cannot drift apart unnoticed.
 */
export function blobWriterSource(): string {
  return `
'use strict';
const { parentPort } = require('node:worker_threads');
const { createCipheriv, createHash } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const CHUNK = ${CHUNK_SIZE};
const TAG = ${TAG_SIZE};
const PREFIX = ${NONCE_PREFIX_SIZE};
const BLOCK = 16 * CHUNK;
const inputs = [Buffer.allocUnsafeSlow(BLOCK), Buffer.allocUnsafeSlow(BLOCK)];
const output = Buffer.allocUnsafeSlow(BLOCK + 16 * TAG);
const nonce = Buffer.alloc(12);

function fromSource(err) {
  if (err && typeof err === 'object') err.where = 'source';
  return err;
}

function readFull(fd, buffer) {
  let filled = 0;
  while (filled < buffer.length) {
    let n;
    try {
      n = fs.readSync(fd, buffer, filled, buffer.length - filled, null);
    } catch (err) {
      throw fromSource(err);
    }
    if (n === 0) break;
    filled += n;
  }
  return buffer.subarray(0, filled);
}

function writeAll(fd, bytes) {
  let offset = 0;
  while (offset < bytes.length) offset += fs.writeSync(fd, bytes, offset, bytes.length - offset);
}

function seal(key, prefix, counter, final, header, plain, at) {
  prefix.copy(nonce, 0, 0, PREFIX);
  nonce.writeUInt32BE(counter, PREFIX);
  nonce[11] = final ? 1 : 0;
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(header);
  const written = cipher.update(plain).copy(output, at);
  cipher.final();
  cipher.getAuthTag().copy(output, at + written);
  return written + TAG;
}

function write(job, cancelled) {
  let source;
  try {
    source = fs.openSync(job.source, 'r');
  } catch (err) {
    throw fromSource(err);
  }
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
      if (cancelled()) return { cancelled: true };
      const next = current.length === BLOCK ? readFull(source, inputs[++turn % 2]) : Buffer.alloc(0);
      const eof = next.length === 0;
      hash.update(current);
      const pieces = Math.max(1, Math.ceil(current.length / CHUNK));
      let used = 0;
      for (let i = 0; i < pieces; i++) {
        const piece = current.subarray(i * CHUNK, Math.min(current.length, (i + 1) * CHUNK));
        used += seal(job.key, job.prefix, counter++, eof && i === pieces - 1, job.header, piece, used);
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
    if (out !== -1) {
      try { fs.closeSync(out); } catch {}
    }
    try { fs.closeSync(source); } catch {}
  }
}

function syncDir(dir) {
  let fd = -1;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch (err) {
    // Some platforms (Windows) cannot open directories; the rename is still atomic there.
    if (!err || (err.code !== 'EISDIR' && err.code !== 'EPERM')) throw err;
  } finally {
    if (fd !== -1) fs.closeSync(fd);
  }
}

/** Gives the finished temp file its blob name here, so the import's thread makes no file-system call per file. */
function place(job) {
  const dir = path.dirname(job.final);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.renameSync(job.tmp, job.final);
  job.placed = true;
  if (job.sync) syncDir(dir);
}

const asBuffer = (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

parentPort.on('message', (message) => {
  const job = { ...message, key: asBuffer(message.key), header: asBuffer(message.header), prefix: asBuffer(message.prefix) };
  const flag = new Int32Array(job.cancel);
  const cancelled = () => Atomics.load(flag, 0) !== 0;
  let result;
  try {
    result = write(job, cancelled);
  } catch (err) {
    result = { error: { code: err && err.code, message: String(err && err.message), where: (err && err.where) || 'blob' } };
  } finally {
    job.key.fill(0);
  }
  if (!('size' in result)) {
    // A failed job leaves nothing under either name.
    try { fs.rmSync(job.placed ? job.final : job.tmp, { force: true }); } catch {}
  }
  parentPort.postMessage(result);
});
`;
}
