/**
 * Work on many documents at once (批量): the request schemas, the caps and
 * what comes back. Every document in a batch is checked, changed and audited
 * as the single action would; a document that fails is reported, never skipped.
 */
import { z } from 'zod';
import type { ErrorData } from './errors';

/** The most documents one batch takes (a selection bar offers at most this). */
export const MAX_BULK_DOCUMENTS = 500;
/**
 * The most plaintext one archive takes: below the 4 GiB a .zip holds without
 * ZIP64, leaving room for headers and deflate's few bytes per block.
 */
export const MAX_BULK_EXPORT_BYTES = 4 * 1024 ** 3 - 64 * 1024 ** 2;
/** The contract's bound on a request (the service refuses above MAX_BULK_DOCUMENTS with a translated error). */
const MAX_REQUEST_ITEMS = 10_000;

const id = z.string().regex(/^[0-9a-f]{32}$/, 'malformed id');

/** A document as the page saw it: its revision lets main refuse one changed meanwhile. */
export const bulkItemSchema = z.object({ id, rev: z.number().int().min(0) }).strict();
export type BulkItem = z.output<typeof bulkItemSchema>;

const itemsSchema = z.array(bulkItemSchema).min(1).max(MAX_REQUEST_ITEMS);
const tagSchema = z.string().trim().min(1).max(30);

/** 批量修改: only what is given changes; tags are added and removed, never replaced. */
export const bulkChangeSchema = z
  .object({
    category: z.string().trim().max(50).optional(),
    period: z
      .object({
        year: z.number().int().min(1990).max(2200).nullable(),
        month: z.number().int().min(1).max(12).nullable(),
      })
      .strict()
      .refine((p) => p.year !== null || p.month === null, 'a month needs a year')
      .optional(),
    addTags: z.array(tagSchema).max(20).default([]),
    removeTags: z.array(tagSchema).max(100).default([]),
  })
  .strict()
  .refine((c) => c.category !== undefined || c.period !== undefined || c.addTags.length > 0 || c.removeTags.length > 0, 'nothing to change');
export type BulkChange = z.output<typeof bulkChangeSchema>;
/** A change as the page sends it (defaults may be left out). */
export type BulkChangeInput = z.input<typeof bulkChangeSchema>;

export const bulkUpdateRequestSchema = z.object({ items: itemsSchema, change: bulkChangeSchema }).strict();
export const bulkItemsRequestSchema = z.object({ items: itemsSchema }).strict();
export const bulkExportRequestSchema = z
  .object({ ids: z.array(id).min(1).max(MAX_REQUEST_ITEMS), reason: z.string().trim().max(500).default('') })
  .strict();

/** One document the batch could not do, and why (shown by its code in the person's language). */
export interface BulkFailure {
  id: string;
  /** Its name, where the session may still see it. */
  name: string | null;
  error: ErrorData;
}

export interface BulkOutcome {
  /** Recorded in every document's audit event of this batch. */
  batchId: string;
  /** Changed (and audited), in the order given. */
  done: string[];
  /** Already as asked: nothing written, nothing recorded. */
  unchanged: string[];
  failed: BulkFailure[];
}

export type BulkExportResult =
  | { cancelled: true }
  | { cancelled: false; batchId: string; path: string; size: number; exported: number; failed: BulkFailure[] };
