import type { ContentRead, ContentReader } from '../search/content-indexer';
import type { TextExtractor } from './extract-runner';
import type { ExtractResult } from './extract-types';
import type { OcrEngine, OcrResult } from './ocr';

/** OCR pages of one scanned PDF at most (each is seconds of CPU). */
export const OCR_MAX_PAGES = 50;

/**
 * A document's content: its text layers through the extraction worker, and
 * where there are none (an image, a scanned PDF's pages) OCR on the one OCR
 * engine of the process. Everything runs off the main thread with caps per
 * file; a hostile file ends as a status, never as a crash.
 */
export class ExtractingReader implements ContentReader {
  constructor(
    private readonly extractor: TextExtractor,
    /** Null where OCR is not available (then scans stay 'needs-ocr'). */
    private readonly ocr: OcrEngine | null,
  ) {}

  async read(bytes: Buffer, fileName: string, mime: string, signal?: AbortSignal, options: { ocr?: boolean } = {}): Promise<ContentRead> {
    const ocr = options.ocr === false ? null : this.ocr;
    const extracted = await this.extractor.extract(bytes, fileName, mime, {}, signal, { pageImages: ocr !== null });
    if (extracted.status !== 'needs-ocr' || !ocr) return fromExtract(extracted);
    const results: OcrResult[] = [];
    if (extracted.pageImages) {
      for (const image of extracted.pageImages.slice(0, OCR_MAX_PAGES)) {
        if (signal?.aborted) break;
        results.push(await ocr.recogniseRgba(image.pixels, image.width, image.height));
      }
    } else {
      results.push(await ocr.recognise(bytes));
    }
    const text = results.map((r) => r.text).filter(Boolean).join('\n\n');
    const failedAll = results.length > 0 && results.every((r) => r.status === 'failed');
    return {
      status: text ? 'ok' : failedAll ? 'failed' : 'empty',
      text,
      pages: extracted.pages,
      damaged: extracted.damaged || results.some((r) => r.reason === 'damaged'),
      reason: failedAll ? (results[0]?.reason ?? null) : extracted.reason,
      truncated: extracted.truncated || (extracted.pageImages?.length ?? 0) > OCR_MAX_PAGES,
      method: 'ocr',
    };
  }
}

function fromExtract(r: ExtractResult): ContentRead {
  const unsupported = r.status === 'failed' && r.reason === 'unsupported';
  return {
    status: unsupported ? 'unsupported' : r.status,
    text: r.text,
    pages: r.pages,
    damaged: r.damaged,
    reason: r.reason,
    truncated: r.truncated,
    method: r.status === 'ok' ? 'layer' : 'none',
  };
}
