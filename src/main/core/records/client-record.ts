import { z } from 'zod';
import { CLIENT_STATUSES, LABELS, TAXPAYER_TYPES } from '../../../shared/domain';
import { legalHoldSchema } from './legal-hold';

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
  })
  .strict();

export type ClientRecord = z.infer<typeof clientRecordSchema>;

/** A client's record with its id and the key version it is sealed under. */
export interface ClientData extends ClientRecord {
  id: string;
  keyVersion: number;
  rev: number;
}
