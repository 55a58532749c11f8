/**
 * The preview worker thread (started by office-preview-runner.ts): builds one Word or Excel
 * file's model and answers once. The runner caps its heap and time, and ends it after.
 */
import { parentPort } from 'node:worker_threads';
import type { OfficeModel } from '../../../shared/office-preview';
import { buildOfficeModel, type OfficeKind } from './office-model';

// A parser's warning could quote the file: nothing from here reaches a log.
for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) console[method] = () => undefined;

const port = parentPort;
if (!port) throw new Error('office-preview.worker runs only as a worker thread');

export interface OfficePreviewJob {
  bytes: Uint8Array;
  kind: OfficeKind;
}

port.once('message', (job: OfficePreviewJob) => {
  let model: OfficeModel;
  try {
    model = buildOfficeModel(Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength), job.kind);
  } catch {
    model = { kind: 'failed', reason: 'damaged' };
  }
  port.postMessage(model);
});
