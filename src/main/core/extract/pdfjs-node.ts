/**
 * pdf.js in a Node thread of the main process: its legacy build (it runs on Node 20 without a
 * canvas), with its "worker" side run on the calling thread — its WorkerMessageHandler handed
 * over through globalThis.pdfjsWorker, so nothing is fetched or spawned. Meant for worker
 * threads (text extraction, OCR), never the app's own thread: parsing a hostile file must be
 * stoppable. Data files come from pdfjs-dist's own folders on disk, nothing from the network.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

let loading: Promise<PdfJs> | null = null;

/** pdf.js, loaded once per thread. */
export function loadPdfJs(): Promise<PdfJs> {
  loading ??= (async () => {
    const worker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = worker;
    return import('pdfjs-dist/legacy/build/pdf.mjs');
  })();
  return loading;
}

let pdfjsRoot: string | null = null;

/**
 * pdf.js's BinaryDataFactory (its `BinaryDataFactory` option, with `useWorkerFetch: false`):
 * a CMap (Chinese PDFs' UniGB-UCS2-H and its Unicode map) or a standard font's data, by name.
 * The name comes from the file, so only a plain file name in those two folders is read.
 */
export class LocalDataFactory {
  async fetch({ kind, filename }: { kind: string; filename: string }): Promise<Uint8Array> {
    const folder = kind === 'cMapUrl' ? 'cmaps' : kind === 'standardFontDataUrl' ? 'standard_fonts' : null;
    // pdf.js treats a failure as "not available" and carries on without it.
    if (!folder || !/^[A-Za-z0-9][\w.+-]*$/.test(filename)) throw new Error(`not available: ${kind}`);
    pdfjsRoot ??= dirname(createRequire(__filename).resolve('pdfjs-dist/package.json'));
    return new Uint8Array(await readFile(join(pdfjsRoot, folder, filename)));
  }
}
