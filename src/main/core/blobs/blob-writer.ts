import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { VaultError } from '../errors';
import { startWorker } from '../workers/start-worker';

/**
 * Encrypts files into blobs on worker threads. Node's hash and cipher run on
 * the thread that calls them, so an import encrypting on the main thread uses
 * one core however many files it has in flight; with a worker per core the
 * files of an import are hashed and sealed side by side. The worker's code is
 * blob-writer.worker.ts; it seals with the blob store's own chunk sealing.
 */

export interface BlobJob {
  source: string;
  tmp: string;
  /** The blob's own name: the worker renames the temp file to it (creating its folder) once it is written. */
  final: string;
  /** Copied and moved to the worker, which zero-fills it when the job ends. */
  key: Buffer;
  header: Buffer;
  noncePrefix: Buffer;
  sync: boolean;
}

/** A job as posted to the worker: the key is moved (transferred), the rest copied. */
export interface BlobJobMessage {
  source: string;
  tmp: string;
  final: string;
  key: Uint8Array;
  header: Uint8Array;
  prefix: Uint8Array;
  sync: boolean;
  /** An Int32Array's buffer: set to 1 to cancel the job. */
  cancel: SharedArrayBuffer;
}

/** What a job ends with; `where` says whose error it is: the source file's or the vault's. */
export type BlobJobResult =
  | { size: number; sha256: string }
  | { cancelled: true }
  | { error: { code?: string; message: string; where: 'source' | 'blob' } };

interface Pending {
  job: BlobJob;
  signal: AbortSignal | undefined;
  resolve: (result: BlobJobResult) => void;
  reject: (err: unknown) => void;
}

interface Slot {
  worker: Worker;
  online: Promise<void>;
  /** Jobs posted to the worker, oldest first: it runs them in that order. */
  inflight: (Pending & { cancel: Int32Array; onAbort: () => void })[];
}

const MAX_WORKERS = 4;
/**
 * Jobs posted to a worker at once: the one it runs and the next, so it does not idle while the main
 * thread is blocked (a commit's fsync) and cannot hand it another.
 */
const JOBS_PER_WORKER = 2;

class BlobWriterPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];

  constructor(private readonly size: number) {}

  /** Files worth having in flight to keep every worker busy: each one's two jobs, and one being finished. */
  get parallelism(): number {
    return this.size * JOBS_PER_WORKER + 1;
  }

  /** Starts every worker now and resolves once they run, so the first file does not wait for one. */
  async warm(): Promise<void> {
    while (this.slots.length < this.size) this.spawn();
    // Held until they run: an unreferenced worker would let an otherwise idle process exit meanwhile.
    for (const slot of this.slots) slot.worker.ref();
    try {
      await Promise.all(this.slots.map((slot) => slot.online));
    } finally {
      for (const slot of this.slots) if (slot.inflight.length === 0) slot.worker.unref();
    }
  }

  run(job: BlobJob, signal?: AbortSignal): Promise<BlobJobResult> {
    if (signal?.aborted) return Promise.resolve({ cancelled: true });
    return new Promise((resolve, reject) => {
      this.queue.push({ job, signal, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      // An idle worker first, then a new one, then the next job of a busy one.
      let slot = this.slots.find((s) => s.inflight.length === 0);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      slot ??= this.slots.find((s) => s.inflight.length < JOBS_PER_WORKER);
      if (!slot) return;
      const next = this.queue.shift()!;
      if (next.signal?.aborted) {
        next.resolve({ cancelled: true });
        continue;
      }
      const cancel = new Int32Array(new SharedArrayBuffer(4));
      const onAbort = () => Atomics.store(cancel, 0, 1);
      next.signal?.addEventListener('abort', onAbort, { once: true });
      slot.inflight.push({ ...next, cancel, onAbort });
      slot.worker.ref();
      const { job } = next;
      // The key's copy is moved, not cloned: none is left behind on this thread.
      const key = Uint8Array.from(job.key);
      const message: BlobJobMessage = {
        source: job.source,
        tmp: job.tmp,
        final: job.final,
        key,
        header: Uint8Array.from(job.header),
        prefix: Uint8Array.from(job.noncePrefix),
        sync: job.sync,
        cancel: cancel.buffer as SharedArrayBuffer,
      };
      slot.worker.postMessage(message, [key.buffer]);
    }
  }

  private spawn(): Slot {
    const worker = startWorker('blob-writer.worker', __dirname, { resourceLimits: { maxYoungGenerationSizeMb: 8 } });
    const slot: Slot = { worker, inflight: [], online: new Promise((resolve) => worker.once('online', () => resolve())) };
    worker.on('message', (result: BlobJobResult) => this.finish(slot, (p) => p.resolve(result)));
    worker.on('error', (err) => this.lose(slot, err));
    worker.on('exit', (code) => this.lose(slot, new Error(`blob writer stopped (exit ${code})`)));
    // An idle worker does not keep the process alive.
    worker.unref();
    this.slots.push(slot);
    return slot;
  }

  /** The worker finished its oldest job. */
  private finish(slot: Slot, settle: (p: Pending) => void): void {
    const done = slot.inflight.shift();
    if (slot.inflight.length === 0) slot.worker.unref();
    if (done) {
      done.signal?.removeEventListener('abort', done.onAbort);
      settle(done);
    }
    this.dispatch();
  }

  /** A worker that died takes its jobs with it; the next job gets a new worker. */
  private lose(slot: Slot, err: unknown): void {
    const index = this.slots.indexOf(slot);
    if (index === -1) return;
    this.slots.splice(index, 1);
    void slot.worker.terminate().catch(() => undefined);
    const jobs = slot.inflight.splice(0);
    for (const job of jobs) {
      job.signal?.removeEventListener('abort', job.onAbort);
      job.reject(new VaultError('INTERNAL', {}, { cause: err }));
    }
    this.dispatch();
  }
}

let pool: BlobWriterPool | null = null;

/** The process's pool: one worker per core, at most four, started as jobs arrive. */
export function blobWriters(): BlobWriterPool {
  pool ??= new BlobWriterPool(Math.min(MAX_WORKERS, Math.max(2, availableParallelism())));
  return pool;
}
