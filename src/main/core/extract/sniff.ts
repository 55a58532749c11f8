/**
 * Which reader a file goes to: by its extension, else its MIME type, else its first bytes.
 * A file whose name says one format and whose bytes say another is read as named (and found
 * damaged there): the name is what the user sees.
 */

export type FileKind = 'pdf' | 'docx' | 'xlsx' | 'csv' | 'txt' | 'image' | 'ofd' | 'unknown';

const BY_EXTENSION: Record<string, FileKind> = {
  pdf: 'pdf',
  docx: 'docx',
  docm: 'docx',
  dotx: 'docx',
  xlsx: 'xlsx',
  xlsm: 'xlsx',
  csv: 'csv',
  tsv: 'csv',
  txt: 'txt',
  text: 'txt',
  png: 'image',
  jpg: 'image',
  jpeg: 'image',
  jpe: 'image',
  bmp: 'image',
  tif: 'image',
  tiff: 'image',
  webp: 'image',
  gif: 'image',
  ofd: 'ofd',
};

const BY_MIME: Record<string, FileKind> = {
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.ms-word.document.macroenabled.12': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.ms-excel.sheet.macroenabled.12': 'xlsx',
  'text/csv': 'csv',
  'text/tab-separated-values': 'csv',
  'text/plain': 'txt',
  'application/ofd': 'ofd',
};

export function fileKind(fileName: string, mime: string, bytes: Uint8Array): FileKind {
  const ext = /\.([^./\\]+)$/.exec(fileName.toLowerCase())?.[1] ?? '';
  const byName = BY_EXTENSION[ext];
  if (byName) return byName;
  const type = mime.toLowerCase().split(';')[0]?.trim() ?? '';
  const byMime = BY_MIME[type] ?? (type.startsWith('image/') ? 'image' : undefined);
  if (byMime) return byMime;
  return sniff(bytes);
}

function startsWith(bytes: Uint8Array, magic: readonly number[], at = 0): boolean {
  return bytes.length >= at + magic.length && magic.every((b, i) => bytes[at + i] === b);
}

const latin1 = (bytes: Uint8Array, start: number, end: number): string => Buffer.from(bytes.buffer, bytes.byteOffset + start, Math.max(0, Math.min(end, bytes.length) - start)).toString('latin1');

function sniff(bytes: Uint8Array): FileKind {
  if (latin1(bytes, 0, 1024).includes('%PDF-')) return 'pdf';
  if (imageMagic(bytes)) return 'image';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    // Which zip: the part names sit in plain text in the local headers and the directory.
    const names = latin1(bytes, 0, 64 * 1024) + latin1(bytes, Math.max(0, bytes.length - 64 * 1024), bytes.length);
    if (names.includes('word/document.xml')) return 'docx';
    if (names.includes('xl/workbook.xml')) return 'xlsx';
    if (names.includes('OFD.xml')) return 'ofd';
  }
  return 'unknown';
}

export type ImageType = 'png' | 'jpeg' | 'gif' | 'bmp' | 'tiff' | 'webp';

export function imageMagic(bytes: Uint8Array): ImageType | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return 'gif';
  // "BM" alone starts many a text; the DIB header's size after it is one of a few.
  if (startsWith(bytes, [0x42, 0x4d]) && bytes.length >= 18 && [12, 40, 52, 56, 64, 108, 124].includes(readUInt32LE(bytes, 14))) return 'bmp';
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return 'webp';
  return null;
}

function readUInt32LE(bytes: Uint8Array, at: number): number {
  return ((bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8) | ((bytes[at + 2] ?? 0) << 16)) + (bytes[at + 3] ?? 0) * 0x1000000;
}

/** Old binary Office files (.doc, .xls) and password-protected .docx/.xlsx are OLE compound files. */
export function isOleFile(bytes: Uint8Array): boolean {
  return startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
}

/** A password-protected OOXML file: an OLE file holding an "EncryptedPackage" stream. */
export function oleIsEncrypted(bytes: Uint8Array): boolean {
  const name = Buffer.from('EncryptedPackage', 'utf16le');
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(name);
}

/** Formats that are surely not text, whatever the file is called. */
export function isBinaryFormat(bytes: Uint8Array): boolean {
  return isOleFile(bytes) || startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || latin1(bytes, 0, 8).startsWith('%PDF-') || imageMagic(bytes) !== null;
}
