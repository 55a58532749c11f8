import { VaultError } from '../errors';
import { startWorker } from '../workers/start-worker';
import type { OfficeModel } from '../../../shared/office-preview';
import type { OfficeKind } from './office-model';
import type { OfficePreviewJob } from './office-preview.worker';

export interface OfficePreviewLimits {
  /** Wall-clock time, the worker's start included. */
  timeoutMs: number;
  /** The worker's JavaScript heap (V8 old generation). */
  maxMemoryMb: number;
}

export const DEFAULT_OFFICE_PREVIEW_LIMITS: Readonly<OfficePreviewLimits> = Object.freeze({ timeoutMs: 30_000, maxMemoryMb: 512 });

/**
 * Builds a Word or Excel file's preview model in a worker thread of its own, apart from the
 * content indexer's (a preview never waits behind a long PDF there): the heap is capped, the
 * time too, and the worker ends after the one file, so nothing of it lingers. A file that
 * runs out of either is a failure result ('timeout', 'memory'), never a crash or a hang.
 * Rejects only when `signal` aborts (CANCELLED). The caller's bytes are copied, not moved.
 */
export function readOfficePreview(bytes: Uint8Array, kind: OfficeKind, limits: Partial<OfficePreviewLimits> = {}, signal?: AbortSignal): Promise<OfficeModel> {
  const { timeoutMs, maxMemoryMb } = { ...DEFAULT_OFFICE_PREVIEW_LIMITS, ...limits };
  if (signal?.aborted) return Promise.reject(new VaultError('CANCELLED'));
  return new Promise<OfficeModel>((resolve, reject) => {
    const worker = startWorker('office-preview.worker', __dirname, { resourceLimits: { maxOldGenerationSizeMb: maxMemoryMb } });
    let done = false;
    const finish = (model: OfficeModel | null, err?: unknown) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      if (model) resolve(model);
      else reject(err);
    };
    const onAbort = () => finish(null, new VaultError('CANCELLED'));
    const timer = setTimeout(() => finish({ kind: 'failed', reason: 'timeout' }), timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.once('message', (model: OfficeModel) => finish(model));
    worker.once('error', (err: NodeJS.ErrnoException) => finish({ kind: 'failed', reason: err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'damaged' }));
    worker.once('exit', () => finish({ kind: 'failed', reason: 'damaged' }));
    const copy = new Uint8Array(bytes.byteLength);
    copy.set(bytes);
    const job: OfficePreviewJob = { bytes: copy, kind };
    worker.postMessage(job, [copy.buffer]);
  });
}
