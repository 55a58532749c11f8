/**
 * Clients from a firm's own list (客户清单.xlsx / .csv) and the client list out
 * as .xlsx: types and request schemas shared by main, the preload and the renderer.
 */
import { z } from 'zod';
import type { ErrorCode } from './errors';

/** What a column of the sheet may fill; servicePeriod is one cell holding both dates (2024-01-01至2024-12-31). */
export const CLIENT_IMPORT_FIELDS = [
  'name',
  'creditCode',
  'taxpayerType',
  'contactPerson',
  'phone',
  'address',
  'bankAccount',
  'serviceStart',
  'serviceEnd',
  'servicePeriod',
  'label',
  'notes',
] as const;
export type ClientImportField = (typeof CLIENT_IMPORT_FIELDS)[number];

/** The one field several columns may fill: each adds a line "header：value". */
export const MULTI_COLUMN_FIELD = 'notes' satisfies ClientImportField;

/** Per column of the sheet, the field it fills, or null: the column is ignored. */
export type ClientColumnMapping = (ClientImportField | null)[];

/** What can be wrong with a field of a row (worded by the renderer and the CLI). */
export const CLIENT_ROW_PROBLEMS = ['required', 'too-long', 'credit-code', 'date', 'period', 'taxpayer-type', 'label'] as const;
export type ClientRowProblemCode = (typeof CLIENT_ROW_PROBLEMS)[number];

export interface ClientRowProblem {
  field: ClientImportField;
  problem: ClientRowProblemCode;
}

/** Another client with the row's 统一社会信用代码 or name: one already in the vault, or an earlier row of the file. */
export type ClientDuplicate =
  | { kind: 'existing'; by: 'creditCode' | 'name'; clientId: string; name: string }
  | { kind: 'file'; by: 'creditCode' | 'name'; row: number };

export type ClientRowStatus = 'ready' | 'invalid' | 'duplicate' | 'empty';

/** One data row as checked with a mapping; `row` is its row number in the sheet as Excel shows it. */
export interface ClientRowCheck {
  row: number;
  status: ClientRowStatus;
  name: string;
  creditCode: string | null;
  contactPerson: string | null;
  problems: ClientRowProblem[];
  duplicate: ClientDuplicate | null;
}

export interface ClientImportSheet {
  name: string;
  /** The sheet row holding the column names (1-based), found among the first rows; data rows follow it. */
  headerRow: number;
  header: string[];
  /** Data rows below the header. */
  rows: number;
}

/** A file read for import, before anything is written: what the preview shows. */
export interface ClientImportPreview {
  token: string;
  fileName: string;
  sheets: ClientImportSheet[];
  /** The checked sheet (0 at first). */
  sheet: number;
  mapping: ClientColumnMapping;
  rows: ClientRowCheck[];
}

/** The rows of a sheet checked with a mapping (the preview after a change). */
export interface ClientImportCheck {
  sheet: number;
  mapping: ClientColumnMapping;
  rows: ClientRowCheck[];
}

/** Why a row was skipped: blank, unticked by the person, or unticked because it is a duplicate. */
export type ClientSkipReason = 'empty' | 'chosen' | 'duplicate';

/** One row of an import's report. */
export type ClientImportReportRow =
  | { row: number; status: 'imported'; name: string; clientId: string }
  | { row: number; status: 'skipped'; name: string; reason: ClientSkipReason; duplicate: ClientDuplicate | null }
  | { row: number; status: 'failed'; name: string; reason: 'invalid'; problems: ClientRowProblem[] }
  | { row: number; status: 'failed'; name: string; reason: 'duplicate'; duplicate: ClientDuplicate }
  | { row: number; status: 'failed'; name: string; reason: 'error'; code: ErrorCode };

export interface ClientImportReport {
  fileName: string;
  imported: number;
  skipped: number;
  failed: number;
  rows: ClientImportReportRow[];
}

/** Widest sheet a mapping may describe. */
export const CLIENT_IMPORT_MAX_COLUMNS = 200;

export const clientColumnMappingSchema = z
  .array(z.enum(CLIENT_IMPORT_FIELDS).nullable())
  .max(CLIENT_IMPORT_MAX_COLUMNS)
  .refine((mapping) => {
    const taken = mapping.filter((f): f is ClientImportField => f !== null && f !== MULTI_COLUMN_FIELD);
    return new Set(taken).size === taken.length;
  }, 'a field may take one column (notes several)');

const tokenSchema = z.string().regex(/^[0-9a-f]{32}$/, 'malformed token');
const sheetIndexSchema = z.number().int().min(0).max(100);

export const clientImportCheckSchema = z.object({ token: tokenSchema, sheet: sheetIndexSchema, mapping: clientColumnMappingSchema }).strict();

export const clientImportRunSchema = z
  .object({
    token: tokenSchema,
    sheet: sheetIndexSchema,
    mapping: clientColumnMappingSchema,
    /** Row numbers the person unticked (duplicates come unticked). */
    skip: z.array(z.number().int().min(1).max(1_000_000)).max(100_000).default([]),
  })
  .strict();

export const clientExportSchema = z.object({ reason: z.string().trim().min(1).max(500) }).strict();
