/**
 * The page images of a scanned PDF, for OCR. A scanner writes each page as one image (usually a
 * JPEG, i.e. a DCTDecode image XObject; black-and-white scans CCITT or JBIG2) drawn over the whole
 * page; there is no text layer. pdf.js's legacy Node build walks each page's operator list, and its
 * own decoders (pure JS: no canvas, no WebAssembly) turn the largest image painted on the page into
 * pixels, which become RGBA for OcrEngine.recogniseRgba.
 *
 * Call it off the main thread (the extraction worker): decoding is CPU and memory work on the
 * calling thread, since pdf.js's "worker" runs there too. Images over `maxPixels` are skipped by
 * pdf.js itself before decoding.
 */
import type { PDFPageProxy } from 'pdfjs-dist/types/src/display/api';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

export interface PdfPageImage {
  /** 1-based page number. */
  page: number;
  width: number;
  height: number;
  /** width × height × 4 bytes, RGBA. */
  pixels: Uint8Array;
}

export interface ScannedPdfImages {
  /** Pages the document declares. */
  pageCount: number;
  /** One per page that has an image, in page order, for at most maxPages pages. */
  images: PdfPageImage[];
  /** Pages past maxPages were not looked at. */
  truncated: boolean;
}

/** pdf.js's decoded image object (ImageKind: 1 = 1 bit grey, 2 = RGB, 3 = RGBA). */
interface PdfImageObject {
  width: number;
  height: number;
  kind?: number;
  data?: Uint8Array | Uint8ClampedArray;
}

let loading: Promise<PdfJs> | null = null;

function loadPdfJs(): Promise<PdfJs> {
  loading ??= (async () => {
    // pdf.js's worker side runs on this thread, handed over through globalThis.pdfjsWorker.
    const worker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = worker;
    return import('pdfjs-dist/legacy/build/pdf.mjs');
  })();
  return loading;
}

export const DEFAULT_PDF_IMAGE_MAX_PIXELS = 50_000_000;

/**
 * Each page's largest image as RGBA, for up to `maxPages` pages. Throws when the bytes are not a
 * PDF pdf.js can open (damaged, encrypted); a page whose image cannot be decoded is left out.
 */
export async function imagesOfScannedPdf(bytes: Uint8Array, maxPages: number, options: { maxPixels?: number } = {}): Promise<ScannedPdfImages> {
  const pdfjs = await loadPdfJs();
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    useWasm: false,
    useWorkerFetch: false,
    enableXfa: false,
    isOffscreenCanvasSupported: false,
    isImageDecoderSupported: false,
    stopAtErrors: false,
    maxImageSize: options.maxPixels ?? DEFAULT_PDF_IMAGE_MAX_PIXELS,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  } as Parameters<PdfJs['getDocument']>[0]);
  try {
    const doc = await task.promise;
    const last = Math.min(doc.numPages, Math.max(0, Math.floor(maxPages)));
    const images: PdfPageImage[] = [];
    for (let n = 1; n <= last; n++) {
      const page = await doc.getPage(n);
      try {
        const image = await largestImage(pdfjs, page);
        if (image) images.push({ page: n, ...image });
      } catch {
        // A page whose image will not decode: the others may still read.
      } finally {
        page.cleanup();
      }
    }
    return { pageCount: doc.numPages, images, truncated: doc.numPages > last };
  } finally {
    await task.destroy();
  }
}

async function largestImage(pdfjs: PdfJs, page: PDFPageProxy): Promise<{ width: number; height: number; pixels: Uint8Array } | null> {
  const { OPS } = pdfjs;
  const operators = await page.getOperatorList();
  let best: PdfImageObject | null = null;
  for (let i = 0; i < operators.fnArray.length; i++) {
    const op = operators.fnArray[i];
    const args = operators.argsArray[i] as unknown[] | undefined;
    let image: PdfImageObject | null = null;
    if (op === OPS.paintImageXObject || op === OPS.paintImageXObjectRepeat) {
      const id = args?.[0];
      if (typeof id === 'string') image = await imageObject(page, id);
    } else if (op === OPS.paintInlineImageXObject) {
      image = (args?.[0] as PdfImageObject | undefined) ?? null;
    }
    if (image?.data && image.width > 0 && image.height > 0 && (!best || image.width * image.height > best.width * best.height)) best = image;
  }
  if (!best?.data) return null;
  const pixels = toRgba(best);
  return pixels ? { width: best.width, height: best.height, pixels } : null;
}

/** An image object by id: page-local, or shared between pages (ids starting "g_"). */
function imageObject(page: PDFPageProxy, id: string): Promise<PdfImageObject | null> {
  const store = id.startsWith('g_') ? page.commonObjs : page.objs;
  return new Promise((resolve) => {
    try {
      store.get(id, (value: unknown) => resolve((value as PdfImageObject | null) ?? null));
    } catch {
      resolve(null);
    }
  });
}

function toRgba(image: PdfImageObject): Uint8Array | null {
  const { width, height, kind, data } = image;
  if (!data) return null;
  const pixels = width * height;
  const out = new Uint8Array(pixels * 4);
  if (kind === 3 && data.length >= pixels * 4) {
    out.set(data.subarray(0, pixels * 4));
    return out;
  }
  if (kind === 2 && data.length >= pixels * 3) {
    for (let p = 0, s = 0, d = 0; p < pixels; p++, s += 3, d += 4) {
      out[d] = data[s] ?? 0;
      out[d + 1] = data[s + 1] ?? 0;
      out[d + 2] = data[s + 2] ?? 0;
      out[d + 3] = 255;
    }
    return out;
  }
  if (kind === 1) {
    // One bit per pixel, rows padded to whole bytes, 1 = white.
    const rowBytes = (width + 7) >> 3;
    if (data.length < rowBytes * height) return null;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const bit = ((data[y * rowBytes + (x >> 3)] ?? 0) >> (7 - (x & 7))) & 1;
        const v = bit ? 255 : 0;
        const d = (y * width + x) * 4;
        out[d] = v;
        out[d + 1] = v;
        out[d + 2] = v;
        out[d + 3] = 255;
      }
    }
    return out;
  }
  return null;
}
