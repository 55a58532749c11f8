/** Small, pure helpers for showing documents. */
import { formatDateTime } from '../format/dates';

/** 0 B, 12 KB, 3.4 MB (1024-based, as file managers on Windows show them). */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 ? Math.round(value) : value.toFixed(1).replace(/\.0$/, '')} ${units[unit]}`;
}

/** The last segment of a path main reported (either separator), or the name itself. */
export function baseName(source: string): string {
  const cut = Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\'));
  return cut >= 0 ? source.slice(cut + 1) : source;
}

export type FileKind = 'pdf' | 'image' | 'csv' | 'text' | 'sheet' | 'word' | 'archive' | 'other';

const IMAGE_MIMES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/** How a document is previewed (and which icon it gets), from main's MIME type. */
export function fileKind(mime: string): FileKind {
  if (mime === 'application/pdf') return 'pdf';
  if (IMAGE_MIMES.has(mime)) return 'image';
  if (mime === 'text/csv') return 'csv';
  if (mime === 'text/plain') return 'text';
  if (mime.includes('spreadsheet') || mime === 'application/vnd.ms-excel') return 'sheet';
  if (mime.includes('wordprocessing') || mime === 'application/msword') return 'word';
  if (mime === 'application/zip') return 'archive';
  return 'other';
}

/**
 * @deprecated Use formatDateTime from format/dates (the one date formatter); this
 * alias only keeps code written alongside it compiling until it moves over.
 */
export const stamp = (date: Date): string => formatDateTime(date);
