import { hkdfSync } from 'node:crypto';
import { z } from 'zod';
import { DESTRUCTION_STATES, type DestructionList } from '../../../shared/retention';
import { openJson, sealJson } from '../crypto/sealed-json';
import { VaultError } from '../errors';
import { wipe } from '../keys/keyring';
import type { DestructionHolder, DestructionRepo, SealedDestructionRow } from '../repositories/destruction-repo';

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

export function sealDestructionList(masterKey: Buffer, vaultId: string, list: DestructionList, rev: number, holder: DestructionHolder = 'master'): SealedDestructionRow {
  const key = listKey(masterKey, vaultId);
  const { id, ...body } = list;
  try {
    return { id, holder, createdAt: list.createdAt, rev, body: sealJson(key, bodySchema.parse(body), ad(vaultId, id, rev)) };
  } finally {
    wipe(key);
  }
}

export function openDestructionList(masterKey: Buffer, vaultId: string, row: Pick<SealedDestructionRow, 'id' | 'rev' | 'body'>): DestructionList {
  const key = listKey(masterKey, vaultId);
  const value = openJson(key, row.body, ad(vaultId, row.id, row.rev));
  wipe(key);
  const parsed = bodySchema.safeParse(value);
  if (!parsed.success) throw new VaultError('TAMPERED', { what: `destruction list ${row.id}` });
  return { id: row.id, ...parsed.data };
}

/**
 * First half of replacing the master key (AccessService.replaceMasterAndRotateAll): every list
 * resealed under the new key as a 'master-next' copy, promoted with the client keys' wraps. One that
 * does not open is left as it is.
 */
export function resealDestructionListsForNextMaster(repo: DestructionRepo, vaultId: string, masterKey: Buffer, nextMasterKey: Buffer): void {
  repo.deleteAllHolder('master-next');
  for (const row of repo.all('master')) {
    let list: DestructionList;
    try {
      list = openDestructionList(masterKey, vaultId, row);
    } catch {
      continue;
    }
    repo.put(sealDestructionList(nextMasterKey, vaultId, list, row.rev, 'master-next'));
  }
}
