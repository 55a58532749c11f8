import type { Worker } from 'node:worker_threads';
import { VaultError } from '../../errors';
import { startWorker } from '../../workers/start-worker';

/**
 * A worker thread that reads and hashes (SHA-256) for a backup, so the main
 * thread is left with the tar stream and the cipher, and both cores work.
 * The thread's code is hash.worker.ts.
 *
 * Why a worker rather than WebCrypto's digest, which also runs off the main
 * thread: measured here (Node 20, two cores), digest cost about 150 µs per
 * call and half as much CPU again as createHash, and a file read through
 * fs/promises costs three round trips through libuv's pool, each waiting for
 * the busy main thread to issue the next. The worker reads with plain
 * blocking calls and hashes as it reads.
 */

/** Bytes per read in the first pass, and per stage (the buffers that carry bytes between the threads). */
const PIECE = 1024 * 1024;
/** Stages the worker may fill ahead of the main thread in the second pass: the read-ahead. */
const READ_STAGES = 16;
/** Stages out at the worker for hashing at once during verification. */
const HASH_STAGES = 8;

export interface FileHash {
  size: number;
  sha256: string;
}

export type FileResult = FileHash | { error: Error } | { cancelled: true };

/** The error a worker reported, rebuilt with its code (ENOENT, EACCES …) so callers can map it. */
export interface Problem {
  code?: string;
  message: string;
}

function rebuild(problem: Problem): Error {
  return Object.assign(new Error(problem.message), problem.code ? { code: problem.code } : {});
}

export interface ReadPiece {
  /** Bytes of the file (a view into a stage: valid until consumed() is called for it), or absent. */
  data?: Buffer;
  /** On a file's last piece: how many bytes it had (at most expected + 1) and their SHA-256. */
  end?: FileHash;
}

export type PieceEnd = FileHash | { error: Problem } | { cancelled: true };

/** What the worker is started with. */
export interface HashWorkerData {
  /** An Int32Array's buffer: set to 1 to stop reading files. */
  cancel: SharedArrayBuffer;
  /** Bytes per read in the first pass, and per stage. */
  piece: number;
}

/** What the main thread sends the worker (see hash.worker.ts). */
export type HashRequest =
  | { op: 'files'; id: number; paths: readonly string[]; next: SharedArrayBuffer }
  | { op: 'reads'; jobs: { id: number; path: string; size: number }[]; stages: number }
  | { op: 'stage'; data: ArrayBuffer }
  | { op: 'reset' }
  | { op: 'hash'; data: ArrayBuffer | null; bytes: number; segments: number[] };

/** What the worker sends back. */
export type HashReply =
  | ({ op: 'file'; id: number; index: number } & PieceEnd)
  | { op: 'files'; id: number }
  | { op: 'pieces'; data: ArrayBuffer | null; segments: number[]; ends: (number | PieceEnd)[] }
  | { op: 'hashed'; data: ArrayBuffer | null; bytes: number; digests: (number | string)[]; errors: (number | Problem)[] }
  | { op: 'reset' };

/** A stage from the worker, returned to it once every piece in it has been consumed. */
interface Stage {
  buffer: ArrayBuffer;
  unconsumed: number;
}

interface QueuedPiece {
  id: number;
  stage: Stage | null;
  offset: number;
  length: number;
  end: PieceEnd | undefined;
}

interface Pending<T> {
  resolve: (value: T) => void;
  reject: (err: unknown) => void;
}

export class HashWorker {
  private readonly worker: Worker;
  private readonly cancelFlag = new Int32Array(new SharedArrayBuffer(4));
  private readonly fileLists = new Map<number, { onFile: (index: number, result: FileResult) => void; done: Pending<void> }>();
  private readonly digests = new Map<number, Pending<string>>();
  private nextId = 1;
  private broken: unknown = null;
  private closing: Promise<void> | null = null;
  // Second pass: pieces in the order the worker read them.
  private readonly pieces: QueuedPiece[] = [];
  private pieceWaiter: Pending<void> | null = null;
  // Verification: the staging buffer being filled, its segments (id, offset, length, last), and spare buffers.
  private stage: Buffer | null = null;
  private staged = 0;
  private segments: number[] = [];
  private readonly spareStages: Buffer[] = [];
  private stagesOut = 0;
  private stageWaiter: (() => void) | null = null;
  private flushScheduled = false;
  private resetDone: (() => void) | null = null;

  /** Starts the worker; it boots in the background, and messages wait for it meanwhile. */
  constructor() {
    const workerData: HashWorkerData = { cancel: this.cancelFlag.buffer as SharedArrayBuffer, piece: PIECE };
    this.worker = startWorker('hash.worker', __dirname, {
      workerData,
      // It allocates little on its heap (the bytes are in ArrayBuffers): a small young generation keeps its footprint small.
      resourceLimits: { maxYoungGenerationSizeMb: 4 },
    });
    this.worker.on('message', (message: HashReply) => this.onMessage(message));
    this.worker.on('error', (err) => this.fail(err));
    this.worker.on('exit', (code) => this.fail(new Error(`hash worker stopped (exit ${code})`)));
  }

  /**
   * First pass: hashes files of `paths`, taking each next index from the
   * counter shared with other workers, until none is left or cancel().
   * Resolves once this worker has stopped.
   */
  hashFiles(paths: readonly string[], next: Int32Array, onFile: (index: number, result: FileResult) => void): Promise<void> {
    this.assertUsable();
    const id = this.nextId++;
    const done = new Promise<void>((resolve, reject) => this.fileLists.set(id, { onFile, done: { resolve, reject } }));
    this.post({ op: 'files', id, paths, next: next.buffer as SharedArrayBuffer });
    return done;
  }

  /**
   * Second pass: the worker reads these files in order, each up to its
   * expected size + 1, hashing as it reads. Returns one id per file, for
   * nextPiece(). Only one such list at a time.
   */
  readFiles(files: readonly { path: string; size: number }[]): number[] {
    this.assertUsable();
    const jobs = files.map((file) => ({ id: this.nextId++, path: file.path, size: file.size }));
    this.post({ op: 'reads', jobs, stages: READ_STAGES });
    return jobs.map((job) => job.id);
  }

  /**
   * The next piece of file `id`, which must be the file being read (files
   * come in order). Rejects with the file system's error or CANCELLED. Call
   * consumed() once its bytes are no longer needed.
   */
  async nextPiece(id: number): Promise<ReadPiece> {
    while (this.pieces.length === 0) {
      this.assertUsable();
      await new Promise<void>((resolve, reject) => (this.pieceWaiter = { resolve, reject }));
    }
    const queued = this.pieces[0] as QueuedPiece;
    if (queued.id !== id) throw new Error(`hash worker sent file ${queued.id}, expected ${id}`);
    const end = queued.end;
    if (end && 'error' in end) throw rebuild(end.error);
    if (end && 'cancelled' in end) throw new VaultError('CANCELLED');
    const piece: ReadPiece = {};
    if (queued.stage && queued.length > 0) piece.data = Buffer.from(queued.stage.buffer, queued.offset, queued.length);
    if (end) piece.end = end;
    return piece;
  }

  /** The piece nextPiece() returned last is done with: its stage goes back to the worker once all of it is. */
  consumed(): void {
    const queued = this.pieces.shift();
    const stage = queued?.stage;
    if (!stage || !queued || queued.length === 0 || --stage.unconsumed > 0 || this.broken !== null) return;
    this.post({ op: 'stage', data: stage.buffer }, [stage.buffer]);
  }

  /** Stops the worker's reading and closes its file (a pass that failed or was cancelled). */
  async stopReading(): Promise<void> {
    if (this.broken !== null) return;
    const done = new Promise<void>((resolve) => (this.resetDone = resolve));
    this.post({ op: 'reset' });
    await done;
    this.pieces.length = 0;
  }

  /** Verification: a new entry to hash from copies of its bytes (copy(), then end()). */
  entry(): number {
    return this.nextId++;
  }

  /** Copies bytes of entry `id` into the staging buffer; waits when all staging buffers are out at the worker. */
  async copy(id: number, bytes: Uint8Array): Promise<void> {
    let offset = 0;
    while (offset < bytes.length) {
      const stage = this.stage ?? (await this.takeStage());
      const n = Math.min(stage.length - this.staged, bytes.length - offset);
      stage.set(bytes.subarray(offset, offset + n), this.staged);
      this.segments.push(id, this.staged, n, 0);
      this.staged += n;
      offset += n;
      if (this.staged === stage.length) this.flush();
      else this.scheduleFlush();
    }
  }

  /** The SHA-256 of everything copied for entry `id`. */
  end(id: number): Promise<string> {
    if (this.broken !== null) return Promise.reject(this.broken);
    const digest = new Promise<string>((resolve, reject) => this.digests.set(id, { resolve, reject }));
    digest.catch(() => undefined);
    this.segments.push(id, this.staged, 0, 1);
    this.scheduleFlush();
    return digest;
  }

  /** Makes the worker stop reading files at its next piece (a backup was cancelled or failed). */
  cancel(): void {
    Atomics.store(this.cancelFlag, 0, 1);
  }

  /** Stops the worker; it closes any file it has open first. Safe to call more than once. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.cancel();
      await this.stopReading().catch(() => undefined);
      this.fail(new Error('hash worker closed'));
      await this.worker.terminate();
    })();
    return this.closing;
  }

  private async takeStage(): Promise<Buffer> {
    while (this.spareStages.length === 0 && this.stagesOut >= HASH_STAGES) {
      this.assertUsable();
      this.flush();
      await new Promise<void>((resolve) => (this.stageWaiter = resolve));
    }
    this.assertUsable();
    this.stage = this.spareStages.pop() ?? Buffer.allocUnsafeSlow(PIECE);
    this.staged = 0;
    return this.stage;
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  /** Sends the staging buffer (transferred; it comes back with the digests) and its segments. */
  private flush(): void {
    if (this.segments.length === 0 || this.broken !== null) return;
    const stage = this.stage;
    const data = stage && this.staged > 0 ? (stage.buffer as ArrayBuffer) : null;
    if (data) {
      this.stage = null;
      this.stagesOut++;
    }
    this.post({ op: 'hash', data, bytes: data ? this.staged : 0, segments: this.segments }, data ? [data] : []);
    this.segments = [];
    if (data) this.staged = 0;
  }

  private post(request: HashRequest, transfer: ArrayBuffer[] = []): void {
    this.worker.postMessage(request, transfer);
  }

  private onMessage(message: HashReply): void {
    switch (message.op) {
      case 'file': {
        const result: FileResult = 'error' in message ? { error: rebuild(message.error) } : 'cancelled' in message ? { cancelled: true } : { size: message.size, sha256: message.sha256 };
        this.fileLists.get(message.id)?.onFile(message.index, result);
        return;
      }
      case 'files': {
        this.fileLists.get(message.id)?.done.resolve();
        this.fileLists.delete(message.id);
        return;
      }
      case 'pieces': {
        const stage = message.data ? { buffer: message.data, unconsumed: 0 } : null;
        const ends = new Map<number, PieceEnd>();
        for (let i = 0; i < message.ends.length; i += 2) ends.set(message.ends[i] as number, message.ends[i + 1] as PieceEnd);
        const s = message.segments;
        for (let i = 0; i < s.length; i += 4) {
          const [id, offset, length, last] = [s[i] ?? 0, s[i + 1] ?? 0, s[i + 2] ?? 0, s[i + 3] ?? 0];
          if (stage && length > 0) stage.unconsumed++;
          this.pieces.push({ id, stage, offset, length, end: last ? ends.get(id) : undefined });
        }
        const waiter = this.pieceWaiter;
        this.pieceWaiter = null;
        waiter?.resolve();
        return;
      }
      case 'hashed': {
        if (message.data) {
          this.stagesOut--;
          if (this.spareStages.length < 2) this.spareStages.push(Buffer.from(message.data));
        }
        for (let i = 0; i < message.digests.length; i += 2) this.settleDigest(message.digests[i] as number, (p) => p.resolve(message.digests[i + 1] as string));
        for (let i = 0; i < message.errors.length; i += 2) this.settleDigest(message.errors[i] as number, (p) => p.reject(rebuild(message.errors[i + 1] as Problem)));
        const waiter = this.stageWaiter;
        this.stageWaiter = null;
        waiter?.();
        return;
      }
      case 'reset': {
        const done = this.resetDone;
        this.resetDone = null;
        done?.();
        return;
      }
      default: {
        const never: never = message;
        throw new Error(`unexpected hash worker message ${JSON.stringify(never)}`);
      }
    }
  }

  private settleDigest(id: number, settle: (pending: Pending<string>) => void): void {
    const pending = this.digests.get(id);
    this.digests.delete(id);
    if (pending) settle(pending);
  }

  private assertUsable(): void {
    if (this.broken !== null) throw this.broken;
  }

  private fail(err: unknown): void {
    this.broken ??= err;
    for (const pending of [...[...this.fileLists.values()].map((list) => list.done), ...this.digests.values()]) pending.reject(this.broken);
    this.fileLists.clear();
    this.digests.clear();
    this.pieceWaiter?.reject(this.broken);
    this.pieceWaiter = null;
    this.stageWaiter?.();
    this.stageWaiter = null;
    this.resetDone?.();
    this.resetDone = null;
  }
}
