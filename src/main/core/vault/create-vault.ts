import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { BlobStore } from '../blobs/blob-store';
import { KeyRing, wipe } from '../keys/keyring';
import { newRecoveryIdentity } from '../keys/age-keys';
import type { KdfParams } from '../keys/kdf';
import { deriveSubkey } from '../keys/subkeys';
import { openEncryptedDatabase, type Db } from '../db/database';
import { migrate } from '../db/migrate';
import { VaultError, fsError } from '../errors';
import { createKeyFile, normaliseStaffName, writeKeyFile } from '../keys/key-file';
import { META_MASTER_CHECK } from '../repositories/meta-repo';
import type { StaffRow } from '../repositories/staff-repo';
import { OpenerClaim } from './opener-claim';
import { vaultPaths } from './layout';
import { makeRepos } from './repos';
import { OpenVault } from './open-vault';

export async function vaultExists(dir: string): Promise<boolean> {
  try {
    await fsp.access(vaultPaths(dir).keyFile);
    return true;
  } catch {
    return false;
  }
}

export interface CreatedVault {
  vault: OpenVault;
  /** The recovery identity: returned once, never stored. */
  recoveryIdentity: string;
}

/**
 * Creates a vault in `dir` with `staffName` as owner. The key file is written
 * last: until it exists there is no vault, and leftovers of an interrupted
 * creation are replaced.
 */
export async function createVault(
  dir: string,
  options: { staffName: string; password: Buffer; kdf?: KdfParams; now?: Date },
): Promise<CreatedVault> {
  const paths = vaultPaths(dir);
  if (await vaultExists(dir)) throw new VaultError('VAULT_EXISTS');
  try {
    await fsp.mkdir(dir, { recursive: true, mode: 0o700 });
    for (const leftover of [paths.database, `${paths.database}-wal`, `${paths.database}-shm`]) {
      await fsp.rm(leftover, { force: true });
    }
  } catch (err) {
    throw fsError(err, dir);
  }
  const openerClaim = await OpenerClaim.acquire(paths.claim);
  const now = (options.now ?? new Date()).toISOString();
  const staffId = randomBytes(16).toString('hex');
  const { identity: recoveryIdentity, recipient } = await newRecoveryIdentity();
  const keys = new KeyRing();
  let db: Db | undefined;
  try {
    const created = await createKeyFile({
      staffId,
      staffName: options.staffName,
      password: options.password,
      recoveryRecipient: recipient,
      ...(options.kdf ? { kdf: options.kdf } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
    const { file } = created;
    const commonKey = keys.track(created.commonKey);
    const masterKey = keys.track(created.masterKey);
    const vaultIdBytes = Buffer.from(file.body.vaultId, 'hex');
    const dbKey = keys.track(deriveSubkey(commonKey, vaultIdBytes, 'database'));
    db = openEncryptedDatabase(paths.database, dbKey);
    migrate(db);
    const repos = makeRepos(db);
    const owner: StaffRow = { id: staffId, name: options.staffName.trim(), role: 'owner', status: 'active', createdAt: now };
    db.transaction(() => {
      repos.meta.set('vault_id', file.body.vaultId);
      repos.meta.set('created_at', now);
      repos.meta.set(META_MASTER_CHECK, file.body.masterCheck);
      repos.staff.insert({ ...owner, nameKey: normaliseStaffName(owner.name) });
    })();
    const blobs = new BlobStore(paths.blobs);
    await blobs.init();
    const auditKey = keys.track(deriveSubkey(commonKey, vaultIdBytes, 'audit'));
    const vault = new OpenVault({
      paths, vaultId: file.body.vaultId, keyFile: file, keys, commonKey, masterKey, identity: created.identity,
      db, repos, blobs, staff: owner, openerClaim, auditKey,
    });
    db.transaction(() => {
      vault.audit.record({ action: 'vault.create' });
      vault.audit.record({ action: 'staff.add', detail: { staffId: owner.id, role: owner.role } });
    })();
    // Last: until the key file exists there is no vault, and a retry replaces these leftovers.
    await writeKeyFile(paths.keyFile, file);
    return { vault, recoveryIdentity };
  } catch (err) {
    if (db?.open) db.close();
    keys.wipe();
    await openerClaim.release();
    throw err;
  } finally {
    wipe(options.password);
  }
}
