/**
 * An .xlsx as the preview draws it: each visible sheet's cells as Excel displays them (shared
 * and inline strings, numbers and dates under their number formats, booleans, errors, and for
 * formulas the result Excel stored with them — nothing is recalculated), merged ranges and
 * column widths. A sheet shows at most XLSX_PREVIEW_LIMITS.rows rows and .columns columns and
 * says when it holds more.
 */
import type { SheetMerge, SheetModel, XlsxModel } from '../../../shared/office-preview';
import { builtInFormat, formatNumberCell } from './cell-format';
import { OoxmlPackage, PreviewRefusal } from './ooxml-package';
import { scanXml } from './xml-scan';

export const XLSX_PREVIEW_LIMITS = Object.freeze({
  rows: 10_000,
  columns: 256,
  /** Cells kept over the whole workbook. */
  cells: 1_000_000,
  sheets: 200,
  /** Excel's own limit on a cell's text. */
  cellChars: 32_767,
});

/** Excel's default column width (8.43 characters) in pixels, and the bounds a width is kept within. */
const DEFAULT_WIDTH = 72;

interface Styles {
  /** Per cell style (the cell's s attribute): its number format code. */
  formats: (string | undefined)[];
}

export function buildXlsxModel(bytes: Buffer): XlsxModel {
  const pkg = new OoxmlPackage(bytes);
  const book = pkg.officeDocument('xl/workbook.xml');
  const xml = pkg.text(book);
  if (xml === null) throw new PreviewRefusal('damaged');
  const rels = pkg.relationships(book);
  const partOf = (type: string) => [...rels.values()].find((r) => r.type.endsWith(`/${type}`))?.target ?? null;

  const listed: { name: string; relId: string }[] = [];
  let date1904 = false;
  scanXml(xml, {
    open: (name, attrs) => {
      if (name === 'workbookPr') date1904 = attrs['date1904'] === '1' || attrs['date1904'] === 'true';
      // Hidden sheets stay hidden, as in Excel.
      if (name === 'sheet' && attrs['name'] !== undefined && attrs['state'] !== 'hidden' && attrs['state'] !== 'veryHidden') {
        listed.push({ name: attrs['name'], relId: attrs['id'] ?? '' });
      }
    },
    close: () => undefined,
    text: () => undefined,
    wantsText: () => false,
  });

  const stringsPart = partOf('sharedStrings');
  const stylesPart = partOf('styles');
  const shared = stringsPart ? readSharedStrings(pkg.text(stringsPart)) : [];
  const styles = readStyles(stylesPart ? pkg.text(stylesPart) : null);
  const budget = { cells: XLSX_PREVIEW_LIMITS.cells };
  const sheets: SheetModel[] = [];
  for (const { name, relId } of listed.slice(0, XLSX_PREVIEW_LIMITS.sheets)) {
    const target = rels.get(relId)?.target;
    // Chart sheets and dialog sheets have no cells.
    if (!target || !/\/worksheet$/.test(rels.get(relId)?.type ?? '')) continue;
    const sheetXml = pkg.text(target);
    if (sheetXml === null) continue;
    sheets.push(readSheet(name, sheetXml, shared, styles, date1904, budget));
  }
  if (listed.length > 0 && sheets.length === 0 && listed.every((s) => !rels.has(s.relId))) throw new PreviewRefusal('damaged');
  return { kind: 'xlsx', sheets, maxRows: XLSX_PREVIEW_LIMITS.rows };
}

/** Each <si>'s text: its runs joined, phonetic guides (rPh) left out. */
function readSharedStrings(xml: string | null): string[] {
  const strings: string[] = [];
  if (xml === null) return strings;
  let current: string[] | null = null;
  let inText = false;
  let phonetic = 0;
  scanXml(xml, {
    open: (name, _attrs, selfClosing) => {
      if (name === 'si') current = selfClosing ? (strings.push(''), null) : [];
      else if (name === 'rPh' && !selfClosing) phonetic++;
      else if (name === 't' && !selfClosing) inText = true;
    },
    close: (name) => {
      if (name === 't') inText = false;
      else if (name === 'rPh') phonetic = Math.max(0, phonetic - 1);
      else if (name === 'si' && current) {
        strings.push(current.join('').slice(0, XLSX_PREVIEW_LIMITS.cellChars));
        current = null;
      }
    },
    text: (text) => {
      current?.push(text);
    },
    wantsText: () => inText && phonetic === 0 && current !== null,
  });
  return strings;
}

function readStyles(xml: string | null): Styles {
  const formats: (string | undefined)[] = [];
  if (xml === null) return { formats };
  const custom = new Map<number, string>();
  let inCellXfs = false;
  scanXml(xml, {
    open: (name, attrs, selfClosing) => {
      if (name === 'numFmt') custom.set(Number(attrs['numFmtId']), attrs['formatCode'] ?? '');
      else if (name === 'cellXfs') inCellXfs = !selfClosing;
      else if (name === 'xf' && inCellXfs) {
        const id = Number(attrs['numFmtId'] ?? '0');
        formats.push(custom.get(id) ?? builtInFormat(id));
      }
    },
    close: (name) => {
      if (name === 'cellXfs') inCellXfs = false;
    },
    text: () => undefined,
    wantsText: () => false,
  });
  return { formats };
}

/** "AB12" → { row: 11, col: 27 } (0-based); null when it is not a cell address. */
export function cellAddress(ref: string): { row: number; col: number } | null {
  const m = /^\$?([A-Z]{1,3})\$?(\d{1,7})$/i.exec(ref.trim());
  if (!m) return null;
  let col = 0;
  for (const ch of (m[1] ?? '').toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]) - 1, col: col - 1 };
}

function readSheet(name: string, xml: string, shared: string[], styles: Styles, date1904: boolean, budget: { cells: number }): SheetModel {
  const { rows: maxRows, columns: maxColumns } = XLSX_PREVIEW_LIMITS;
  const rows: string[][] = [];
  const merges: SheetMerge[] = [];
  const widthOf = new Map<number, number>();
  let truncatedRows = false;
  let truncatedColumns = false;
  let row = -1;
  let col = -1;
  let cell: { type: string; style: number; value: string[]; inValue: boolean; phonetic: number } | null = null;

  const finishCell = () => {
    if (!cell) return;
    const raw = cell.value.join('');
    const text = displayText(raw, cell.type, cell.style, shared, styles, date1904);
    cell = null;
    if (text === '') return;
    if (row >= maxRows || budget.cells <= 0) truncatedRows = true;
    else if (col >= maxColumns) truncatedColumns = true;
    else {
      budget.cells--;
      const cells = (rows[row] ??= []);
      cells[col] = text.length > XLSX_PREVIEW_LIMITS.cellChars ? text.slice(0, XLSX_PREVIEW_LIMITS.cellChars) : text;
    }
  };

  scanXml(xml, {
    open: (tag, attrs, selfClosing) => {
      switch (tag) {
        case 'row': {
          const r = Number.parseInt(attrs['r'] ?? '', 10);
          row = Number.isFinite(r) && r > 0 ? r - 1 : row + 1;
          col = -1;
          return;
        }
        case 'c': {
          const at = cellAddress(attrs['r'] ?? '');
          if (at) {
            row = at.row;
            col = at.col;
          } else col++;
          if (!selfClosing) cell = { type: attrs['t'] ?? 'n', style: Number(attrs['s'] ?? '0') || 0, value: [], inValue: false, phonetic: 0 };
          return;
        }
        case 'v':
        case 't':
          if (cell && !selfClosing) cell.inValue = true;
          return;
        case 'rPh':
          if (cell && !selfClosing) cell.phonetic++;
          return;
        case 'mergeCell': {
          const merge = mergeOf(attrs['ref'] ?? '');
          if (merge && merge.row < maxRows && merge.col < maxColumns) {
            merges.push({ ...merge, rows: Math.min(merge.rows, maxRows - merge.row), cols: Math.min(merge.cols, maxColumns - merge.col) });
          }
          return;
        }
        case 'col': {
          const min = Number(attrs['min']);
          const max = Math.min(Number(attrs['max']), maxColumns);
          const width = Number(attrs['width']);
          if (!(min >= 1) || !(max >= min) || !Number.isFinite(width)) return;
          const px = attrs['hidden'] === '1' || attrs['hidden'] === 'true' ? 0 : Math.round(Math.min(Math.max(width * 7 + 5, 24), 600));
          for (let c = min; c <= max; c++) widthOf.set(c - 1, px);
          return;
        }
        default:
          return;
      }
    },
    close: (tag) => {
      if (!cell) return;
      if (tag === 'v' || tag === 't') cell.inValue = false;
      else if (tag === 'rPh') cell.phonetic = Math.max(0, cell.phonetic - 1);
      else if (tag === 'c') finishCell();
    },
    text: (text) => {
      cell?.value.push(text);
    },
    wantsText: () => cell !== null && cell.inValue && cell.phonetic === 0,
  });

  const columns = rows.reduce((w, r) => Math.max(w, r.length), 0);
  const dense = Array.from({ length: rows.length }, (_, r) => Array.from({ length: columns }, (_, c) => rows[r]?.[c] ?? ''));
  const shownMerges = merges.filter((m) => m.row < dense.length && m.col < columns && (m.rows > 1 || m.cols > 1));
  const widths = Array.from({ length: columns }, (_, c) => widthOf.get(c) ?? DEFAULT_WIDTH);
  return { name, rows: dense, columns, widths, merges: shownMerges, truncatedRows, truncatedColumns };
}

function mergeOf(ref: string): SheetMerge | null {
  const [from = '', to = from] = ref.split(':');
  const a = cellAddress(from);
  const b = cellAddress(to);
  if (!a || !b || b.row < a.row || b.col < a.col) return null;
  return { row: a.row, col: a.col, rows: b.row - a.row + 1, cols: b.col - a.col + 1 };
}

function displayText(raw: string, type: string, style: number, shared: string[], styles: Styles, date1904: boolean): string {
  switch (type) {
    case 's':
      return shared[Number.parseInt(raw, 10)] ?? '';
    case 'b':
      return raw.trim() === '1' ? 'TRUE' : raw.trim() === '0' ? 'FALSE' : raw;
    case 'str':
    case 'inlineStr':
    case 'e':
    case 'd':
      return raw;
    default:
      return raw.trim() === '' ? '' : formatNumberCell(raw.trim(), styles.formats[style], date1904);
  }
}
