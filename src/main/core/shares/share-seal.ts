import { z } from 'zod';
import type { ShareEntry } from '../../../shared/shares';
import { openJson, sealJson } from '../crypto/sealed-json';
import { VaultError } from '../errors';
import type { ShareRow } from '../repositories/share-repo';

/**
 * A share register entry is client data (whom the client's documents went to,
 * why, which ones): sealed with AES-256-GCM under the client's key, with the
 * share's id, client and key version as associated data, so an entry can be
 * neither moved to another client nor opened without that client's key.
 */
function ad(id: string, clientId: string, keyVersion: number): Buffer {
  return Buffer.from(`zhangdun/v3/share\0${id}\0${clientId}\0${keyVersion}`);
}

const fileSchema = z
  .object({
    documentId: z.string(),
    name: z.string(),
    size: z.number().int().min(0),
    sha256: z.string(),
    originalSha256: z.string(),
    watermarked: z.boolean(),
  })
  .strict();

const bodySchema = z
  .object({
    createdBy: z.object({ id: z.string(), name: z.string() }).strict(),
    recipient: z.string(),
    purpose: z.string(),
    until: z.string(),
    encryption: z.enum(['passphrase', 'recipient']),
    ageRecipient: z.string().nullable(),
    fileName: z.string(),
    files: z.array(fileSchema),
  })
  .strict();

export function sealShare(key: Buffer, entry: ShareEntry, keyVersion: number): ShareRow {
  const { id, clientId, createdAt, ...body } = entry;
  return { id, clientId, createdAt, keyVersion, body: sealJson(key, bodySchema.parse(body), ad(id, clientId, keyVersion)) };
}

/** The entry, or TAMPERED when the body does not open under this key or is not an entry. */
export function openShare(key: Buffer, row: ShareRow): ShareEntry {
  const parsed = bodySchema.safeParse(openJson(key, row.body, ad(row.id, row.clientId, row.keyVersion)));
  if (!parsed.success) throw new VaultError('TAMPERED', { what: `share ${row.id}` });
  return { id: row.id, clientId: row.clientId, createdAt: row.createdAt, ...parsed.data };
}
