/**
 * Signed backups. The manifest (which fixes every entry's size and SHA-256)
 * is signed by the vault's master signing key when a master-key holder's
 * session makes the backup, or by a backup signer the master endorsed in the
 * roster when it is made at rest (see vault/backup-signer.ts). The check
 * uses the vault.key inside the backup: its signing chain, its roster, and
 * who it belongs to as far as the person restoring can tell (the root they
 * pinned, the fingerprint on the recovery sheet, the recovery key's binding).
 */
import type { BackupVerified } from '../../../shared/domain';
import { parseKeyFile, type KeyFile } from '../keys/key-file';
import { signStatement, vaultFingerprint, verifyStatement, whoseVault, type StatementSigner, type Whose } from '../keys/vault-statements';
import { isVaultError } from '../errors';
import { readTrust } from '../vault/anchors';
import { BackupError } from './backup-errors';
import { manifestPayload, type Manifest } from './format/manifest';

export type ManifestSigner = StatementSigner;

/** What a person restoring knows to compare with (any may be absent). */
export interface KnownVault {
  /** The signing root this person pinned when they first opened the vault (state folder). */
  pinnedRoot?: Buffer | null;
  /** The fingerprint as printed on the recovery key sheet. */
  fingerprint?: string | null;
  /** The recovery identity the backup was opened with. */
  recoveryIdentity?: string | null;
  /** This person's state folder: the root pinned there for the backup's vault, if any, is used when none is given. */
  stateDir?: string | null;
}

/** `known` with the pinned root for `vaultId` from the state folder, when it has one and none was given. */
async function withPinnedRoot(known: KnownVault, vaultId: string): Promise<KnownVault> {
  if (known.pinnedRoot || !known.stateDir) return known;
  const trust = await readTrust(known.stateDir, vaultId);
  return trust ? { ...known, pinnedRoot: Buffer.from(trust.root, 'base64') } : known;
}

export type SignatureVerdict =
  /** fingerprint: null for a backup of a version-2 vault (from before signing). */
  | { kind: 'unsigned'; fingerprint: string | null }
  | { kind: 'signed'; whose: Whose; by: 'master' | 'backup-signer'; label: string | null; fingerprint: string };

export function signManifest(manifest: Manifest, signer: ManifestSigner): Manifest {
  const payload = manifestPayload(manifest);
  return { ...payload, signature: signStatement('backup-manifest', manifest.vaultId, payload, signer) };
}

/**
 * The verdict on a backup whose entries already verified against its
 * manifest. A signature that does not verify is a forgery or an alteration
 * (BackupError 'forged'); an absent one is 'unsigned'.
 */
export function checkManifestSignature(manifest: Manifest, keyFileText: string, known: KnownVault): SignatureVerdict {
  let keyFile: KeyFile;
  try {
    keyFile = parseKeyFile(keyFileText);
  } catch (err) {
    // A backup of a version-2 vault carries a version-2 vault.key: it was never signed.
    if (isVaultError(err, 'UPGRADE_REQUIRED') && !manifest.signature) return { kind: 'unsigned', fingerprint: null };
    if (isVaultError(err, 'TAMPERED') || isVaultError(err, 'CORRUPT')) throw new BackupError('forged', 'vault.key', { cause: err });
    throw err;
  }
  if (keyFile.body.vaultId !== manifest.vaultId) throw new BackupError('forged', 'vault.key is of another vault');
  const fingerprint = vaultFingerprint(keyFile);
  if (!manifest.signature) return { kind: 'unsigned', fingerprint };
  let signer;
  try {
    signer = verifyStatement(keyFile, 'backup-manifest', manifestPayload(manifest), manifest.signature);
  } catch (err) {
    if (isVaultError(err, 'TAMPERED')) throw new BackupError('forged', 'manifest signature', { cause: err });
    throw err;
  }
  return { kind: 'signed', whose: whoseVault(keyFile, known), by: signer.signer, label: signer.label, fingerprint };
}

/** The verdict as people are shown it (the restore form, `zhangdun backup verify`): whose, signed by whom, the fingerprint. */
export function signatureView(verdict: SignatureVerdict): Pick<BackupVerified, 'signature' | 'signedBy' | 'fingerprint'> {
  if (verdict.kind === 'unsigned') return { signature: 'unsigned', signedBy: null, fingerprint: verdict.fingerprint };
  return { signature: verdict.whose, signedBy: verdict.by === 'master' ? 'master' : (verdict.label ?? 'backup-signer'), fingerprint: verdict.fingerprint };
}

/**
 * The verdict on a backup just read, with what the person knows completed:
 * the recovery identity it was opened with (unless `known` names one) and
 * the root pinned in their state folder for the backup's vault.
 */
export async function judgeBackup(manifest: Manifest, keyFileText: string, known: KnownVault, recoveryIdentity: string | null): Promise<SignatureVerdict> {
  const complete = await withPinnedRoot({ ...known, recoveryIdentity: known.recoveryIdentity ?? recoveryIdentity }, manifest.vaultId);
  return checkManifestSignature(manifest, keyFileText, complete);
}

/** Refuses what is not signed by this vault unless accepted: unsigned, another vault's, or one nobody could place. */
export function requireThisVault(verdict: SignatureVerdict, acceptUnsigned: boolean): void {
  if (acceptUnsigned) return;
  if (verdict.kind === 'signed' && verdict.whose === 'this-vault') return;
  const problem = verdict.kind === 'unsigned' ? 'unsigned' : verdict.whose;
  throw new BackupError('unsigned', problem, { values: { signature: problem, ...(verdict.fingerprint ? { fingerprint: verdict.fingerprint } : {}) } });
}
