import { crc32, inflateRawSync } from 'node:zlib';
import { VaultError } from '../errors';

/** What an .xlsx may unpack to and hold before anything parses it. */
export const SHEET_LIMITS = Object.freeze({
  /** Uncompressed XML of the whole workbook. */
  xmlBytes: 100 * 1024 * 1024,
  entries: 10_000,
  rowsPerSheet: 20_000,
  rowsTotal: 50_000,
  columns: 1_000,
  /** Rows × columns of one sheet: the parser fills the gaps in between with empty cells. */
  cellsPerSheet: 5_000_000,
});

export function sheetError(reason: 'unsupported' | 'damaged' | 'too-large' | 'empty', cause?: unknown): VaultError {
  return new VaultError('INVALID_INPUT', { what: 'sheet', reason }, cause === undefined ? undefined : { cause });
}

/**
 * Checks an .xlsx zip and re-packs its XML parts, stored, for the parser. The parser
 * (fflate under read-excel-file) allocates what the central directory declares and fills
 * in every row and column up to the highest cell address, so a small file could ask for
 * gigabytes. Here each XML entry is inflated with its declared size as a hard limit (a
 * lying size is damage), the sizes are capped in total, and each sheet's extent is read
 * from its cell addresses. The parser then gets exactly these bytes, stored: nothing
 * left for it to inflate, so no second pass and none of fflate's eval'd inflate workers.
 */
export function repackXlsx(bytes: Buffer): ArrayBuffer {
  let declared = 0;
  let rowsTotal = 0;
  const parts: { name: Buffer; data: Buffer }[] = [];
  for (const entry of zipEntries(bytes, SHEET_LIMITS.entries, sheetZipError)) {
    const lower = entry.name.toLowerCase();
    // The parser reads only these; images and printer settings stay packed.
    if (!lower.endsWith('.xml') && !lower.endsWith('.rels')) continue;
    if (entry.flags & 1) throw sheetError('unsupported');
    declared += entry.size;
    if (declared > SHEET_LIMITS.xmlBytes) throw sheetError('too-large');
    const xml = inflateZipEntry(bytes, entry, sheetZipError);
    if (/^xl\/worksheets\/[^/]+\.xml$/.test(lower)) {
      const { rows, columns } = sheetExtent(xml);
      if (rows > SHEET_LIMITS.rowsPerSheet || columns > SHEET_LIMITS.columns || rows * columns > SHEET_LIMITS.cellsPerSheet) throw sheetError('too-large');
      rowsTotal += rows;
      if (rowsTotal > SHEET_LIMITS.rowsTotal) throw sheetError('too-large');
    }
    parts.push({ name: entry.rawName, data: xml });
  }
  return storedZip(parts);
}

/** For sheets, more than an entry declared is damage like any other. */
function sheetZipError(reason: ZipProblem, cause?: unknown): Error {
  return sheetError(reason === 'zip-bomb' ? 'damaged' : reason, cause);
}

/** Why a zip was refused: `zip-bomb` is an entry that inflates to more than it declared. */
export type ZipProblem = 'damaged' | 'too-large' | 'unsupported' | 'zip-bomb';

/** The default error of zipEntries/inflateZipEntry; callers may make their own (sheets make VaultErrors). */
export class ZipGuardError extends Error {
  constructor(
    readonly reason: ZipProblem,
    cause?: unknown,
  ) {
    super(`zip: ${reason}`, cause === undefined ? undefined : { cause });
    this.name = 'ZipGuardError';
  }
}

const zipGuardError = (reason: ZipProblem, cause?: unknown): Error => new ZipGuardError(reason, cause);

/** One entry of a zip's central directory, as declared there (nothing is inflated yet). */
export interface ZipEntryInfo {
  name: string;
  rawName: Buffer;
  flags: number;
  method: number;
  packedSize: number;
  /** The uncompressed size it declares: inflateZipEntry holds it to exactly that. */
  size: number;
  /** Offset of its local header. */
  local: number;
}

/**
 * The entries of a zip's central directory, read one at a time (a caller may stop, or throw,
 * before the rest is looked at). No zip64, at most `maxEntries` entries.
 */
export function* zipEntries(bytes: Buffer, maxEntries: number, fail: (reason: ZipProblem, cause?: unknown) => Error = zipGuardError): Generator<ZipEntryInfo> {
  const end = findEndOfDirectory(bytes, fail);
  const count = bytes.readUInt16LE(end + 10);
  const dirSize = bytes.readUInt32LE(end + 12);
  const dirOffset = bytes.readUInt32LE(end + 16);
  // Zip64: no office file we would read needs it.
  if (count === 0xffff || dirSize === 0xffffffff || dirOffset === 0xffffffff) throw fail('too-large');
  if (count > maxEntries) throw fail('too-large');
  if (count === 0) throw fail('damaged');
  if (dirOffset + dirSize > end) throw fail('damaged');

  let at = dirOffset;
  for (let n = 0; n < count; n++) {
    if (at + 46 > end || bytes.readUInt32LE(at) !== 0x02014b50) throw fail('damaged');
    const nameLength = bytes.readUInt16LE(at + 28);
    const skip = nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
    const rawName = bytes.subarray(at + 46, at + 46 + nameLength);
    const entry: ZipEntryInfo = {
      name: rawName.toString('utf8'),
      rawName,
      flags: bytes.readUInt16LE(at + 8),
      method: bytes.readUInt16LE(at + 10),
      packedSize: bytes.readUInt32LE(at + 20),
      size: bytes.readUInt32LE(at + 24),
      local: bytes.readUInt32LE(at + 42),
    };
    at += 46 + skip;
    yield entry;
  }
}

/** A zip of `parts`, every one stored (method 0), with UTF-8 names. */
function storedZip(parts: { name: Buffer; data: Buffer }[]): ArrayBuffer {
  const size = parts.reduce((n, p) => n + 30 + 46 + 2 * p.name.length + p.data.length, 22);
  if (size > 0xffffffff) throw sheetError('too-large');
  // Its own ArrayBuffer, exactly the zip: what the parser takes.
  const out = Buffer.from(new ArrayBuffer(size));
  let at = 0;
  const directory: { part: (typeof parts)[number]; offset: number; crc: number }[] = [];
  for (const part of parts) {
    const crc = crc32(part.data);
    directory.push({ part, offset: at, crc });
    out.writeUInt32LE(0x04034b50, at);
    out.writeUInt16LE(20, at + 4);
    out.writeUInt16LE(0x0800, at + 6);
    out.writeUInt16LE(0, at + 8);
    out.writeUInt32LE(0, at + 10);
    out.writeUInt32LE(crc, at + 14);
    out.writeUInt32LE(part.data.length, at + 18);
    out.writeUInt32LE(part.data.length, at + 22);
    out.writeUInt16LE(part.name.length, at + 26);
    out.writeUInt16LE(0, at + 28);
    at += 30 + part.name.copy(out, at + 30);
    at += part.data.copy(out, at);
  }
  const dirStart = at;
  for (const { part, offset, crc } of directory) {
    out.writeUInt32LE(0x02014b50, at);
    out.writeUInt16LE(20, at + 4);
    out.writeUInt16LE(20, at + 6);
    out.writeUInt16LE(0x0800, at + 8);
    out.writeUInt32LE(crc, at + 16);
    out.writeUInt32LE(part.data.length, at + 20);
    out.writeUInt32LE(part.data.length, at + 24);
    out.writeUInt16LE(part.name.length, at + 28);
    out.writeUInt32LE(offset, at + 42);
    at += 46 + part.name.copy(out, at + 46);
  }
  out.writeUInt32LE(0x06054b50, at);
  out.writeUInt16LE(parts.length, at + 8);
  out.writeUInt16LE(parts.length, at + 10);
  out.writeUInt32LE(at - dirStart, at + 12);
  out.writeUInt32LE(dirStart, at + 16);
  return out.buffer as ArrayBuffer;
}

function findEndOfDirectory(bytes: Buffer, fail: (reason: ZipProblem) => Error): number {
  // The end record is 22 bytes plus a comment of up to 65,535.
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (bytes.readUInt32LE(at) === 0x06054b50) return at;
  }
  throw fail('damaged');
}

/**
 * An entry's bytes, inflated with its declared size as a hard limit: more is a zip bomb (or a
 * lying header), less or not deflate at all is damage. Stored and deflated entries only.
 */
export function inflateZipEntry(bytes: Buffer, entry: ZipEntryInfo, fail: (reason: ZipProblem, cause?: unknown) => Error = zipGuardError): Buffer {
  const { local, method, packedSize, size } = entry;
  if (local + 30 > bytes.length || bytes.readUInt32LE(local) !== 0x04034b50) throw fail('damaged');
  const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
  if (start + packedSize > bytes.length) throw fail('damaged');
  const packed = bytes.subarray(start, start + packedSize);
  let out: Buffer;
  if (method === 0) out = packed;
  else if (method === 8) {
    try {
      out = inflateRawSync(packed, { maxOutputLength: Math.max(size, 1) });
    } catch (err) {
      // More than it declared is a bomb (or an attack on the limit); anything else is damage.
      throw fail((err as NodeJS.ErrnoException | null)?.code === 'ERR_BUFFER_TOO_LARGE' ? 'zip-bomb' : 'damaged', err);
    }
  } else throw fail('unsupported');
  if (out.length !== size) throw fail('damaged');
  return out;
}

/** Excel's own limit: the parser fills in empty rows up to any `r`, so a larger one is an attack. */
const MAX_ROW_NUMBER = 1_048_576;

/** The last row and column that hold a value, from the cells' `r` addresses. */
function sheetExtent(xml: Buffer): { rows: number; columns: number } {
  const text = xml.toString('latin1');
  const rowRe = /<(?:\w+:)?row\b([^>]*)>/g;
  let rowElements = 0;
  for (let m = rowRe.exec(text); m; m = rowRe.exec(text)) {
    const r = /\sr="(\d+)"/.exec(m[1] ?? '');
    if (++rowElements > MAX_ROW_NUMBER || (r && Number(r[1]) > MAX_ROW_NUMBER)) throw sheetError('damaged');
  }
  let rows = 0;
  let columns = 0;
  const cellRe = /<(?:\w+:)?c\b[^>]*?\sr="([A-Z]{1,3})(\d+)"[^>]*?(\/?)>/g;
  for (let m = cellRe.exec(text); m; m = cellRe.exec(text)) {
    const row = Number(m[2]);
    if (row > MAX_ROW_NUMBER) throw sheetError('damaged');
    // A self-closing <c …/> is an empty, styled cell: the parser does not count it.
    if (m[3] === '/') continue;
    let column = 0;
    for (const ch of m[1] ?? '') column = column * 26 + (ch.charCodeAt(0) - 64);
    rows = Math.max(rows, row);
    columns = Math.max(columns, column);
  }
  return { rows, columns };
}
