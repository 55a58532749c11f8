/**
 * pdf.js, configured for the app's CSP and loaded only when a PDF is
 * previewed: the worker is a bundled file served from 'self'; CMaps and the
 * two symbol fonts come from the bundle (no fetch: `connect-src 'none'`);
 * no eval, no scripting, no WebAssembly (the CSP allows none of them).
 */
import { AnnotationMode, getDocument, GlobalWorkerOptions, VerbosityLevel, type PDFDocumentLoadingTask } from 'pdfjs-dist';
import type { DocumentInitParameters } from 'pdfjs-dist/types/src/display/api';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { BundledDataFactory } from './bundled-data';

GlobalWorkerOptions.workerSrc = workerUrl;

export { AnnotationMode };

/**
 * Opens a PDF from memory. pdf.js hands its input buffer to the worker, so it
 * gets a copy and the caller's bytes stay usable.
 */
export function openPdf(data: Uint8Array): PDFDocumentLoadingTask {
  const params: DocumentInitParameters & { isEvalSupported: false } = {
    data: data.slice(),
    BinaryDataFactory: BundledDataFactory,
    useWorkerFetch: false,
    // Non-embedded fonts (STSong-Light in Chinese tax forms) are drawn with the system's CJK fonts.
    useSystemFonts: true,
    useWasm: false,
    // pdf.js 5 has no eval path left; kept so an older copy could not take one either.
    isEvalSupported: false,
    enableXfa: false,
    verbosity: VerbosityLevel.ERRORS,
  };
  return getDocument(params);
}
