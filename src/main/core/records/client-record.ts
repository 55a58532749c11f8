import { z } from 'zod';
import { CLIENT_STATUSES, LABELS, TAXPAYER_TYPES } from '../../../shared/domain';
import type { ClientEnding } from '../../../shared/handback';
import { jsonColumn, legalHoldSchema } from './legal-hold';

export const clientEndingSchema = z
  .object({ on: z.string(), at: z.string(), by: z.string(), byName: z.string(), reason: z.string(), handbackId: z.string().nullable() })
  .strict() satisfies z.ZodType<ClientEnding>;

const endingCodec = jsonColumn(clientEndingSchema);

/** The ending as the view stores it (JSON in one column), and back. */
export const endingColumn = endingCodec.toColumn;
export const endingOfColumn = endingCodec.ofColumn;

/** Everything about a client, sealed under its client key (see record-seal.ts). */
export const clientRecordSchema = z
  .object({
    name: z.string(),
    creditCode: z.string().nullable(),
    taxpayerType: z.enum(TAXPAYER_TYPES).nullable(),
    contactPerson: z.string().nullable(),
    phone: z.string().nullable(),
    address: z.string().nullable(),
    bankAccount: z.string().nullable(),
    serviceStart: z.string().nullable(),
    serviceEnd: z.string().nullable(),
    assignedStaff: z.string().nullable(),
    notes: z.string().nullable(),
    label: z.enum(LABELS),
    status: z.enum(CLIENT_STATUSES),
    sample: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
    /** A legal hold on everything of the client: none of its documents is deleted while it lasts. */
    legalHold: legalHoldSchema.nullable().optional(),
    /** 解除委托: when and why the engagement ended (status 'ended'); older records have none. */
    ended: clientEndingSchema.nullable().optional(),
  })
  .strict();

export type ClientRecord = z.infer<typeof clientRecordSchema>;

/** A client's record with its id and the key version it is sealed under. */
export interface ClientData extends ClientRecord {
  id: string;
  keyVersion: number;
  rev: number;
}
