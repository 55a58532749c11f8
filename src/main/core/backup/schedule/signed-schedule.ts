/**
 * The backup schedule is signed by the vault's master signing key, because
 * it says where the firm's data goes and to whom it is encrypted: anyone who
 * can write the vault folder could otherwise add their own recipient or
 * redirect the folder. It is checked against vault.key's signing chain, whose
 * root must be the one this user pinned when they unlocked this vault (so a
 * vault.key swapped for another vault's, with a schedule that vault signed,
 * is not trusted either); a schedule that fails (changed, unsigned, signed
 * by another vault, or of a vault never unlocked here) is not run and is
 * shown at the next unlock until an owner or admin saves it again.
 */
import type { BackupScheduleSettings } from '../../../../shared/domain';
import { VaultError, isVaultError } from '../../errors';
import { readKeyFile, verifySignatures } from '../../keys/key-file';
import { masterStatementSigner, signStatement, verifyStatement } from '../../keys/vault-statements';
import { readTrust } from '../../vault/anchors';
import { vaultPaths } from '../../vault/layout';
import type { OpenVault } from '../../vault/open-vault';
import { SCHEDULE_FILE, readScheduleFile, writeSchedule, type StoredSchedule } from './scheduler';

/** Writes the schedule signed by the master key this session holds (owners, admins, the recovery key). */
export async function writeSignedSchedule(vault: Pick<OpenVault, 'paths' | 'vaultId' | 'clientKeys' | 'assertOpen'>, settings: BackupScheduleSettings, now: Date): Promise<StoredSchedule> {
  vault.assertOpen();
  const masterKey = vault.clientKeys.masterKey;
  if (!masterKey) throw new VaultError('PERMISSION_DENIED');
  return writeSchedule(vault.paths.dir, settings, now, (stored) => signStatement('backup-schedule', vault.vaultId, stored, masterStatementSigner(masterKey, vault.vaultId)));
}

/**
 * The schedule, if the master signed it: null when none was saved; TAMPERED
 * (with `problem`: 'unsigned', 'signature', or 'unknown-vault' when this user
 * never unlocked the vault vault.key names) when it cannot be trusted.
 */
export async function readTrustedSchedule(vaultDir: string, stateDir: string): Promise<StoredSchedule | null> {
  const file = await readScheduleFile(vaultDir);
  if (!file) return null;
  if (!file.signature) throw new VaultError('TAMPERED', { what: SCHEDULE_FILE, problem: 'unsigned' });
  const keyFile = await readKeyFile(vaultPaths(vaultDir).keyFile);
  const trust = await readTrust(stateDir, keyFile.body.vaultId);
  if (!trust) throw new VaultError('TAMPERED', { what: SCHEDULE_FILE, problem: 'unknown-vault' });
  try {
    verifySignatures(keyFile, Buffer.from(trust.root, 'base64'));
    verifyStatement(keyFile, 'backup-schedule', file.schedule, file.signature);
  } catch (err) {
    if (isVaultError(err, 'TAMPERED')) throw new VaultError('TAMPERED', { what: SCHEDULE_FILE, problem: 'signature' }, { cause: err });
    throw err;
  }
  return file.schedule;
}
