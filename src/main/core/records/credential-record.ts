import { z } from 'zod';
import { CREDENTIAL_CUSTOM_MAX, CREDENTIAL_KINDS, CREDENTIAL_SECRETS } from '../../../shared/credentials';

/** Old secret values kept per credential (newest first), each reveal audited like the current one. */
export const CREDENTIAL_HISTORY_MAX = 20;

const totpSeedSchema = z
  .object({
    secret: z.string().min(1),
    algorithm: z.enum(['SHA1', 'SHA256', 'SHA512']),
    digits: z.union([z.literal(6), z.literal(7), z.literal(8)]),
    period: z.number().int().min(1).max(300),
    issuer: z.string().nullable(),
    account: z.string().nullable(),
  })
  .strict();

/**
 * A credential of a client (a tax-bureau login, a bank U盾 PIN, a CA
 * certificate …), sealed under the client's key like every other record of
 * the client. Secrets, the TOTP seed and old values live only here; the
 * certificate file is sealed beside it (credential_records.file), so a list
 * never decrypts it.
 */
export const credentialRecordSchema = z
  .object({
    kind: z.enum(CREDENTIAL_KINDS),
    title: z.string(),
    login: z.string().nullable(),
    url: z.string().nullable(),
    phone: z.string().nullable(),
    expiresOn: z.string().nullable(),
    notes: z.string(),
    custom: z.array(z.object({ name: z.string(), value: z.string(), secret: z.boolean() }).strict()).max(CREDENTIAL_CUSTOM_MAX),
    secrets: z.partialRecord(z.enum(CREDENTIAL_SECRETS), z.string()),
    totp: totpSeedSchema.nullable(),
    certificate: z.object({ name: z.string(), size: z.number().int(), sha256: z.string() }).strict().nullable(),
    history: z
      .array(z.object({ secret: z.enum(CREDENTIAL_SECRETS), value: z.string(), changedAt: z.string(), changedBy: z.string() }).strict())
      .max(CREDENTIAL_HISTORY_MAX * CREDENTIAL_SECRETS.length),
    rotationDue: z.array(
      z.object({ since: z.string(), reason: z.enum(['offboard', 'revoke']), staffId: z.string(), staffName: z.string() }).strict(),
    ),
    lastRotation: z.object({ at: z.string(), byId: z.string(), byName: z.string(), forNames: z.array(z.string()) }).strict().nullable(),
    createdBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .strict();

export type CredentialRecord = z.infer<typeof credentialRecordSchema>;
export type TotpSeedRecord = NonNullable<CredentialRecord['totp']>;

/** A credential's record with the columns stored beside it. */
export interface CredentialData extends CredentialRecord {
  id: string;
  clientId: string;
  keyVersion: number;
  rev: number;
  /** Whether a certificate file is sealed beside the record. */
  hasFile: boolean;
}
