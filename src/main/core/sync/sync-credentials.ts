import { hkdfSync } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../crypto/canonical-json';
import { openJson, sealJson } from '../crypto/sealed-json';
import { VaultError } from '../errors';
import { unwrapWithIdentity, wrapForRecipient } from '../keys/age-keys';
import { signerKeysFor, type KeyFile } from '../keys/key-file';
import { wipe } from '../keys/keyring';
import { verifySignature } from '../keys/signing';

/**
 * The server's URL (with its user and password) as vault.db keeps it: never
 * in the clear. Sealed under a key derived from the master key (owners and
 * admins open it on any PC), and age-encrypted to each member's recipient
 * (so an accountant can sync without the master key), each such wrap signed
 * by the member who wrote it: nobody can point a colleague's PC at another
 * server by writing a wrap of their own into vault.db without being on the
 * roster, and every such write is theirs.
 */
const configSchema = z.object({ vaultId: z.string(), url: z.string().min(1).max(4096) }).strict();
export interface ServerConfig {
  url: string;
}

function ad(vaultId: string, device: string): Buffer {
  return Buffer.from(`zhangdun/v3/sync-server\0${vaultId}\0${device}`);
}

function masterSealKey(masterKey: Buffer, vaultId: string): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.from(vaultId, 'hex'), 'zhangdun/v3/sync-server-master', 32));
}

function wrapStatement(vaultId: string, holder: string, wrapped: Buffer): Buffer {
  return Buffer.from(`zhangdun/v3/sync-server-wrap\0${canonicalJson({ vaultId, holder, wrapped: wrapped.toString('base64') })}`);
}

export function sealForMaster(masterKey: Buffer, vaultId: string, device: string, config: ServerConfig): Buffer {
  const key = masterSealKey(masterKey, vaultId);
  try {
    return sealJson(key, { vaultId, url: config.url }, ad(vaultId, device));
  } finally {
    wipe(key);
  }
}

/** The URL for one member: age-encrypted to their recipient, signed by `sign` (the writer's session). */
export async function wrapForMember(vaultId: string, holder: string, recipient: string, config: ServerConfig, sign: (data: Buffer) => Buffer): Promise<{ wrapped: Buffer; sig: Buffer }> {
  const plain = Buffer.from(JSON.stringify({ vaultId, url: config.url }));
  try {
    const wrapped = await wrapForRecipient(recipient, plain);
    return { wrapped, sig: sign(wrapStatement(vaultId, holder, wrapped)) };
  } finally {
    wipe(plain);
  }
}

export interface ConfigSources {
  device: string;
  sealed: Buffer | null;
  /** This session's member's wrap, if any. */
  wrap: { wrapped: Buffer; signer: string; sig: Buffer } | null;
}

/** Opens whichever copy this session's keys open; PERMISSION_DENIED when none does, TAMPERED when one does not check out. */
export async function openServerConfig(
  sources: ConfigSources,
  keyFile: KeyFile,
  keys: { masterKey: Buffer | null; identity: string | null; staffId: string },
): Promise<ServerConfig> {
  const vaultId = keyFile.body.vaultId;
  let value: unknown;
  if (keys.masterKey && sources.sealed) {
    const key = masterSealKey(keys.masterKey, vaultId);
    try {
      value = openJson(key, sources.sealed, ad(vaultId, sources.device));
    } finally {
      wipe(key);
    }
  } else if (keys.identity && sources.wrap) {
    const { wrapped, signer, sig } = sources.wrap;
    const signers = signerKeysFor(keyFile, { signer, actorId: null, rosterVersion: keyFile.body.roster.version });
    if (!signers.some((k) => verifySignature(k, wrapStatement(vaultId, keys.staffId, wrapped), sig))) throw new VaultError('TAMPERED', { what: 'sync settings' });
    const plain = await unwrapWithIdentity(keys.identity, wrapped);
    try {
      value = plain ? (JSON.parse(plain.toString('utf8')) as unknown) : undefined;
    } catch {
      value = undefined;
    } finally {
      wipe(plain);
    }
  } else {
    throw new VaultError('PERMISSION_DENIED');
  }
  const parsed = configSchema.safeParse(value);
  if (!parsed.success || parsed.data.vaultId !== vaultId) throw new VaultError('TAMPERED', { what: 'sync settings' });
  return { url: parsed.data.url };
}
