import { sheetError } from './zip-guard';

/**
 * Text from a .csv/.txt in whatever encoding Excel and friends wrote it: a BOM says
 * UTF-8 or UTF-16; without one, valid UTF-8 is UTF-8 and anything else is taken as
 * GB18030 (a superset of GBK, which Chinese Excel uses for "CSV (逗号分隔)").
 */
export function decodeText(bytes: Uint8Array): string {
  const [a, b, c] = bytes;
  if (a === 0xef && b === 0xbb && c === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (a === 0xff && b === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (a === 0xfe && b === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** Comma unless the first line (outside quotes) has more tabs than commas. */
export function detectDelimiter(text: string): ',' | '\t' {
  let commas = 0;
  let tabs = 0;
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch === ',') commas++;
    else if (!quoted && ch === '\t') tabs++;
  }
  return tabs > commas ? '\t' : ',';
}

/**
 * RFC 4180 records: quoted fields may hold the delimiter, quotes ("") and line breaks;
 * CRLF, LF and lone CR all end a record. A quote that never closes is damage. Stops with
 * 'too-large' past `max.rows` records, `max.columns` fields in one or `max.cells` in all.
 */
export function parseDelimited(text: string, delimiter: string, max: { rows: number; columns: number; cells: number }): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  let cells = 0;
  const endField = () => {
    row.push(field);
    field = '';
    if (row.length > max.columns || ++cells > max.cells) throw sheetError('too-large');
  };
  const endRow = () => {
    endField();
    rows.push(row);
    if (rows.length > max.rows) throw sheetError('too-large');
    row = [];
    field = '';
  };
  while (i < text.length) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field.trim() === '') {
      // A quote opens a field only at its start (spaces before it are dropped, as Excel does).
      field = '';
      quoted = true;
    } else if (ch === delimiter) endField(); else if (ch === '\r' || ch === '\n') {
      endRow();
      if (ch === '\r' && text[i + 1] === '\n') i++;
    } else field += ch;
    i++;
  }
  if (quoted) throw sheetError('damaged');
  if (field !== '' || row.length > 0) endRow();
  return rows;
}
