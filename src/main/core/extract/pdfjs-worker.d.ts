/** pdf.js's worker code, run on the extraction thread itself (read-pdf.ts); it ships no types. */
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs' {
  export const WorkerMessageHandler: unknown;
}
