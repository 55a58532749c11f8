/**
 * Text of spreadsheets and plain text: an .xlsx through the import's own reader (readSheet,
 * with its zip-bomb and size limits), every sheet under its name, a row a line, cells
 * tab-separated; a .csv/.txt decoded as Chinese offices write them (UTF-8, UTF-16 with a BOM,
 * else GB18030), a CSV's records laid out the same way.
 */
import { isVaultError } from '../errors';
import { readSheet } from '../sheets/read-sheet';
import { detectDelimiter } from '../sheets/csv';
import { decodeText, readDelimited } from '../../../shared/delimited-text';
import { damagedFile, failed, TextBudget, textResult, type ExtractLimits, type ExtractResult } from './extract-types';
import { isBinaryFormat, isOleFile, oleIsEncrypted } from './sniff';

export async function readXlsxText(bytes: Buffer, limits: ExtractLimits): Promise<ExtractResult> {
  let book: Awaited<ReturnType<typeof readSheet>>;
  try {
    book = await readSheet(bytes, 'book.xlsx');
  } catch (err) {
    if (!isVaultError(err)) return damagedFile();
    switch (err.values.reason) {
      case 'empty':
        return textResult('');
      case 'too-large':
        return failed('too-large');
      case 'unsupported':
        // An old .xls or a password-protected workbook (both OLE files), or a part it cannot read.
        return failed(isOleFile(bytes) && oleIsEncrypted(bytes) ? 'encrypted' : 'unsupported');
      default:
        return damagedFile();
    }
  }
  const budget = new TextBudget(limits.maxTextChars);
  for (const sheet of book.sheets) {
    if (!budget.add(`${sheet.name}\n`)) break;
    for (const row of sheet.rows) {
      const line = cellsLine(row);
      if (line !== '' && !budget.add(`${line}\n`)) break;
    }
    budget.add('\n');
  }
  return textResult(budget.text(), { truncated: budget.truncated });
}

/** Cells tab-separated, trailing empty ones dropped; tabs and breaks inside a cell become spaces. */
function cellsLine(cells: readonly string[]): string {
  let n = cells.length;
  while (n > 0 && (cells[n - 1] ?? '').trim() === '') n--;
  return cells
    .slice(0, n)
    .map((c) => c.replace(/[\t\r\n]+/g, ' ').trim())
    .join('\t');
}

/** A .csv/.tsv (records laid out as lines of tab-separated cells) or a .txt (as it is). */
export function readPlainText(bytes: Buffer, kind: 'csv' | 'txt', limits: ExtractLimits): ExtractResult {
  // A zip, PDF, image or old Office file called .csv or .txt cannot be read as text.
  if (isBinaryFormat(bytes)) return damagedFile();
  const head = textHead(bytes, limits.maxTextChars);
  const text = decodeText(head);
  if (text.includes('\0')) return damagedFile();
  const cut = head.length < bytes.length;
  const budget = new TextBudget(limits.maxTextChars);
  if (kind === 'txt') budget.add(text);
  else {
    const unlimited = { rows: Number.MAX_SAFE_INTEGER, columns: Number.MAX_SAFE_INTEGER, cells: Number.MAX_SAFE_INTEGER };
    for (const row of readDelimited(text, detectDelimiter(text), unlimited).rows) {
      const line = cellsLine(row);
      if (line !== '' && !budget.add(`${line}\n`)) break;
    }
  }
  return textResult(budget.text(), { truncated: cut || budget.truncated });
}

/**
 * As many leading bytes as can hold `maxChars` characters in any of the encodings read (four
 * bytes each at most), cut where no character is split: UTF-8 never mid-sequence (a split one
 * would make valid UTF-8 look like GB18030), UTF-16 at an even length.
 */
function textHead(bytes: Buffer, maxChars: number): Buffer {
  const max = maxChars * 4 + 4;
  if (bytes.length <= max) return bytes;
  let end = max;
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) end -= end % 2;
  else while (end > max - 4 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end);
}
