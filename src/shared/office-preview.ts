/**
 * What main hands the renderer to draw a Word (.docx) or Excel (.xlsx) file: a small,
 * size-capped model built from the file in a worker thread (src/main/core/preview/), never
 * HTML. The renderer draws it with React elements, so the file's text is always escaped
 * text and nothing in it can load a resource. Pure types.
 */

/** A run of text with the formatting the preview keeps. */
export interface DocRun {
  text: string;
  bold?: true;
  italic?: true;
  underline?: true;
  strike?: true;
}

/** An embedded picture: an index into DocxModel.images. */
export interface DocImageRef {
  image: number;
}

export type DocInline = DocRun | DocImageRef;

export interface DocParagraph {
  type: 'p';
  /** Heading level 1–6 (from the paragraph's style), or absent for body text. */
  heading?: number;
  /** A list item: its nesting level (0 = top) and its marker as Word would number it ("1.", "（一）", "•"). */
  list?: { level: number; marker: string };
  align?: 'center' | 'right' | 'justify';
  inlines: DocInline[];
}

export interface DocCell {
  blocks: DocBlock[];
  colSpan?: number;
  rowSpan?: number;
}

export interface DocTable {
  type: 'table';
  rows: DocCell[][];
}

export type DocBlock = DocParagraph | DocTable;

export interface DocxModel {
  kind: 'docx';
  blocks: DocBlock[];
  /** Small pictures of a known image type, as data: URLs (checked by their bytes, not their names). */
  images: { src: string; alt: string }[];
  /** More was in the file than the preview shows (text, blocks or pictures were capped). */
  truncated: boolean;
}

/** A merged range, 0-based, within the rows and columns shown. */
export interface SheetMerge {
  row: number;
  col: number;
  rows: number;
  cols: number;
}

export interface SheetModel {
  name: string;
  /** Cell display texts (numbers and dates formatted, formulas as their cached results), rows as wide as `columns`. */
  rows: string[][];
  columns: number;
  /** Column widths in CSS pixels, from the sheet's own widths. */
  widths: number[];
  merges: SheetMerge[];
  /** Rows (or columns) with values beyond the ones shown. */
  truncatedRows: boolean;
  truncatedColumns: boolean;
}

export interface XlsxModel {
  kind: 'xlsx';
  sheets: SheetModel[];
  /** The most rows a sheet shows: the note says "仅显示前 N 行". */
  maxRows: number;
}

export type OfficeFailureReason = 'damaged' | 'encrypted' | 'too-large' | 'zip-bomb' | 'unsupported' | 'timeout' | 'memory';

export interface OfficeFailure {
  kind: 'failed';
  reason: OfficeFailureReason;
}

export type OfficeModel = DocxModel | XlsxModel | OfficeFailure;
