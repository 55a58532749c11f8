import { z } from 'zod';
import { DOCUMENT_STATUSES } from '../../../shared/domain';
import { legalHoldSchema } from './legal-hold';

/** A document's metadata, sealed under its client's key; the blob's key and size sit in plain columns beside it. */
export const documentRecordSchema = z
  .object({
    name: z.string(),
    category: z.string(),
    periodYear: z.number().int().nullable(),
    periodMonth: z.number().int().nullable(),
    tags: z.array(z.string()),
    notes: z.string(),
    /** SHA-256 of the plaintext file: client data, so only here. */
    sha256: z.string(),
    mime: z.string(),
    status: z.enum(DOCUMENT_STATUSES),
    sample: z.boolean(),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    trashedAt: z.string().nullable(),
    /** A legal hold (会计档案管理办法 第十九条): blocks deletion while it lasts. Absent on records written before holds existed. */
    legalHold: legalHoldSchema.nullable().optional(),
  })
  .strict();

export type DocumentRecord = z.infer<typeof documentRecordSchema>;

/** A document's record with the columns stored beside it. */
export interface DocumentData extends DocumentRecord {
  id: string;
  clientId: string;
  blobId: string;
  size: number;
  keyVersion: number;
  rev: number;
}
