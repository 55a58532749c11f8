/**
 * One file's text, on whatever thread calls it: the extraction worker (extract.worker.ts) in
 * the app, or a test. Time and memory are not limited here — that is the runner's job — only
 * the size of what comes out (ExtractLimits' text and page caps).
 */
import { damagedFile, failed, resolveLimits, type ExtractLimits, type ExtractResult } from './extract-types';
import { readDocx } from './read-docx';
import { readImage } from './read-image';
import { readPdf } from './read-pdf';
import { readPlainText, readXlsxText } from './read-sheet-text';
import { fileKind, type FileKind } from './sniff';

export interface ExtractOptions {
  /** The bytes may be handed on and detached (the worker's own copy); otherwise they are left as they are. */
  ownsBytes?: boolean;
  /**
   * A time (Date.now()) after which a reader that goes page by page stops and returns what it has
   * (truncated, reason 'timeout'), before the runner's hard stop would lose it all.
   */
  softDeadline?: number;
}

export async function extractFile(bytes: Uint8Array, fileName: string, mime: string, limits: Partial<ExtractLimits> = {}, options: ExtractOptions = {}): Promise<ExtractResult> {
  const all = resolveLimits(limits);
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const kind: FileKind = fileKind(fileName, mime, bytes);
  try {
    switch (kind) {
      case 'pdf':
        return await readPdf(bytes, all, options);
      case 'docx':
        return readDocx(buffer, all);
      case 'xlsx':
        return await readXlsxText(buffer, all);
      case 'csv':
      case 'txt':
        return readPlainText(buffer, kind, all);
      case 'image':
        return readImage(buffer);
      case 'ofd':
        // No maintained OFD parser on npm: ofd.js is a browser viewer (DOM, axios), without a repository.
        return failed('unsupported');
      case 'unknown':
        return failed('unsupported');
      default: {
        const never: never = kind;
        return never;
      }
    }
  } catch {
    // A reader's unexpected error (out of stack in a parser, a header read past the end) is the file's doing.
    return damagedFile();
  }
}
