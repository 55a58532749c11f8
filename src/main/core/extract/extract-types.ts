/**
 * What text extraction takes and gives back. Pure types and small helpers: the format readers,
 * the worker and the runner all speak these.
 */

/** Caps for one file. The runner enforces time and memory (a worker it can stop); the readers the rest. */
export interface ExtractLimits {
  /** Wall-clock time for the whole extraction, worker start included. */
  timeoutMs: number;
  /** The worker's JavaScript heap (V8 old generation). */
  maxMemoryMb: number;
  /** Text kept; more is cut off and the result marked truncated. */
  maxTextChars: number;
  /** PDF pages read; the rest are skipped (truncated, reason 'too-many-pages'). */
  maxPages: number;
}

export const DEFAULT_EXTRACT_LIMITS: Readonly<ExtractLimits> = Object.freeze({
  timeoutMs: 30_000,
  maxMemoryMb: 512,
  maxTextChars: 2_000_000,
  maxPages: 2_000,
});

/** An image declaring more pixels than this is refused before anything decodes it. */
export const IMAGE_MAX_PIXELS = 100_000_000;

export type ExtractStatus = 'ok' | 'empty' | 'needs-ocr' | 'failed';

export type ExtractReason = 'damaged' | 'encrypted' | 'too-large' | 'timeout' | 'memory' | 'unsupported' | 'zip-bomb' | 'too-many-pages';

/**
 * The outcome for one file.
 * - `ok`: text came out (it may still be `damaged` or `truncated`; `reason` then says why).
 * - `empty`: the file parsed and holds no text.
 * - `needs-ocr`: an image, or a PDF whose pages have no text layer.
 * - `failed`: no text; `reason` says why.
 */
export interface ExtractResult {
  status: ExtractStatus;
  text: string;
  /** Pages in the file (PDF: as the document declares; an image: 1); null where a format has none. */
  pages: number | null;
  /** The file could not be read as its type, wholly or in part. */
  damaged: boolean;
  reason: ExtractReason | null;
  /** `text` is not all the file holds (maxTextChars or maxPages reached). */
  truncated: boolean;
  /** A scanned PDF's page images, for OCR on the main process's engine (only when asked for, with 'needs-ocr'). */
  pageImages?: { page: number; width: number; height: number; pixels: Uint8Array }[];
}

export function resolveLimits(limits: Partial<ExtractLimits> = {}): ExtractLimits {
  const pick = (value: number | undefined, fallback: number, min: number): number =>
    value !== undefined && Number.isFinite(value) ? Math.max(min, Math.floor(value)) : fallback;
  return {
    timeoutMs: pick(limits.timeoutMs, DEFAULT_EXTRACT_LIMITS.timeoutMs, 1),
    maxMemoryMb: pick(limits.maxMemoryMb, DEFAULT_EXTRACT_LIMITS.maxMemoryMb, 1),
    maxTextChars: pick(limits.maxTextChars, DEFAULT_EXTRACT_LIMITS.maxTextChars, 0),
    maxPages: pick(limits.maxPages, DEFAULT_EXTRACT_LIMITS.maxPages, 1),
  };
}

export function failed(reason: ExtractReason, options: { damaged?: boolean; pages?: number | null } = {}): ExtractResult {
  return { status: 'failed', text: '', pages: options.pages ?? null, damaged: options.damaged ?? reason === 'damaged', reason, truncated: false };
}

/** A file that cannot be parsed as its type. */
export const damagedFile = (pages: number | null = null): ExtractResult => failed('damaged', { damaged: true, pages });

export function needsOcr(pages: number | null, damaged = false): ExtractResult {
  return { status: 'needs-ocr', text: '', pages, damaged, reason: damaged ? 'damaged' : null, truncated: false };
}

/**
 * The result for text read from a file: `ok`, or `empty` when there is none. `reason` on an ok
 * result says why it is incomplete: damage first, then pages skipped, then text cut off.
 */
export function textResult(text: string, options: { pages?: number | null; damaged?: boolean; truncated?: boolean; reason?: ExtractReason | null } = {}): ExtractResult {
  const damaged = options.damaged ?? false;
  const truncated = options.truncated ?? false;
  const reason = damaged ? 'damaged' : (options.reason ?? (truncated ? 'too-large' : null));
  const tidy = tidyText(text);
  return { status: tidy === '' ? 'empty' : 'ok', text: tidy, pages: options.pages ?? null, damaged, reason, truncated };
}

/** Line ends as \n, no trailing blanks on a line, at most one empty line in a row, no blank lines at either end. */
export function tidyText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\u3000]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\s*\n/, '')
    .replace(/\s+$/, '');
}

/**
 * Collects text up to a number of characters; `add` reports whether there is room for more,
 * so a reader can stop walking its file once the text is full.
 */
export class TextBudget {
  private readonly parts: string[] = [];
  private length = 0;
  truncated = false;

  constructor(private readonly max: number) {}

  get full(): boolean {
    return this.truncated;
  }

  add(text: string): boolean {
    if (this.truncated) return false;
    const room = this.max - this.length;
    if (text.length > room) {
      this.parts.push(cutAt(text, room));
      this.length = this.max;
      this.truncated = true;
      return false;
    }
    this.parts.push(text);
    this.length += text.length;
    return true;
  }

  text(): string {
    return this.parts.join('');
  }
}

/** The first `n` UTF-16 units of `text`, not splitting a surrogate pair. */
function cutAt(text: string, n: number): string {
  if (n <= 0) return '';
  const code = text.charCodeAt(n - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? n - 1 : n);
}
