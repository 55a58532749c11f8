/**
 * The hash worker's own code (see hash-worker.ts), plain CommonJS evaluated
 * by `new Worker(source, { eval: true })`: it needs no file of its own next
 * to the bundle or inside app.asar. Three jobs, in the order they arrive:
 *
 *   files — take the next file of a list shared with other workers (a
 *           shared counter), read it and return its size and SHA-256, until
 *           none is left (the first pass);
 *   reads — read files in order, hashing as it goes, packed into 1 MiB
 *           stages transferred to the main thread with a list of segments
 *           (file, offset, length, last); a file's last segment comes with
 *           its size and SHA-256 (the second pass). The main thread hands
 *           each stage back once it has consumed it, and reading pauses
 *           while all `stages` are out;
 *   hash  — hash segments of a staging buffer for entries by id, return the
 *           buffer and the digests of entries that ended (the verification).
 *
 * A shared flag (workerData.cancel) stops file reading at the next piece.
 */
export function hashWorkerSource(pieceSize: number): string {
  return `
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const cancel = new Int32Array(workerData.cancel);
const PIECE = ${pieceSize};
const cancelled = () => Atomics.load(cancel, 0) !== 0;
const problem = (err) => ({ code: err && err.code, message: String(err && err.message) });
let fileBuffer = null;

function hashFile(path) {
  const fd = fs.openSync(path, 'r');
  try {
    fileBuffer = fileBuffer || Buffer.allocUnsafeSlow(PIECE);
    const hash = createHash('sha256');
    let size = 0;
    for (;;) {
      if (cancelled()) return { cancelled: true };
      const n = fs.readSync(fd, fileBuffer, 0, PIECE, size);
      if (n === 0) return { size, sha256: hash.digest('hex') };
      hash.update(fileBuffer.subarray(0, n));
      size += n;
    }
  } finally {
    fs.closeSync(fd);
  }
}

// The first pass: workers share one list, each taking the next index from a shared counter.
function hashFiles(m) {
  const next = new Int32Array(m.next);
  for (;;) {
    if (cancelled()) break;
    const index = Atomics.add(next, 0, 1);
    if (index >= m.paths.length) break;
    let result;
    try {
      result = hashFile(m.paths[index]);
    } catch (err) {
      result = { error: problem(err) };
    }
    parentPort.postMessage({ op: 'file', id: m.id, index, ...result });
  }
  parentPort.postMessage({ op: 'files', id: m.id });
}

// The second pass: files in order, packed into stages the main thread hands back once consumed.
const jobs = [];
let current = null;
const spare = [];
let stagesLeft = 0;
let stage = null;
let filled = 0;
let segments = [];
let ends = [];

function closeCurrent() {
  if (current) {
    try { fs.closeSync(current.fd); } catch {}
    current = null;
  }
}

function send() {
  if (segments.length === 0) return;
  const data = filled > 0 ? stage.buffer : null;
  parentPort.postMessage({ op: 'pieces', data, segments, ends }, data ? [data] : []);
  if (data) stage = null;
  filled = 0;
  segments = [];
  ends = [];
}

function fail(id, err) {
  segments.push(id, 0, 0, 1);
  ends.push(id, { error: problem(err) });
}

function pump() {
  for (;;) {
    if (cancelled()) {
      const id = current ? current.id : jobs.length > 0 ? jobs[0].id : null;
      send();
      closeCurrent();
      jobs.length = 0;
      if (id !== null) parentPort.postMessage({ op: 'pieces', data: null, segments: [id, 0, 0, 1], ends: [id, { cancelled: true }] });
      return;
    }
    if (!current) {
      const job = jobs.shift();
      if (!job) return send();
      try {
        current = { id: job.id, size: job.size, fd: fs.openSync(job.path, 'r'), position: 0, hash: createHash('sha256') };
      } catch (err) {
        fail(job.id, err);
        continue;
      }
    }
    if (!stage || filled === stage.length) {
      send();
      if (spare.length === 0 && stagesLeft === 0) return;
      stage = spare.pop() || (stagesLeft--, Buffer.allocUnsafeSlow(PIECE));
    }
    const c = current;
    // Up to one byte past the expected size, so a file that grew shows without another read.
    const ask = Math.min(stage.length - filled, c.size + 1 - c.position);
    let n;
    try {
      n = fs.readSync(c.fd, stage, filled, ask, c.position);
    } catch (err) {
      closeCurrent();
      fail(c.id, err);
      continue;
    }
    if (n > 0) c.hash.update(stage.subarray(filled, filled + n));
    c.position += n;
    // The end: nothing more, past the expected size, or a short read at it (trusted as the end, as fs.readFile does).
    const ended = n === 0 || c.position > c.size || (c.position === c.size && n < ask);
    segments.push(c.id, filled, n, ended ? 1 : 0);
    filled += n;
    if (ended) {
      ends.push(c.id, { size: c.position, sha256: c.hash.digest('hex') });
      closeCurrent();
    }
  }
}

// The verification: entries hashed from staging buffers.
const entries = new Map();

function hashSegments(m) {
  const digests = [];
  const errors = [];
  const s = m.segments;
  for (let i = 0; i < s.length; i += 4) {
    const id = s[i];
    let entry = entries.get(id);
    if (!entry) entries.set(id, (entry = { hash: createHash('sha256'), error: null }));
    try {
      if (s[i + 2] > 0 && !entry.error) entry.hash.update(new Uint8Array(m.data, s[i + 1], s[i + 2]));
    } catch (err) {
      entry.error = problem(err);
    }
    if (s[i + 3]) {
      entries.delete(id);
      if (entry.error) errors.push(id, entry.error);
      else digests.push(id, entry.hash.digest('hex'));
    }
  }
  parentPort.postMessage({ op: 'hashed', data: m.data, bytes: m.bytes, digests, errors }, m.data ? [m.data] : []);
}

parentPort.on('message', (m) => {
  switch (m.op) {
    case 'files':
      return hashFiles(m);
    case 'reads':
      jobs.push(...m.jobs);
      stagesLeft += m.stages;
      return pump();
    case 'stage':
      // Kept only while there is more to read.
      if (current || jobs.length > 0) spare.push(Buffer.from(m.data));
      return pump();
    case 'reset':
      closeCurrent();
      jobs.length = 0;
      segments = [];
      ends = [];
      filled = 0;
      return parentPort.postMessage({ op: 'reset' });
    case 'hash':
      return hashSegments(m);
  }
});
`;
}
