import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../crypto/canonical-json';
import { VaultError } from '../errors';
import { masterSigningKey, vaultSigningRoot, verifySignatures, withDigest, type KeyFile } from './key-file';
import { wipe } from './keyring';
import { fingerprint, masterSigningSeed, signWith, verifySignature } from './signing';

/**
 * Statements a vault signs about things kept outside vault.db: a backup's
 * manifest, the backup schedule. Each is signed by the master signing key
 * (whoever holds the master key) or, for backups made at rest, by a backup
 * signer the master endorsed in the roster (a key kept on one PC).
 *
 * "This vault" means: the vault.key that carries the signature chains back
 * to a root this person already trusts (pinned at their first unlock) or to
 * the fingerprint printed on the firm's recovery key sheet.
 */
export type StatementKind = 'backup-manifest' | 'backup-schedule';

/** A signature as a file carries it (the backup manifest, the schedule). */
export const vaultSignatureSchema = z.strictObject({
  /** 'master', or 'backup:<public key, base64>' for a backup signer in the roster. */
  signer: z.string().max(100),
  /** Ed25519 over statementBytes(kind, vaultId, payload), base64. */
  sig: z.string().max(200),
});

export type VaultSignature = z.infer<typeof vaultSignatureSchema>;

export function statementBytes(kind: StatementKind, vaultId: string, payload: unknown): Buffer {
  return Buffer.from(`zhangdun/v3/${kind}\0${vaultId}\0${canonicalJson(payload)}`);
}

export interface StatementSigner {
  /** 'master', or 'backup:<public key, base64>'. */
  id: string;
  sign(data: Buffer): Buffer;
}

/** The master signing key as a signer (whoever holds the master key: owners, admins, the recovery key); its seed lives only for each signature. */
export function masterStatementSigner(masterKey: Buffer, vaultId: string): StatementSigner {
  return {
    id: 'master',
    sign: (data) => {
      const seed = masterSigningSeed(masterKey, vaultId);
      try {
        return signWith(seed, data);
      } finally {
        wipe(seed);
      }
    },
  };
}

export function signStatement(kind: StatementKind, vaultId: string, payload: unknown, signer: StatementSigner): VaultSignature {
  return { signer: signer.id, sig: signer.sign(statementBytes(kind, vaultId, payload)).toString('base64') };
}

/** The vault's signing fingerprint (of its root key), as printed on the recovery key sheet. */
export function vaultFingerprint(file: KeyFile): string {
  return fingerprint(vaultSigningRoot(file));
}

/** A fingerprint as typed by a person: spaces, dashes and case do not matter. */
export function normaliseFingerprint(text: string): string {
  return text.replace(/[\s-]/g, '').toUpperCase();
}

/**
 * Checks a signed statement against the vault.key it came with. Throws
 * TAMPERED when the vault.key's own signatures fail or the signature does
 * not verify (a changed statement); returns who signed when it holds.
 */
export function verifyStatement(file: KeyFile, kind: StatementKind, payload: unknown, signature: VaultSignature): { signer: 'master' | 'backup-signer'; label: string | null } {
  verifySignatures(file);
  const data = statementBytes(kind, file.body.vaultId, payload);
  const sig = Buffer.from(signature.sig, 'base64');
  if (signature.signer === 'master') {
    if (!verifySignature(masterSigningKey(file), data, sig)) throw new VaultError('TAMPERED', { what: kind });
    return { signer: 'master', label: null };
  }
  const delegate = signature.signer.startsWith('backup:') ? signature.signer.slice('backup:'.length) : null;
  const listed = kind === 'backup-manifest' && delegate ? file.body.roster.backupSigners.find((s) => s.key === delegate) : undefined;
  if (!listed || !verifySignature(Buffer.from(listed.key, 'base64'), data, sig)) throw new VaultError('TAMPERED', { what: kind });
  return { signer: 'backup-signer', label: listed.label };
}

// ---- the recovery key recognises its own vault ----
//
// The recovery recipient is public (it is in vault.key), so anyone can build a
// vault, or a backup, that the firm's recovery key opens. What they cannot make
// is this binding: an HMAC of the vault's signing root under a key derived from
// the recovery identity itself, written when the vault is made (or the first
// time the recovery key opens a vault that lacks it).

function bindingKey(recoveryIdentity: string, vaultId: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(recoveryIdentity, 'utf8'), Buffer.from(vaultId, 'hex'), 'zhangdun/v3/recovery-binding', 32));
}

export function recoveryBinding(recoveryIdentity: string, vaultId: string, root: Buffer): string {
  const key = bindingKey(recoveryIdentity, vaultId);
  try {
    return createHmac('sha256', key).update(root).digest('hex');
  } finally {
    wipe(key);
  }
}

/** vault.key with the binding for this recovery identity (needs no other key: the binding is outside the signed roster). */
export function withRecoveryBinding(file: KeyFile, recoveryIdentity: string): KeyFile {
  const binding = recoveryBinding(recoveryIdentity, file.body.vaultId, vaultSigningRoot(file));
  return withDigest({ ...file.body, recovery: { ...file.body.recovery, binding } });
}

/** True when this recovery identity made the vault's binding; false for another's or a forged one; null when there is none. */
export function checkRecoveryBinding(file: KeyFile, recoveryIdentity: string): boolean | null {
  const stored = file.body.recovery.binding;
  if (!stored) return null;
  const expected = Buffer.from(recoveryBinding(recoveryIdentity, file.body.vaultId, vaultSigningRoot(file)), 'hex');
  return timingSafeEqual(expected, Buffer.from(stored, 'hex'));
}

export type Whose = 'this-vault' | 'other-vault' | 'unknown';

/**
 * Whose vault a valid signature comes from, as far as this person can tell.
 * Every check they can make is made, and all must agree: the root they
 * pinned, the fingerprint they were given, the binding of the recovery key
 * they hold. 'other-vault' when any fails (a backup built by someone with
 * keys of their own — even of a vault this person has also opened, if the
 * recovery key they hold is not that vault's); 'this-vault' when at least
 * one passed and none failed; 'unknown' when there was nothing to compare
 * with (then the fingerprint is shown, to compare by hand).
 */
export function whoseVault(file: KeyFile, known: { pinnedRoot?: Buffer | null; fingerprint?: string | null; recoveryIdentity?: string | null }): Whose {
  const root = vaultSigningRoot(file);
  const checks: boolean[] = [];
  if (known.pinnedRoot) checks.push(known.pinnedRoot.equals(root));
  if (known.fingerprint) checks.push(normaliseFingerprint(known.fingerprint) === normaliseFingerprint(fingerprint(root)));
  if (known.recoveryIdentity) {
    const bound = checkRecoveryBinding(file, known.recoveryIdentity);
    if (bound !== null) checks.push(bound);
  }
  if (checks.length === 0) return 'unknown';
  return checks.every(Boolean) ? 'this-vault' : 'other-vault';
}
