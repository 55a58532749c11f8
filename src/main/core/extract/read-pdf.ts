/**
 * Text layers of a PDF, with pdf.js's legacy Node build run on the calling thread (the
 * extraction worker: the runner, not pdf.js, keeps hostile files away from the app). No eval,
 * no WebAssembly, no font loading, no network (pdfjs-node.ts).
 */
import type { TextItem, TextMarkedContent } from 'pdfjs-dist/types/src/display/api';
import { damagedFile, failed, needsOcr, TextBudget, textResult, type ExtractLimits, type ExtractResult } from './extract-types';
import { loadPdfJs, LocalDataFactory, type PdfJs } from './pdfjs-node';

const ascii = (bytes: Uint8Array, start: number, end: number): string => Buffer.from(bytes.buffer, bytes.byteOffset + start, Math.max(0, end - start)).toString('latin1');

/**
 * Damage pdf.js would quietly repair: no %%EOF at the end (a truncated download or copy), or a
 * startxref that does not point at a cross-reference table or an /XRef stream object.
 */
export function pdfTrailerDamaged(bytes: Uint8Array): boolean {
  const tailStart = Math.max(0, bytes.length - 2048);
  const tail = ascii(bytes, tailStart, bytes.length);
  const eof = tail.lastIndexOf('%%EOF');
  // Writers may pad after it, but not much.
  if (eof < 0 || tail.length - eof > 1024) return true;
  const m = /startxref\s+(\d{1,12})\s+$/.exec(tail.slice(0, eof));
  if (!m) return true;
  const offset = Number(m[1]);
  const header = ascii(bytes, 0, Math.min(bytes.length, 1024)).indexOf('%PDF-');
  // Offsets count from the file's start, or (as readers allow) from a header after some junk.
  const isXref = (at: number) => at < bytes.length && /^\s*(xref|\d+\s+\d+\s+obj\s*<<[\s\S]*?\/Type\s*\/XRef\b)/.test(ascii(bytes, at, Math.min(bytes.length, at + 512)));
  return !isXref(offset) && !isXref(offset + Math.max(0, header));
}

/** A page's text items as lines: a new line where pdf.js marks one or where the baseline moves. */
export function joinTextItems(items: readonly (TextItem | TextMarkedContent)[]): string {
  let out = '';
  let lastY: number | null = null;
  let lastHeight = 0;
  for (const item of items) {
    if (!('str' in item)) continue;
    const y = item.transform[5] ?? 0;
    const height = Math.abs(item.transform[3] ?? 0) || item.height || 0;
    if (lastY !== null && item.str !== '' && out !== '' && !out.endsWith('\n') && Math.abs(y - lastY) > Math.max(height, lastHeight, 1) * 0.5) out += '\n';
    out += item.str;
    if (item.hasEOL) out += '\n';
    if (item.str !== '') {
      lastY = y;
      lastHeight = height;
    }
  }
  return out;
}

/**
 * `ownsBytes`: the bytes are the caller's to give away (pdf.js detaches the buffer it is given).
 * Past `softDeadline` no further page is read.
 */
export async function readPdf(bytes: Uint8Array, limits: ExtractLimits, options: { ownsBytes?: boolean; softDeadline?: number } = {}): Promise<ExtractResult> {
  const owned = options.ownsBytes ?? false;
  if (!ascii(bytes, 0, Math.min(bytes.length, 1024)).includes('%PDF-')) return damagedFile();
  const trailerDamaged = pdfTrailerDamaged(bytes);
  const pdfjs = await loadPdfJs();
  const task = pdfjs.getDocument({
    // A plain Uint8Array (pdf.js refuses a Buffer): the bytes' own memory when given, else a copy.
    data: owned && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer ? new Uint8Array(bytes.buffer) : new Uint8Array(bytes),
    BinaryDataFactory: LocalDataFactory,
    useWorkerFetch: false,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    useWasm: false,
    enableXfa: false,
    isOffscreenCanvasSupported: false,
    isImageDecoderSupported: false,
    stopAtErrors: false,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  } as Parameters<PdfJs['getDocument']>[0]);
  try {
    let doc;
    try {
      doc = await task.promise;
    } catch (err) {
      return (err as { name?: unknown } | null)?.name === 'PasswordException' ? failed('encrypted') : damagedFile();
    }
    return await readPages(doc, limits, trailerDamaged, options.softDeadline ?? Infinity);
  } finally {
    await task.destroy().catch(() => undefined);
  }
}

type PdfDocument = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;

async function readPages(doc: PdfDocument, limits: ExtractLimits, trailerDamaged: boolean, softDeadline: number): Promise<ExtractResult> {
  const pages = doc.numPages;
  const budget = new TextBudget(limits.maxTextChars);
  const toRead = Math.min(pages, limits.maxPages);
  let read = 0;
  let broken = 0;
  let withText = 0;
  let late = false;
  for (let n = 1; n <= toRead && !budget.full; n++) {
    if (Date.now() > softDeadline) {
      late = true;
      break;
    }
    read++;
    let text: string;
    try {
      const page = await doc.getPage(n);
      try {
        text = joinTextItems((await page.getTextContent()).items);
      } finally {
        page.cleanup();
      }
    } catch {
      // A page pdf.js cannot read (a loop in the page tree, a missing object): damage, not the end.
      broken++;
      continue;
    }
    if (text.trim() === '') continue;
    withText++;
    budget.add(`${text}\n\n`);
  }
  const damaged = trailerDamaged || broken > 0;
  if (read > 0 && broken === read) return damagedFile(pages);
  if (withText === 0) return late ? failed('timeout', { damaged, pages }) : pages === 0 ? textResult('', { pages, damaged }) : needsOcr(pages, damaged);
  const stopped = budget.truncated ? 'too-large' : late ? 'timeout' : pages > toRead ? 'too-many-pages' : null;
  return textResult(budget.text(), { pages, damaged, truncated: stopped !== null, reason: stopped });
}
