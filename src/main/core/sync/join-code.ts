import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../crypto/canonical-json';
import { VaultError } from '../errors';
import { masterSigningKey, vaultSigningRoot, type KeyFile } from '../keys/key-file';
import { masterSigningSeed, signWith, verifySignature } from '../keys/signing';

/**
 * A join code: what an owner or admin hands a colleague so that another PC
 * can join the vault. It names the vault (id and signing root), the member,
 * a random code id the server marks used on the first join, and an expiry;
 * it is signed with the master signing key, so neither the server nor
 * anyone without the master key can make or alter one, and it pins the
 * vault: a key file the server hands the new PC must verify under it.
 * No secret is in it (the member still needs their own password).
 */
const PREFIX = 'ZDJ1';

const claimSchema = z
  .object({
    vaultId: z.string().regex(/^[0-9a-f]{32}$/),
    root: z.string().max(64),
    codeId: z.string().regex(/^[0-9a-f]{32}$/),
    member: z.string().regex(/^[0-9a-f]{32}$/),
    expiresAt: z.string().max(40),
  })
  .strict();

export type JoinClaim = z.infer<typeof claimSchema>;

function statement(claim: JoinClaim): Buffer {
  return Buffer.from(`zhangdun/v3/join-code\0${canonicalJson(claim)}`);
}

export function issueJoinCode(file: KeyFile, masterKey: Buffer, member: string, expiresAt: Date): { code: string; claim: JoinClaim } {
  const vaultId = file.body.vaultId;
  const claim: JoinClaim = { vaultId, root: vaultSigningRoot(file).toString('base64'), codeId: randomBytes(16).toString('hex'), member, expiresAt: expiresAt.toISOString() };
  const seed = masterSigningSeed(masterKey, vaultId);
  try {
    const sig = signWith(seed, statement(claim));
    return { code: `${PREFIX}.${Buffer.from(canonicalJson(claim)).toString('base64url')}.${sig.toString('base64url')}`, claim };
  } finally {
    seed.fill(0);
  }
}

/** The claim of a code, unchecked (only its shape): verifyJoinCode checks it once the key file is at hand. */
export function readJoinCode(code: string): { claim: JoinClaim; sig: Buffer } {
  const [prefix, body, sig, ...more] = code.trim().split('.');
  if (prefix !== PREFIX || !body || !sig || more.length > 0) throw new VaultError('INVALID_INPUT', { reason: 'join code' });
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw new VaultError('INVALID_INPUT', { reason: 'join code' });
  }
  const parsed = claimSchema.safeParse(raw);
  if (!parsed.success) throw new VaultError('INVALID_INPUT', { reason: 'join code' });
  return { claim: parsed.data, sig: Buffer.from(sig, 'base64url') };
}

/** Checks a code against a key file: same vault, same signing root, signed by its master signing key, not expired, a member named. */
export function verifyJoinCode(file: KeyFile, code: { claim: JoinClaim; sig: Buffer }, now: Date): void {
  const { claim, sig } = code;
  if (claim.vaultId !== file.body.vaultId || claim.root !== vaultSigningRoot(file).toString('base64')) throw new VaultError('SERVER_UNTRUSTED', { what: 'the server holds another vault' });
  if (!verifySignature(masterSigningKey(file), statement(claim), sig)) throw new VaultError('TAMPERED', { what: 'join code' });
  if (Date.parse(claim.expiresAt) <= now.getTime()) throw new VaultError('PERMISSION_DENIED', { reason: 'join code expired' });
  if (!file.body.roster.members.some((m) => m.staffId === claim.member)) throw new VaultError('PERMISSION_DENIED', { reason: 'not a member' });
}
