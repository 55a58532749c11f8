import { hkdfSync } from 'node:crypto';
import { z } from 'zod';
import { DESTRUCTION_STATES, type DestructionList } from '../../../shared/retention';
import { open, seal } from '../crypto/aead';
import { VaultError } from '../errors';
import { wipe } from '../keys/keyring';
import type { SealedDestructionRow } from '../repositories/destruction-repo';

const years = z.union([z.number().int(), z.literal('permanent')]);

/** A 销毁清册's body: everything but its id, sealed (it names clients and documents). */
const bodySchema = z
  .object({
    state: z.enum(DESTRUCTION_STATES),
    createdAt: z.string(),
    createdBy: z.string(),
    createdByName: z.string(),
    items: z.array(
      z
        .object({
          documentId: z.string(),
          clientId: z.string(),
          clientName: z.string(),
          name: z.string(),
          category: z.string(),
          periodYear: z.number().int().nullable(),
          periodMonth: z.number().int().nullable(),
          years,
          keepUntil: z.string(),
          size: z.number().int(),
          sha256: z.string(),
          outcome: z.enum(['pending', 'destroyed', 'kept-held', 'kept-retention', 'kept-missing']),
        })
        .strict(),
    ),
    approvals: z.array(z.object({ staffId: z.string(), name: z.string(), role: z.string(), at: z.string() }).strict()),
    needs: z.array(z.enum(['owner', 'admin'])),
    carriedOutAt: z.string().nullable(),
    carriedOutBy: z.string().nullable(),
    carriedOutByName: z.string().nullable(),
  })
  .strict();

/**
 * The key 销毁清册 are sealed under: derived from the master key, so owners and
 * admins (who hold it) read them and nobody else does, even after the client
 * keys of the documents they list have been rotated.
 */
function listKey(masterKey: Buffer, vaultId: string): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.from(vaultId, 'hex'), 'zhangdun/v3/destruction-list', 32));
}

function ad(vaultId: string, id: string, rev: number): Buffer {
  return Buffer.from(`zhangdun/v3/destruction-list\0${vaultId}\0${id}\0${rev}`);
}

export function sealDestructionList(masterKey: Buffer, vaultId: string, list: DestructionList, rev: number): SealedDestructionRow {
  const key = listKey(masterKey, vaultId);
  const { id, ...body } = list;
  const plain = Buffer.from(JSON.stringify(bodySchema.parse(body)), 'utf8');
  try {
    return { id, createdAt: list.createdAt, rev, body: seal(key, plain, ad(vaultId, id, rev)) };
  } finally {
    wipe(key, plain);
  }
}

export function openDestructionList(masterKey: Buffer, vaultId: string, row: SealedDestructionRow): DestructionList {
  const key = listKey(masterKey, vaultId);
  const plain = open(key, row.body, ad(vaultId, row.id, row.rev));
  wipe(key);
  if (!plain) throw new VaultError('TAMPERED', { what: `destruction list ${row.id}` });
  try {
    const parsed = bodySchema.safeParse(JSON.parse(plain.toString('utf8')));
    if (!parsed.success) throw new VaultError('TAMPERED', { what: `destruction list ${row.id}` });
    return { id: row.id, ...parsed.data };
  } finally {
    wipe(plain);
  }
}
