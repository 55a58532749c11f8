/**
 * The hash worker's thread (started by hash-worker.ts). Three jobs, in the
 * order they arrive:
 *
 *   files — take the next file of a list shared with other workers (a shared
 *           counter), read it and return its size and SHA-256, until none is
 *           left (a backup's first pass);
 *   reads — read files in order, hashing as it goes, packed into stages
 *           (buffers transferred to the main thread) with a list of segments
 *           (file, offset, length, last); a file's last segment comes with
 *           its size and SHA-256 (the second pass). The main thread hands
 *           each stage back once it has consumed it, and reading pauses while
 *           all the stages allowed are out;
 *   hash  — hash segments of a staging buffer for entries by id, and return
 *           the buffer and the digests of entries that ended (verification).
 *
 * A shared flag (workerData.cancel) stops file reading at the next piece.
 * Reads are plain blocking calls: this thread does nothing else meanwhile.
 */
import { createHash, type Hash } from 'node:crypto';
import * as fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { HashReply, HashRequest, HashWorkerData, PieceEnd, Problem } from './hash-worker';

const port = parentPort;
if (!port) throw new Error('hash.worker runs only as a worker thread');
const { cancel: cancelBuffer, piece: PIECE } = workerData as HashWorkerData;
const cancel = new Int32Array(cancelBuffer);
const cancelled = () => Atomics.load(cancel, 0) !== 0;
const problem = (err: unknown): Problem => {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return { ...(code ? { code } : {}), message: String((err as Error | null)?.message) };
};
const send = (reply: HashReply, transfer: ArrayBuffer[] = []) => port.postMessage(reply, transfer);
let fileBuffer: Buffer | null = null;

function hashFile(path: string): PieceEnd {
  const fd = fs.openSync(path, 'r');
  try {
    fileBuffer ??= Buffer.allocUnsafeSlow(PIECE);
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

/** The first pass: workers share one list, each taking the next index from a shared counter. */
function hashFiles(id: number, paths: readonly string[], nextBuffer: SharedArrayBuffer): void {
  const next = new Int32Array(nextBuffer);
  for (;;) {
    if (cancelled()) break;
    const index = Atomics.add(next, 0, 1);
    const path = paths[index];
    if (path === undefined) break;
    let result: PieceEnd;
    try {
      result = hashFile(path);
    } catch (err) {
      result = { error: problem(err) };
    }
    send({ op: 'file', id, index, ...result });
  }
  send({ op: 'files', id });
}

// The second pass: files in order, packed into stages the main thread hands back once consumed.
interface ReadJob {
  id: number;
  path: string;
  size: number;
}
interface OpenFile {
  id: number;
  size: number;
  fd: number;
  position: number;
  hash: Hash;
}
const jobs: ReadJob[] = [];
let current: OpenFile | null = null;
const spare: Buffer[] = [];
let stagesLeft = 0;
let stage: Buffer | null = null;
let filled = 0;
let segments: number[] = [];
let ends: (number | PieceEnd)[] = [];

function closeCurrent(): void {
  if (!current) return;
  try {
    fs.closeSync(current.fd);
  } catch {
    // Closing a file only read from; nothing to report.
  }
  current = null;
}

function sendPieces(): void {
  if (segments.length === 0) return;
  const data = stage && filled > 0 ? (stage.buffer as ArrayBuffer) : null;
  send({ op: 'pieces', data, segments, ends }, data ? [data] : []);
  if (data) stage = null;
  filled = 0;
  segments = [];
  ends = [];
}

function fail(id: number, err: unknown): void {
  segments.push(id, 0, 0, 1);
  ends.push(id, { error: problem(err) });
}

function pump(): void {
  for (;;) {
    if (cancelled()) {
      const id = current ? current.id : (jobs[0]?.id ?? null);
      sendPieces();
      closeCurrent();
      jobs.length = 0;
      if (id !== null) send({ op: 'pieces', data: null, segments: [id, 0, 0, 1], ends: [id, { cancelled: true }] });
      return;
    }
    if (!current) {
      const job = jobs.shift();
      if (!job) return sendPieces();
      try {
        current = { id: job.id, size: job.size, fd: fs.openSync(job.path, 'r'), position: 0, hash: createHash('sha256') };
      } catch (err) {
        fail(job.id, err);
        continue;
      }
    }
    if (!stage || filled === stage.length) {
      sendPieces();
      const reused = spare.pop();
      if (reused) stage = reused;
      else if (stagesLeft > 0) {
        stagesLeft--;
        // Its own ArrayBuffer (not the pool's), so it can be transferred.
        stage = Buffer.allocUnsafeSlow(PIECE);
      } else return;
    }
    const c: OpenFile = current;
    // Up to one byte past the expected size, so a file that grew shows without another read.
    const ask = Math.min(stage.length - filled, c.size + 1 - c.position);
    let n: number;
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
const entries = new Map<number, { hash: Hash; error: Problem | null }>();

function hashSegments(data: ArrayBuffer | null, bytes: number, s: readonly number[]): void {
  const digests: (number | string)[] = [];
  const errors: (number | Problem)[] = [];
  for (let i = 0; i < s.length; i += 4) {
    const [id, offset, length, last] = [s[i] ?? 0, s[i + 1] ?? 0, s[i + 2] ?? 0, s[i + 3] ?? 0];
    let entry = entries.get(id);
    if (!entry) entries.set(id, (entry = { hash: createHash('sha256'), error: null }));
    try {
      if (data && length > 0 && !entry.error) entry.hash.update(new Uint8Array(data, offset, length));
    } catch (err) {
      entry.error = problem(err);
    }
    if (last) {
      entries.delete(id);
      if (entry.error) errors.push(id, entry.error);
      else digests.push(id, entry.hash.digest('hex'));
    }
  }
  send({ op: 'hashed', data, bytes, digests, errors }, data ? [data] : []);
}

port.on('message', (m: HashRequest) => {
  switch (m.op) {
    case 'files':
      return hashFiles(m.id, m.paths, m.next);
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
      return send({ op: 'reset' });
    case 'hash':
      return hashSegments(m.data, m.bytes, m.segments);
    default: {
      const never: never = m;
      throw new Error(`unexpected hash request ${JSON.stringify(never)}`);
    }
  }
});
