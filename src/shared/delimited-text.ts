/**
 * Text files as Chinese offices write them, read the same way by main (sheet
 * imports) and the renderer (the preview): the encoding, and RFC 4180 records.
 */

/**
 * A BOM says UTF-8 or UTF-16; without one, valid UTF-8 is UTF-8 and anything else is taken as
 * GB18030 (a superset of GBK, which older Excel and tax software write for "CSV (逗号分隔)").
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

export interface DelimitedLimits {
  rows: number;
  columns: number;
  cells: number;
}

export interface Delimited {
  /** Every record read, blank lines included (as ['']), up to the limit that stopped the reading. */
  rows: string[][];
  /** The limit reached first (reading stopped there), or null when the whole text was read. */
  stopped: keyof DelimitedLimits | null;
  /** The text ended inside a quoted field (its rest became that field). */
  unclosedQuote: boolean;
}

/**
 * RFC 4180 records: quoted fields may hold the delimiter, quotes ("") and line breaks; CRLF, LF
 * and lone CR all end a record. A quote opens a field only at its start (blanks before it are
 * dropped, as Excel does); elsewhere it is an ordinary character.
 */
export function readDelimited(text: string, delimiter: string, limits: DelimitedLimits): Delimited {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let cells = 0;
  let stopped: Delimited['stopped'] = null;
  const endField = (): boolean => {
    row.push(field);
    field = '';
    if (row.length > limits.columns) stopped = 'columns';
    else if (++cells > limits.cells) stopped = 'cells';
    return stopped === null;
  };
  const endRow = (): boolean => {
    if (!endField()) return false;
    if (rows.length >= limits.rows) {
      stopped = 'rows';
      return false;
    }
    rows.push(row);
    row = [];
    return true;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch !== '"') field += ch;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (ch === '"' && field.trim() === '') {
      field = '';
      quoted = true;
    } else if (ch === delimiter) {
      if (!endField()) break;
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      if (!endRow()) break;
    } else field += ch;
  }
  if (stopped === null && (field !== '' || row.length > 0 || quoted)) endRow();
  return { rows, stopped, unclosedQuote: stopped === null && quoted };
}
