/**
 * The text extractor's worker thread (started by extract-runner.ts): one file at a time, in
 * the order posted. The bytes arrive moved, not copied, and are this thread's to give away.
 * Time and memory are the runner's to limit: it terminates this thread when either runs out.
 */
import { parentPort } from 'node:worker_threads';
import { extractFile } from './extract-file';
import { damagedFile, type ExtractResult } from './extract-types';
import { imagesOfScannedPdf } from './ocr-pdf';
import { fileKind } from './sniff';
import type { ExtractJobMessage, ExtractJobReply } from './extract-runner';

// Parsers print warnings that can quote a file (a font name, a broken object): nothing from here reaches a log.
for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) console[method] = () => undefined;

const port = parentPort;
if (!port) throw new Error('extract.worker runs only as a worker thread');

let chain: Promise<void> = Promise.resolve();

port.on('message', (message: ExtractJobMessage) => {
  chain = chain.then(async () => {
    let result: ExtractResult;
    // pdf.js may take the bytes it is given: a scan's page images are read from a copy.
    const kept = message.pageImages ? message.bytes.slice() : null;
    try {
      result = await extractFile(message.bytes, message.fileName, message.mime, message.limits, { ownsBytes: true, softDeadline: message.softDeadline });
      if (kept && result.status === 'needs-ocr' && result.pages !== null && fileKind(message.fileName, message.mime, kept) === 'pdf') {
        const scanned = await imagesOfScannedPdf(kept, message.limits.maxPages);
        result = { ...result, pageImages: scanned.images, truncated: result.truncated || scanned.truncated };
      }
    } catch {
      result = damagedFile();
    }
    const reply: ExtractJobReply = { id: message.id, result };
    port.postMessage(reply, [...new Set((result.pageImages ?? []).map((image) => image.pixels.buffer as ArrayBuffer))]);
  });
});
