import { promises as fsp } from 'node:fs';
import { holdsMasterKey } from '../../../shared/permissions';
import { BlobStore } from '../blobs/blob-store';
import { KeyRing, wipe } from '../keys/keyring';
import { deriveSubkey } from '../keys/subkeys';
import { mapSqliteError, openEncryptedDatabase, type Db } from '../db/database';
import { migrate } from '../db/migrate';
import { VaultError } from '../errors';
import { readKeyFile, unlockWithPassword, unlockWithRecovery, type KeyFile } from '../keys/key-file';
import { META_MASTER_CHECK, META_MASTER_NEXT_CHECK } from '../repositories/meta-repo';
import { OpenerClaim } from './opener-claim';
import { vaultPaths } from './layout';
import { Repos, makeRepos } from './repos';
import { OpenVault } from './open-vault';
import { sweepOrphans } from './orphan-sweep';

export type Credentials = { staffName: string; password: Buffer } | { recoveryIdentity: string };

interface Unlocked {
  commonKey: Buffer;
  masterKey: Buffer | null;
  identity: string | null;
  staffId: string | null;
}

async function unlockKeys(keyFile: KeyFile, credentials: Credentials): Promise<Unlocked> {
  try {
    if ('password' in credentials) {
      const u = await unlockWithPassword(keyFile, credentials.staffName, credentials.password);
      return { commonKey: u.commonKey, masterKey: u.masterKey, identity: u.identity, staffId: u.slot.staffId };
    }
    const u = await unlockWithRecovery(keyFile, credentials.recoveryIdentity);
    return { commonKey: u.commonKey, masterKey: u.masterKey, identity: null, staffId: null };
  } finally {
    if ('password' in credentials) wipe(credentials.password);
  }
}

/** Opens a vault with a staff password (or the recovery identity, acting as the owner). */
export async function openVault(dir: string, credentials: Credentials): Promise<OpenVault> {
  const paths = vaultPaths(dir);
  const keyFile = await readKeyFile(paths.keyFile);
  const keys = new KeyRing();
  const unlocked = await unlockKeys(keyFile, credentials);
  const commonKey = keys.track(unlocked.commonKey);
  let masterKey = unlocked.masterKey ? keys.track(unlocked.masterKey) : null;
  let openerClaim: OpenerClaim | undefined;
  let db: Db | undefined;
  try {
    openerClaim = await OpenerClaim.acquire(paths.claim);
    const vaultIdBytes = Buffer.from(keyFile.body.vaultId, 'hex');
    const dbKey = keys.track(deriveSubkey(commonKey, vaultIdBytes, 'database'));
    try {
      await fsp.access(paths.database);
    } catch {
      throw new VaultError('CORRUPT', { what: 'vault.db missing' });
    }
    db = openEncryptedDatabase(paths.database, dbKey);
    migrate(db);
    const repos = makeRepos(db);
    if (repos.meta.get('vault_id') !== keyFile.body.vaultId) throw new VaultError('TAMPERED', { what: 'vault.db does not belong to vault.key' });
    const staff = unlocked.staffId ? repos.staff.byId(unlocked.staffId) : (repos.staff.all().find((s) => s.role === 'owner') ?? null);
    if (!staff) throw new VaultError('TAMPERED', { what: 'staff' });
    if (staff.status !== 'active') throw new VaultError('WRONG_CREDENTIALS');
    if (holdsMasterKey(staff.role) && !masterKey) throw new VaultError('TAMPERED', { what: 'vault.key' });
    if (!holdsMasterKey(staff.role) && masterKey) {
      // A slot that still carries the master key after a demotion (interrupted before the key was replaced): not used.
      masterKey.fill(0);
      masterKey = null;
    }
    if (masterKey) reconcileMasterKey(db, repos, keyFile);
    const blobs = new BlobStore(paths.blobs);
    await blobs.init();
    const auditKey = keys.track(deriveSubkey(commonKey, vaultIdBytes, 'audit'));
    const vault = new OpenVault({
      paths, vaultId: keyFile.body.vaultId, keyFile, keys, commonKey, masterKey, identity: unlocked.identity,
      db, repos, blobs, staff, openerClaim, auditKey,
    });
    if (!masterKey && unlocked.identity) await vault.clientKeys.preload(staff.id, unlocked.identity);
    await sweepOrphans(vault);
    return vault;
  } catch (err) {
    if (db?.open) db.close();
    keys.wipe();
    await openerClaim?.release();
    // A damaged page met while reading staff or metadata is tampering, not an internal error.
    throw mapSqliteError(err, 'vault.db');
  }
}

/**
 * vault.db records which master key its master wraps are under. Replacing the
 * master key writes the new wraps ('master-next') first, then vault.key, then
 * promotes them; an open after a crash between the last two finishes the job.
 * Any other mismatch means vault.key and vault.db do not belong together.
 */
function reconcileMasterKey(db: Db, repos: Repos, keyFile: KeyFile): void {
  const expected = keyFile.body.masterCheck;
  if (repos.meta.get(META_MASTER_CHECK) === expected) return;
  if (repos.meta.get(META_MASTER_NEXT_CHECK) !== expected) throw new VaultError('TAMPERED', { what: 'master key' });
  db.transaction(() => {
    repos.clientKeys.promoteMasterNext();
    repos.meta.set(META_MASTER_CHECK, expected);
    repos.meta.delete(META_MASTER_NEXT_CHECK);
  })();
}
