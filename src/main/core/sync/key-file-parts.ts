import { VaultError } from '../errors';
import { parseKeyFile, vaultSigningRoot, verifySignatures, withDigest, type KeyFile } from '../keys/key-file';
import type { ServerRepository } from './server-repository';

/**
 * vault.key on the server, in parts: the signed roster with what surrounds it
 * (`rosters`) and each member's sealed slot (`key_file_parts`). A PC trusts
 * what it reads back only after the same checks as a vault.key read from
 * disk, and, when it has a vault already, only under that vault's signing root.
 */

export async function uploadKeyFile(server: ServerRepository, file: KeyFile): Promise<void> {
  const { slots, ...rest } = file.body;
  await server.putKeyFile(
    file.body.roster.version,
    file.body.roster.epoch,
    { ...rest, slots: slots.map((s) => s.id) },
    Buffer.from(file.body.rosterSig, 'base64'),
    slots.map((s) => ({ id: s.id, part: Buffer.from(JSON.stringify(s)) })),
  );
}

export function assembleKeyFile(parts: { rest: unknown; slots: Map<string, Buffer> }): KeyFile {
  const untrusted = () => new VaultError('SERVER_UNTRUSTED', { what: 'vault.key on the server' });
  const rest = parts.rest as (Record<string, unknown> & { slots?: unknown }) | null;
  if (!rest || typeof rest !== 'object' || !Array.isArray(rest.slots)) throw untrusted();
  const slots = (rest.slots as unknown[]).map((id) => {
    const part = typeof id === 'string' ? parts.slots.get(id) : undefined;
    if (!part) throw untrusted();
    try {
      return JSON.parse(part.toString('utf8')) as unknown;
    } catch {
      throw untrusted();
    }
  });
  // The same checks as any vault.key read from disk: schema, bounds, the chain and the roster's signature.
  const body = { ...rest, slots } as unknown as KeyFile['body'];
  try {
    return parseKeyFile(JSON.stringify(withDigest(body)));
  } catch (err) {
    if (err instanceof VaultError && (err.code === 'TAMPERED' || err.code === 'CORRUPT')) throw untrusted();
    throw err;
  }
}

/**
 * The roster to check pulled rows against: this PC's own, or a newer one from the server when
 * one is there (a member added, or one retired, on another PC), signed under this vault's root.
 * A PC whose roster is the newer one puts it on the server.
 */
export async function currentRoster(server: ServerRepository, local: KeyFile): Promise<KeyFile> {
  const held = await server.keyFileVersion();
  if (held < local.body.roster.version) {
    await uploadKeyFile(server, local);
    return local;
  }
  if (held === local.body.roster.version) return local;
  const parts = await server.keyFile();
  if (!parts) return local;
  const file = assembleKeyFile(parts);
  try {
    verifySignatures(file, vaultSigningRoot(local));
  } catch {
    throw new VaultError('SERVER_UNTRUSTED', { what: 'vault.key on the server' });
  }
  if (file.body.vaultId !== local.body.vaultId || file.body.roster.version <= local.body.roster.version) throw new VaultError('SERVER_UNTRUSTED', { what: 'vault.key on the server' });
  return file;
}
