import type { Worker } from 'node:worker_threads';
import { VaultError } from '../errors';
import { startWorker } from '../workers/start-worker';
import { damagedFile, failed, resolveLimits, type ExtractLimits, type ExtractResult } from './extract-types';

/**
 * Text extraction off the main thread. Each file is read in a worker thread
 * (extract.worker.ts) whose V8 heap is capped at the file's maxMemoryMb and which is
 * terminated when the file's timeoutMs runs out: a hostile file ends as a `failed` result
 * (reason 'timeout' or 'memory'), never as a crash or a hang of the app. A worker that was
 * stopped, ran out of memory or died is replaced for the next file. Files wait their turn
 * for a free worker (one by default: these are two-core machines, and OCR wants the other).
 */

export interface TextExtractorOptions {
  /** Workers reading files side by side; 1 by default. */
  poolSize?: number;
  /** Defaults for every call; a call's own limits override them. */
  limits?: Partial<ExtractLimits>;
}

/** A file as posted to the worker: the bytes are a copy, moved (transferred) there. */
export interface ExtractJobMessage {
  id: number;
  bytes: Uint8Array;
  fileName: string;
  mime: string;
  limits: ExtractLimits;
  /** When a page-by-page reader should stop and keep what it has: before the hard stop loses it. */
  softDeadline: number;
  /** A PDF without text layers also sends its page images back (for OCR). */
  pageImages: boolean;
}

export interface ExtractJobReply {
  id: number;
  result: ExtractResult;
}

interface Job {
  id: number;
  bytes: Uint8Array | null;
  fileName: string;
  mime: string;
  limits: ExtractLimits;
  signal: AbortSignal | undefined;
  pageImages: boolean;
  onAbort: () => void;
  resolve: (result: ExtractResult) => void;
  reject: (err: unknown) => void;
}

interface Slot {
  worker: Worker;
  /** The heap cap it was started with: a file asking for another gets a new worker. */
  memoryMb: number;
  job: Job | null;
  timer: NodeJS.Timeout | null;
  /** The process's resident memory when the job started. */
  baseline: number;
  retired: boolean;
}

const cancelled = () => new VaultError('CANCELLED');

/** Of a file's time, the part after which a PDF's pages are no longer read (the rest is to answer in). */
const SOFT_DEADLINE_SHARE = 0.8;

/**
 * The heap cap leaves out ArrayBuffers, and pdf.js decodes a stream into one that grows as it
 * is read (a flate bomb grows it by gigabytes). So the process itself is watched: a file during
 * which it grows by more than its maxMemoryMb plus this much (the worker's own start) is stopped.
 */
const PROCESS_GROWTH_ALLOWANCE_MB = 256;
const WATCH_INTERVAL_MS = 100;

export class TextExtractor {
  private readonly size: number;
  private readonly defaults: Partial<ExtractLimits>;
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  private watch: NodeJS.Timeout | null = null;

  constructor(options: TextExtractorOptions = {}) {
    this.size = Math.max(1, Math.floor(options.poolSize ?? 1));
    this.defaults = { ...options.limits };
  }

  /**
   * The text of one file. `bytes` are copied once and the copy moved to the worker, so the
   * caller's Buffer stays as it was. Rejects only when cancelled (`signal`, or close()) with
   * CANCELLED; every problem with the file itself is a result.
   */
  extract(
    bytes: Buffer,
    fileName: string,
    mime: string,
    limits: Partial<ExtractLimits> = {},
    signal?: AbortSignal,
    options: { pageImages?: boolean } = {},
  ): Promise<ExtractResult> {
    if (this.closed || signal?.aborted) return Promise.reject(cancelled());
    return new Promise<ExtractResult>((resolve, reject) => {
      const job: Job = {
        id: this.nextId++,
        bytes,
        fileName,
        mime,
        limits: resolveLimits({ ...this.defaults, ...limits }),
        signal,
        pageImages: options.pageImages ?? false,
        onAbort: () => this.abort(job),
        resolve,
        reject,
      };
      signal?.addEventListener('abort', job.onAbort, { once: true });
      this.queue.push(job);
      this.dispatch();
    });
  }

  /** Stops every worker; files still waiting or being read are rejected with CANCELLED. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.watch) clearInterval(this.watch);
    this.watch = null;
    for (const job of this.queue.splice(0)) this.settle(job, null, cancelled());
    const stopping = this.slots.map((slot) => {
      const job = slot.job;
      this.retire(slot);
      if (job) this.settle(job, null, cancelled());
      return slot.worker.terminate();
    });
    await Promise.allSettled(stopping);
  }

  private dispatch(): void {
    while (!this.closed && this.queue.length > 0) {
      let slot = this.slots.find((s) => s.job === null);
      if (!slot && this.slots.length < this.size) slot = this.spawn(this.queue[0]?.limits.maxMemoryMb ?? 0);
      if (!slot) return;
      const job = this.queue.shift() as Job;
      if (slot.memoryMb !== job.limits.maxMemoryMb) {
        this.retire(slot);
        void slot.worker.terminate();
        slot = this.spawn(job.limits.maxMemoryMb);
      }
      this.start(slot, job);
    }
  }

  private start(slot: Slot, job: Job): void {
    slot.job = job;
    slot.baseline = process.memoryUsage.rss();
    this.watchMemory();
    slot.worker.ref();
    // The file's time includes the worker's start: a file that keeps a fresh worker busy is as slow.
    slot.timer = setTimeout(() => this.stop(slot, failed('timeout')), job.limits.timeoutMs);
    const source = job.bytes ?? new Uint8Array(0);
    job.bytes = null;
    const copy = new Uint8Array(source.byteLength);
    copy.set(source);
    const softDeadline = Date.now() + job.limits.timeoutMs * SOFT_DEADLINE_SHARE;
    const message: ExtractJobMessage = { id: job.id, bytes: copy, fileName: job.fileName, mime: job.mime, limits: job.limits, softDeadline, pageImages: job.pageImages };
    slot.worker.postMessage(message, [copy.buffer]);
  }

  private spawn(memoryMb: number): Slot {
    const worker = startWorker('extract.worker', __dirname, { resourceLimits: { maxOldGenerationSizeMb: memoryMb } });
    const slot: Slot = { worker, memoryMb, job: null, timer: null, baseline: 0, retired: false };
    worker.on('message', (reply: ExtractJobReply) => {
      if (slot.retired || slot.job?.id !== reply.id) return;
      this.finish(slot, reply.result);
    });
    worker.on('error', (err: NodeJS.ErrnoException) => {
      if (slot.retired) return;
      this.stop(slot, err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? failed('memory') : damagedFile());
    });
    worker.on('exit', () => {
      if (slot.retired) return;
      // Gone without an error event (killed from outside): the file it held did it no good.
      this.stop(slot, damagedFile());
    });
    // An idle worker does not keep the process alive.
    worker.unref();
    this.slots.push(slot);
    return slot;
  }

  /** The worker answered: it stays for the next file. */
  private finish(slot: Slot, result: ExtractResult): void {
    const job = this.release(slot);
    slot.worker.unref();
    if (job) this.settle(job, result, null);
    this.dispatch();
  }

  /** The worker ran out of time or memory, or died: it goes, and its file gets `result`. */
  private stop(slot: Slot, result: ExtractResult): void {
    const job = this.release(slot);
    this.retire(slot);
    void slot.worker.terminate();
    if (job) this.settle(job, result, null);
    this.dispatch();
  }

  /** While files are read, stops any during which the process grew past its allowance. */
  private watchMemory(): void {
    if (this.watch) return;
    this.watch = setInterval(() => {
      const busy = this.slots.filter((s) => s.job !== null);
      if (busy.length === 0) {
        if (this.watch) clearInterval(this.watch);
        this.watch = null;
        return;
      }
      const rss = process.memoryUsage.rss();
      for (const slot of busy) {
        // Growth from the lowest point since the file started: memory the app freed meanwhile is no allowance.
        slot.baseline = Math.min(slot.baseline, rss);
        if (rss - slot.baseline > (slot.memoryMb + PROCESS_GROWTH_ALLOWANCE_MB) * 1024 * 1024) this.stop(slot, failed('memory'));
      }
    }, WATCH_INTERVAL_MS);
    this.watch.unref();
  }

  private abort(job: Job): void {
    const queued = this.queue.indexOf(job);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      this.settle(job, null, cancelled());
      return;
    }
    const slot = this.slots.find((s) => s.job === job);
    if (!slot) return;
    this.release(slot);
    this.retire(slot);
    void slot.worker.terminate();
    this.settle(job, null, cancelled());
    this.dispatch();
  }

  private release(slot: Slot): Job | null {
    const job = slot.job;
    slot.job = null;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    return job;
  }

  private retire(slot: Slot): void {
    slot.retired = true;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    const at = this.slots.indexOf(slot);
    if (at >= 0) this.slots.splice(at, 1);
  }

  private settle(job: Job, result: ExtractResult | null, err: unknown): void {
    job.signal?.removeEventListener('abort', job.onAbort);
    job.bytes = null;
    if (result) job.resolve(result);
    else job.reject(err);
  }
}
