import { z } from 'zod';

/** Text longer than this is cut (and marked truncated): about 1 MiB of Chinese. */
export const TEXT_RECORD_MAX_CHARS = 400_000;

/** The version of the extraction that wrote a record: a later version re-runs what an earlier one could not read. */
export const EXTRACTOR_VERSION = 1;

/**
 * What was read from inside a document (a PDF's text layer, a .docx, a sheet's
 * cells, OCR of a scan): client data like the document itself, so sealed under
 * the client's key as its own record (kind 'text', the document's id), read
 * only to build the owner's view and its search index.
 */
export const textRecordSchema = z
  .object({
    status: z.enum(['ok', 'empty', 'needs-ocr', 'failed', 'unsupported']),
    /** The file could not be read as its type (truncated, broken): shown as 可能已损坏. */
    damaged: z.boolean(),
    reason: z.string().nullable(),
    method: z.enum(['layer', 'ocr', 'none']),
    text: z.string(),
    truncated: z.boolean(),
    pages: z.number().int().nullable(),
    extractor: z.number().int(),
    extractedAt: z.string(),
  })
  .strict();

export type TextRecord = z.infer<typeof textRecordSchema>;

export interface TextData extends TextRecord {
  /** The document's id. */
  id: string;
  clientId: string;
  keyVersion: number;
  rev: number;
}
