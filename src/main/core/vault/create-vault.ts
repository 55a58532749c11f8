import { randomBytes } from 'node:crypto';
import { existsSync, promises as fsp } from 'node:fs';
import { BlobStore } from '../blobs/blob-store';
import { closeDatabase, openEncryptedDatabase, type Db } from '../db/database';
import { migrate } from '../db/migrate';
import { transact } from '../db/transact';
import { VaultError, fsError } from '../errors';
import { newRecoveryIdentity } from '../keys/age-keys';
import type { KdfParams } from '../keys/kdf';
import { normaliseStaffName, vaultSigningRoot, writeKeyFile } from '../keys/key-file';
import { createKeyFile } from '../keys/key-slots';
import { KeyRing, wipe } from '../keys/keyring';
import { Signer } from '../keys/signing';
import { deriveSubkey } from '../keys/subkeys';
import { withRecoveryBinding } from '../keys/vault-statements';
import { META_MASTER_KEY, META_ROSTER_VERSION } from '../repositories/meta-repo';
import type { StaffRow } from '../repositories/staff-repo';
import { openViewDb, viewKey, viewPath } from '../view/view-db';
import { pinTrust } from './anchors';
import { vaultPaths } from './layout';
import { OpenVault } from './open-vault';
import { OpenerClaim } from './opener-claim';
import { makeRepos, makeViewRepos } from './repos';
import { defaultStateDir } from './state-dir';

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
 * creation are replaced. A folder that already holds a vault's database or
 * blobs without a key file is damage, not a place for a new vault.
 */
export async function createVault(
  dir: string,
  options: { staffName: string; password: Buffer; kdf?: KdfParams; now?: Date; stateDir?: string },
): Promise<CreatedVault> {
  const paths = vaultPaths(dir);
  const stateDir = options.stateDir ?? defaultStateDir();
  if (await vaultExists(dir)) throw new VaultError('VAULT_EXISTS');
  if (existsSync(paths.blobs) && (await fsp.readdir(paths.blobs).catch(() => [])).some((name) => name !== '.tmp')) {
    throw new VaultError('CORRUPT', { what: 'vault.key missing' });
  }
  try {
    await fsp.mkdir(dir, { recursive: true, mode: 0o700 });
    for (const leftover of [paths.database, `${paths.database}-wal`, `${paths.database}-shm`]) {
      await fsp.rm(leftover, { force: true });
    }
    await fsp.rm(paths.views, { recursive: true, force: true });
  } catch (err) {
    throw fsError(err, dir);
  }
  const openerClaim = await OpenerClaim.acquire(paths.claim);
  const now = options.now ?? new Date();
  const staffId = randomBytes(16).toString('hex');
  const { identity: recoveryIdentity, recipient } = await newRecoveryIdentity();
  const keys = new KeyRing();
  let db: Db | undefined;
  let viewDb: Db | undefined;
  let signer: Signer | undefined;
  try {
    const created = await createKeyFile({
      staffId,
      staffName: options.staffName,
      password: options.password,
      recoveryRecipient: recipient,
      ...(options.kdf ? { kdf: options.kdf } : {}),
      now,
    });
    const { owner } = created;
    const file = withRecoveryBinding(created.file, recoveryIdentity);
    const vaultId = file.body.vaultId;
    const commonKey = keys.track(created.commonKey);
    const masterKey = keys.track(created.masterKey);
    keys.track(owner.signingSeed);
    signer = new Signer(owner.signingSeed);
    const dbKey = keys.track(deriveSubkey(commonKey, Buffer.from(vaultId, 'hex'), 'database'));
    db = openEncryptedDatabase(paths.database, dbKey);
    migrate(db);
    const repos = makeRepos(db);
    const ownerRow: StaffRow = { id: staffId, name: options.staffName.trim(), role: 'owner', status: 'active', createdAt: now.toISOString() };
    transact(db, () => {
      repos.meta.set('vault_id', vaultId);
      repos.meta.set('created_at', now.toISOString());
      repos.meta.set(META_ROSTER_VERSION, String(file.body.roster.version));
      repos.meta.set(META_MASTER_KEY, file.body.signingChain[0]!.key);
      repos.staff.insert({ ...ownerRow, nameKey: normaliseStaffName(ownerRow.name) });
    });
    const vKey = keys.track(viewKey(owner.identity, vaultId, staffId));
    viewDb = (await openViewDb(viewPath(dir, staffId), vKey, { vaultId, owner: staffId })).db;
    const blobs = new BlobStore(paths.blobs);
    await blobs.init();
    const vault = new OpenVault({
      paths,
      stateDir,
      vaultId,
      keyFile: file,
      keys,
      commonKeys: new Map([[1, commonKey]]),
      masterKey,
      identity: owner.identity,
      signer,
      signerId: staffId,
      db,
      repos,
      view: makeViewRepos(viewDb),
      viewDb,
      blobs,
      staff: ownerRow,
      openerClaim,
    });
    vault.write(() => {
      vault.audit.record({ action: 'vault.create' });
      vault.audit.record({ action: 'staff.add', detail: { staffId: ownerRow.id, role: ownerRow.role } });
    });
    // Last: until the key file exists there is no vault, and a retry replaces these leftovers.
    await writeKeyFile(paths.keyFile, file);
    await pinTrust(stateDir, vaultId, vaultSigningRoot(file), now);
    return { vault, recoveryIdentity };
  } catch (err) {
    if (viewDb?.open) closeDatabase(viewDb);
    if (db?.open) db.close();
    signer?.dispose();
    keys.wipe();
    await openerClaim.release();
    throw err;
  } finally {
    wipe(options.password);
  }
}
