/**
 * Offline Chinese OCR for images and scanned PDF pages (PP-OCRv4 on ONNX Runtime, ocr-paddle.ts),
 * off the main thread. Images are read one at a time by one worker thread (ocr.worker.ts) that
 * loads the model once and keeps it for every image after.
 *
 * Caps per image:
 * - size: an image declaring more than `maxPixels` is refused from its header ('too-large'), and
 *   one whose working set would not fit in `maxMemoryMb` likewise ('memory'), before decoding;
 * - time: the worker stops an image at the first step past `timeoutMs` ('timeout'); if it does
 *   not answer by then plus HARD_GRACE_MS, the thread is terminated and the image fails the same;
 * - memory: the thread's JavaScript heap is capped at `maxMemoryMb` (an overrun ends it: 'memory').
 *
 * ONNX Runtime's native addon registers itself once per process: a second worker thread cannot load
 * it (Node: "Module did not self-register"). So the worker is shared by every engine in the process
 * and is not ended by `close()`, which only releases the model; after a forced termination (time or
 * heap overrun, both last resorts) OCR in this process answers 'failed' until the app restarts.
 * For the same reason, make engines on the main thread, never inside another worker that may be
 * terminated: a scanned PDF's pages are taken out where convenient (ocr-pdf.ts, e.g. in the
 * extraction worker) and their pixels handed to recogniseRgba here.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../workers/start-worker';
import { checkSize, declaredSize, ENGINE_BASE_MB, OcrInputError } from './ocr-image';
import { ocrFailed, type OcrImageInput, type OcrRequest, type OcrResult, type OcrWorkerData, type OcrWorkerMessage } from './ocr-protocol';

export type { OcrResult, OcrStatus } from './ocr-protocol';

export interface OcrLimits {
  /** Time for recognising this image, from when the worker starts on it (model loading excluded). */
  timeoutMs?: number;
  /** Images declaring more pixels are refused ('too-large') before decoding. */
  maxPixels?: number;
}

export interface OcrEngineOptions {
  /** Memory for one image's working set beside the model; also the worker's heap cap (set by the first engine). */
  maxMemoryMb?: number;
  /** ONNX Runtime threads per image (default 1: OCR runs in the background beside the app; set by the first engine). */
  threads?: number;
}

/** A page is a few seconds of CPU; the rest is room for a busy or slow machine. */
export const DEFAULT_OCR_TIMEOUT_MS = 120_000;
/** 50 MP: an A4 page scanned at 600 dpi is 35 MP. */
export const DEFAULT_OCR_MAX_PIXELS = 50_000_000;
export const DEFAULT_OCR_MAX_MEMORY_MB = 1024;
/** How long past its time cap an image may run before its thread is terminated. */
export const HARD_GRACE_MS = 30_000;
/** Loading the model (a second or two here) has its own, generous, cap. */
const MODEL_LOAD_TIMEOUT_MS = 180_000;

interface Running {
  request: OcrRequest;
  worker: Worker;
  hardTimeoutMs: number;
  settle: (result: OcrResult) => void;
  timer: NodeJS.Timeout;
}

/** The process's one OCR thread and its queue. */
class OcrThread {
  private worker: Worker | null = null;
  private running: Running | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 1;

  constructor(
    private readonly threads: number,
    private readonly heapMb: number,
  ) {}

  /** Runs one request after those before it; `hardTimeoutMs` counts from when the worker starts on it. */
  submit(make: (id: number) => OcrRequest, hardTimeoutMs: number): Promise<OcrResult> {
    const request = make(this.nextId++);
    const result = this.queue.then(() => this.run(request, hardTimeoutMs));
    this.queue = result;
    return result;
  }

  /** Releases the model if the thread is up (it stays, for the next engine). */
  async unload(): Promise<void> {
    if (this.worker) await this.submit((id) => ({ type: 'unload', id }), MODEL_LOAD_TIMEOUT_MS);
  }

  private run(request: OcrRequest, hardTimeoutMs: number): Promise<OcrResult> {
    const worker = this.ensureWorker();
    worker.ref();
    return new Promise<OcrResult>((resolve) => {
      const settle = (result: OcrResult): void => {
        if (this.running?.request !== request) return;
        clearTimeout(this.running.timer);
        this.running = null;
        worker.unref();
        resolve(result);
      };
      // Until the worker says it has started on the image, the model may still be loading.
      const timer = setTimeout(() => this.fail(worker, 'timeout'), MODEL_LOAD_TIMEOUT_MS);
      this.running = { request, worker, hardTimeoutMs, settle, timer };
      if (request.type === 'recognise') {
        const image = request.image;
        worker.postMessage(request, [image.kind === 'encoded' ? image.bytes.buffer : image.pixels.buffer] as ArrayBuffer[]);
      } else {
        worker.postMessage(request);
      }
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const workerData: OcrWorkerData = { threads: this.threads };
    const worker = startWorker('ocr.worker', __dirname, { workerData, resourceLimits: { maxOldGenerationSizeMb: this.heapMb } });
    worker.on('message', (message: OcrWorkerMessage) => this.onMessage(worker, message));
    worker.on('error', (error: Error & { code?: string }) => this.fail(worker, error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : null));
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = null;
      this.fail(worker, null);
    });
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private onMessage(worker: Worker, message: OcrWorkerMessage): void {
    const running = this.running;
    if (!running || running.worker !== worker || running.request.id !== message.id) return;
    switch (message.type) {
      case 'started':
        clearTimeout(running.timer);
        running.timer = setTimeout(() => this.fail(worker, 'timeout'), running.hardTimeoutMs);
        return;
      case 'result':
        running.settle(message.result);
        return;
      case 'unloaded':
        running.settle(ocrFailed(null));
        return;
      default: {
        const unknown: never = message;
        throw new Error(`unexpected OCR worker message ${JSON.stringify(unknown)}`);
      }
    }
  }

  /** Ends what `worker` is doing with this reason; past its hard cap, the thread is terminated. */
  private fail(worker: Worker, reason: OcrResult['reason']): void {
    const running = this.running;
    if (!running || running.worker !== worker) return;
    running.settle(ocrFailed(reason));
    if (reason === 'timeout' && this.worker === worker) {
      this.worker = null;
      void worker.terminate();
    }
  }
}

let shared: OcrThread | null = null;

export class OcrEngine {
  private readonly maxMemoryMb: number;
  private readonly thread: OcrThread;
  private closed = false;

  constructor(options: OcrEngineOptions = {}) {
    this.maxMemoryMb = Math.max(ENGINE_BASE_MB + 1, Math.floor(options.maxMemoryMb ?? DEFAULT_OCR_MAX_MEMORY_MB));
    const threads = Math.max(1, Math.min(Math.floor(options.threads ?? 1), availableParallelism()));
    shared ??= new OcrThread(threads, this.maxMemoryMb);
    this.thread = shared;
  }

  /** Recognises PNG or JPEG bytes. */
  recognise(image: Buffer, limits: OcrLimits = {}): Promise<OcrResult> {
    const maxPixels = limits.maxPixels ?? DEFAULT_OCR_MAX_PIXELS;
    const size = declaredSize(image);
    if (!size) return Promise.resolve(ocrFailed('damaged'));
    const refused = this.refusal(size.width, size.height, maxPixels);
    if (refused) return Promise.resolve(refused);
    // A copy of its own, so it can be transferred (the caller's Buffer may share a pooled ArrayBuffer).
    return this.submit({ kind: 'encoded', bytes: new Uint8Array(image) }, maxPixels, limits.timeoutMs);
  }

  /** Recognises raw RGBA pixels (width × height × 4 bytes), e.g. a page image taken out of a scanned PDF. */
  recogniseRgba(pixels: Uint8Array, width: number, height: number, limits: OcrLimits = {}): Promise<OcrResult> {
    const maxPixels = limits.maxPixels ?? DEFAULT_OCR_MAX_PIXELS;
    const refused = this.refusal(width, height, maxPixels);
    if (refused) return Promise.resolve(refused);
    if (pixels.length !== width * height * 4) return Promise.resolve(ocrFailed('damaged'));
    return this.submit({ kind: 'rgba', pixels: new Uint8Array(pixels), width, height }, maxPixels, limits.timeoutMs);
  }

  /** Releases the model once images already queued are read; the engine takes no more. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.thread.unload();
  }

  private refusal(width: number, height: number, maxPixels: number): OcrResult | null {
    if (!(Number.isInteger(width) && Number.isInteger(height))) return ocrFailed('damaged');
    try {
      checkSize({ width, height }, maxPixels, this.maxMemoryMb);
      return null;
    } catch (error) {
      return ocrFailed(error instanceof OcrInputError ? error.reason : 'damaged');
    }
  }

  private submit(image: OcrImageInput, maxPixels: number, timeoutMs = DEFAULT_OCR_TIMEOUT_MS): Promise<OcrResult> {
    if (this.closed) return Promise.reject(new Error('OcrEngine is closed'));
    const cap = Math.max(1, Math.floor(timeoutMs));
    return this.thread.submit((id) => ({ type: 'recognise', id, image, maxPixels, maxMemoryMb: this.maxMemoryMb, timeoutMs: cap }), cap + HARD_GRACE_MS);
  }
}
