import readXlsxFile from 'read-excel-file/universal';
import { isVaultError } from '../errors';
import { decodeText } from '../../../shared/delimited-text';
import { detectDelimiter, parseDelimited } from './csv';
import { repackXlsx, SHEET_LIMITS, sheetError } from './zip-guard';

/** Every cell as trimmed display text; rows keep their place (row i of the file is rows[i - 1]). */
export interface SheetBook {
  sheets: { name: string; rows: string[][] }[];
}

/** Larger inputs are refused before decoding (an .xlsx is further checked by what it unpacks to). */
export const SHEET_MAX_FILE_BYTES = 50 * 1024 * 1024;

/**
 * Reads a .csv/.txt (comma- or tab-separated, UTF-8/UTF-16/GB18030) or an .xlsx into
 * text cells, for imports. Bad files are INVALID_INPUT with `{what: 'sheet', reason}`,
 * reason one of unsupported, damaged, too-large, empty.
 */
export async function readSheet(bytes: Buffer, fileName: string): Promise<SheetBook> {
  const ext = /\.([^.]+)$/.exec(fileName.toLowerCase())?.[1] ?? '';
  if (bytes.length > SHEET_MAX_FILE_BYTES) throw sheetError('too-large');
  if (bytes.length === 0) throw sheetError('empty');
  let book: SheetBook;
  if (ext === 'csv' || ext === 'txt' || ext === 'tsv') book = readDelimited(bytes, fileName);
  else if (ext === 'xlsx' || ext === 'xlsm') book = await readXlsx(bytes);
  else throw sheetError('unsupported');

  const sheets = book.sheets.map((s) => ({ name: s.name, rows: tidy(s.rows) }));
  const total = sheets.reduce((n, s) => n + s.rows.length, 0);
  if (sheets.some((s) => s.rows.length > SHEET_LIMITS.rowsPerSheet) || total > SHEET_LIMITS.rowsTotal) throw sheetError('too-large');
  if (total === 0) throw sheetError('empty');
  return { sheets };
}

function readDelimited(bytes: Buffer, fileName: string): SheetBook {
  // Excel's "Unicode text" and many a wrong extension: an .xlsx zip or an old .xls is not text.
  if (bytes.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1')) || isOleFile(bytes)) throw sheetError('unsupported');
  const text = decodeText(bytes);
  if (text.includes('\0')) throw sheetError('unsupported');
  // Room for blank lines; the data rows are counted once trailing ones are gone.
  const limits = { rows: 2 * SHEET_LIMITS.rowsPerSheet, columns: SHEET_LIMITS.columns, cells: SHEET_LIMITS.cellsPerSheet };
  const rows = parseDelimited(text, detectDelimiter(text), limits);
  const name = fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '') || 'Sheet1';
  return { sheets: [{ name, rows }] };
}

/** Old .xls and password-protected .xlsx are OLE compound files. */
function isOleFile(bytes: Buffer): boolean {
  return bytes.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
}

async function readXlsx(bytes: Buffer): Promise<SheetBook> {
  if (isOleFile(bytes)) throw sheetError('unsupported');
  if (bytes.length < 22 || bytes.readUInt32LE(0) !== 0x04034b50) throw sheetError('damaged');
  const input = repackXlsx(bytes);
  let sheets: { sheet: string; data: unknown[][] }[];
  try {
    // Numbers come back as the text stored in the file, so long digit strings keep every digit there is.
    sheets = await readXlsxFile(input, { parseNumber: (s: string) => new StoredNumber(s), trim: true });
  } catch (err) {
    if (isVaultError(err)) throw err;
    throw sheetError('damaged', err);
  }
  return { sheets: sheets.map((s) => ({ name: s.sheet, rows: s.data.map((row) => row.map(cellText)) })) };
}

/** A numeric cell's text as the file stores it. */
class StoredNumber {
  constructor(readonly raw: string) {}
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof StoredNumber) return numberText(value.raw);
  if (typeof value === 'number') return numberText(String(value));
  if (value instanceof Date) return dateText(value);
  return String(value);
}

const EXCEL_DIGITS = new Intl.NumberFormat('en-US', { useGrouping: false, maximumSignificantDigits: 15 });

/** Stored number text as Excel shows it: 15 significant digits, never an exponent. */
export function numberText(raw: string): string {
  const text = raw.trim();
  // Plain integers are kept digit for digit: the file may hold more than a double does.
  if (/^-?\d+$/.test(text)) return text.replace(/^(-?)0+(?=\d)/, '$1');
  const n = Number(text);
  return Number.isFinite(n) ? EXCEL_DIGITS.format(n) : text;
}

/** Excel dates are wall-clock values the parser put at UTC. */
function dateText(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const iso = d.toISOString();
  const day = iso.slice(0, 10);
  const time = iso.slice(11, 19);
  if (time === '00:00:00') return day;
  return `${day} ${time.endsWith(':00') ? time.slice(0, 5) : time}`;
}

/** Trimmed cells; trailing empty rows dropped; every row as wide as the widest. */
function tidy(rows: unknown[][]): string[][] {
  const cells = rows.map((row) => row.map((c) => (typeof c === 'string' ? c : cellText(c)).trim()));
  let last = cells.length;
  while (last > 0 && (cells[last - 1] ?? []).every((c) => c === '')) last--;
  const kept = cells.slice(0, last);
  const width = kept.reduce((w, row) => {
    let n = row.length;
    while (n > 0 && row[n - 1] === '') n--;
    return Math.max(w, n);
  }, 0);
  return kept.map((row) => Array.from({ length: width }, (_, i) => row[i] ?? ''));
}
