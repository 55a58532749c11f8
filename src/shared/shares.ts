/**
 * 对外分享: a chosen set of one client's documents handed to an outside party
 * (a tax office, an auditing firm, the client) as one encrypted package, with
 * whom it is for, why and until when written in, and the share register that
 * keeps a record of each package. Schemas for the IPC contract and the types
 * the register's entries and a share's result take.
 */
import { z } from 'zod';
import { MAX_BULK_DOCUMENTS } from './bulk';

const id = z.string().regex(/^[0-9a-f]{32}$/, 'malformed id');
/** A calendar date, YYYY-MM-DD. */
export const shareDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
/** An age X25519 recipient (age1…), as age-keygen prints it. */
export const ageRecipientSchema = z.string().trim().regex(/^age1[02-9ac-hj-np-z]{58}$/, 'age1…');

export const SHARE_RECIPIENT_MAX = 100;
export const SHARE_PURPOSE_MAX = 500;

export const shareEncryptionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('passphrase') }).strict(),
  z.object({ kind: z.literal('recipient'), recipient: ageRecipientSchema }).strict(),
]);
export type ShareEncryption = z.output<typeof shareEncryptionSchema>;

export const shareCreateSchema = z
  .object({
    clientId: id,
    documentIds: z.array(id).min(1).max(MAX_BULK_DOCUMENTS),
    recipient: z.string().trim().min(1).max(SHARE_RECIPIENT_MAX),
    purpose: z.string().trim().min(1).max(SHARE_PURPOSE_MAX),
    until: shareDateSchema,
    encryption: shareEncryptionSchema,
  })
  .strict();
export type ShareCreateRequest = z.output<typeof shareCreateSchema>;

export const shareListSchema = z.object({ clientId: id }).strict();

/** One file in a package, as its index lists it. */
export interface ShareFile {
  documentId: string;
  /** The file's name inside the package (files/…). */
  name: string;
  size: number;
  /** SHA-256 (hex) of the file as it is in the package (after the watermark). */
  sha256: string;
  /** SHA-256 (hex) of the document as the vault holds it. */
  originalSha256: string;
  /** Whether a visible watermark was stamped on it (PDFs and PNG/JPEG images only). */
  watermarked: boolean;
}

/** One entry of the share register. */
export interface ShareEntry {
  id: string;
  clientId: string;
  createdAt: string;
  createdBy: { id: string; name: string };
  recipient: string;
  purpose: string;
  /** The expiry written into the package (YYYY-MM-DD): shown, not enforced (see docs/SECURITY.md). */
  until: string;
  encryption: 'passphrase' | 'recipient';
  /** The age recipient (age1…) when encrypted to one. */
  ageRecipient: string | null;
  /** The package's file name as saved. */
  fileName: string;
  files: ShareFile[];
}

export type ShareCreateResult =
  | { cancelled: true }
  | {
      cancelled: false;
      path: string;
      size: number;
      share: ShareEntry;
      /** The generated passphrase, shown once to pass on by another channel; never stored. */
      passphrase: string | null;
    };
