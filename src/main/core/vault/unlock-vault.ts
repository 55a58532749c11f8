import { existsSync, promises as fsp } from 'node:fs';
import { BlobStore } from '../blobs/blob-store';
import { closeDatabase, mapSqliteError, type Db } from '../db/database';
import { migrate } from '../db/migrate';
import { transact } from '../db/transact';
import { VaultError } from '../errors';
import { DEFAULT_KDF } from '../keys/kdf';
import {
  parseKeyFileUnsigned,
  readKeyFileText,
  resetState,
  unlockWithPassword,
  unlockWithRecovery,
  vaultSigningRoot,
  verifySignatures,
  type KeyFile,
} from '../keys/key-file';
import { KeyRing, wipe } from '../keys/keyring';
import { Signer, masterSigningSeed } from '../keys/signing';
import { withRecoveryBinding } from '../keys/vault-statements';
import { META_MASTER_KEY, META_MASTER_NEXT_KEY, META_ROSTER_VERSION } from '../repositories/meta-repo';
import type { StaffRow } from '../repositories/staff-repo';
import { openViewDb, viewKey, viewPath } from '../view/view-db';
import { pinTrust, readTrust } from './anchors';
import { completeCommonKeyRotation, openDatabase } from './common-key-rotation';
import { vaultPaths } from './layout';
import { OpenVault } from './open-vault';
import { OpenerClaim } from './opener-claim';
import { sweepOrphans } from './orphan-sweep';
import { makeRepos, makeViewRepos, type Repos } from './repos';
import { assertNdaOnFile } from '../people/nda-gate';
import { defaultStateDir } from './state-dir';
import { isLegacyKeyFile, openLegacyKeys, convertDatabase, UPGRADE_PENDING } from './upgrade-v3';
import type { Credentials, UnlockedKeys } from './credentials';

export type { Credentials, UnlockedKeys } from './credentials';

export interface OpenOptions {
  /** Where this person's anchors and pinned vault identity live (see anchors.ts). */
  stateDir?: string;
  /** Progress of long work at unlock: converting an older vault, building the view. */
  onProgress?: (progress: { phase: 'upgrade' | 'view'; done: number; total: number }) => void;
  signal?: AbortSignal;
  /**
   * Runs once the vault's keys and database are open, before anything is derived from vault.db (the view's
   * catch-up, the orphan sweep): the rollback guard refuses an older vault here, so a suspect database never
   * rebuilds a view or has blob files swept against it.
   */
  beforeUse?: (vault: OpenVault) => Promise<void>;
  /** The clock a reset's temporary password expires by (tests give a fake one). */
  now?: () => number;
}

/** A vault.key missing next to a database or blobs is damage, not an empty folder. */
async function assertKeyFileExpected(dir: string): Promise<void> {
  const paths = vaultPaths(dir);
  const blobs = await fsp.readdir(paths.blobs).catch(() => [] as string[]);
  if (existsSync(paths.database) || blobs.some((name) => name !== '.tmp')) throw new VaultError('CORRUPT', { what: 'vault.key missing' });
}

async function readText(dir: string): Promise<string> {
  try {
    return await readKeyFileText(vaultPaths(dir).keyFile);
  } catch (err) {
    if (err instanceof VaultError && err.code === 'NO_VAULT') await assertKeyFileExpected(dir);
    throw err;
  }
}

/** Opens vault.key with a password or the recovery identity. */
export async function unlockKeys(dir: string, credentials: Credentials, stateDir: string): Promise<UnlockedKeys & { legacyDb?: true }> {
  const text = await readText(dir);
  if (isLegacyKeyFile(text)) return openLegacyKeys(dir, text, credentials);
  try {
    const file = parseKeyFileUnsigned(text);
    // The signatures, against the root this user pinned: checked once, before any key from the file is used.
    const checkSignatures = async () => {
      const trust = await readTrust(stateDir, file.body.vaultId);
      verifySignatures(file, trust ? Buffer.from(trust.root, 'base64') : null);
    };
    if ('password' in credentials) {
      // Checked while Argon2id runs: nothing is unwrapped before the check has passed.
      const k = await unlockWithPassword(file, credentials.staffName, credentials.password, DEFAULT_KDF, checkSignatures);
      // Suspended by an owner or admin (the signed roster says so): refused once the password has proved who it is.
      if (k.member.suspended) {
        wipe(...k.commonKeys.values(), k.masterKey, k.signingSeed);
        throw new VaultError('SUSPENDED');
      }
      return {
        file,
        commonKeys: k.commonKeys,
        masterKey: k.masterKey,
        identity: k.identity,
        signingSeed: k.signingSeed,
        signerId: k.member.staffId,
        staffId: k.member.staffId,
      };
    }
    await checkSignatures();
    const k = await unlockWithRecovery(file, credentials.recoveryIdentity);
    return {
      file,
      commonKeys: k.commonKeys,
      masterKey: k.masterKey,
      identity: null,
      signingSeed: masterSigningSeed(k.masterKey, file.body.vaultId),
      signerId: 'master',
      staffId: null,
    };
  } finally {
    if ('password' in credentials) wipe(credentials.password);
  }
}

/**
 * Opens a vault with a staff password (or the recovery identity, acting as
 * the owner): the key file is checked against its signatures and the pinned
 * vault identity, vault.db is opened (finishing an interrupted common-key
 * rotation), an older vault is converted if this is an owner or admin, and
 * the staff member's view catches up. Rollback checks against this person's
 * anchors are the caller's (VaultManager), which can record what it finds.
 */
export async function openVault(dir: string, credentials: Credentials, options: OpenOptions = {}): Promise<OpenVault> {
  const stateDir = options.stateDir ?? defaultStateDir();
  const paths = vaultPaths(dir);
  const keys = new KeyRing();
  const unlocked = await unlockKeys(dir, credentials, stateDir);
  for (const key of unlocked.commonKeys.values()) keys.track(key);
  keys.track(unlocked.signingSeed);
  const masterKey = unlocked.masterKey ? keys.track(unlocked.masterKey) : null;
  let file = unlocked.file;
  const vaultId = file.body.vaultId;
  let openerClaim: OpenerClaim | undefined;
  let db: Db | undefined;
  let viewDb: Db | undefined;
  let signer: Signer | undefined;
  try {
    // A reset's temporary password: refused once expired (only a new reset helps), else it opens for nothing but a new password.
    const reset = unlocked.staffId === null ? 'none' : resetState(file, unlocked.staffId, new Date((options.now ?? Date.now)()));
    if (reset === 'expired') throw new VaultError('PASSWORD_EXPIRED');
    // The owner's rule: no valid confidentiality agreement past the grace period, no unlock (owners exempt; see nda-gate.ts).
    if (unlocked.staffId !== null) assertNdaOnFile(file, unlocked.staffId, new Date((options.now ?? Date.now)()));
    openerClaim = await OpenerClaim.acquire(paths.claim);
    if (!existsSync(paths.database)) throw new VaultError('CORRUPT', { what: 'vault.db missing' });
    const opened = openDatabase(paths.database, vaultId, unlocked.commonKeys, file.body.roster.commonKeyVersion);
    db = opened.db;
    migrate(db);
    const repos = makeRepos(db);
    if (repos.meta.get('vault_id') !== vaultId) throw new VaultError('TAMPERED', { what: 'vault.db does not belong to vault.key' });
    const dbRoster = Number(repos.meta.get(META_ROSTER_VERSION) ?? 0);
    if (dbRoster > file.body.roster.version) throw new VaultError('TAMPERED', { what: 'vault.key is older than vault.db (rolled back)' });
    const staff = staffOf(repos, unlocked, file);
    signer = new Signer(unlocked.signingSeed);
    if (repos.meta.get(UPGRADE_PENDING) !== null) {
      // A version-2 database (vault.key is already version 3): only the master key can seal every client's data.
      if (!masterKey) throw new VaultError('UPGRADE_REQUIRED');
      const onProgress = options.onProgress;
      await convertDatabase({ db, repos, vaultId, file, masterKey, commonKeys: unlocked.commonKeys, signer, signerId: unlocked.signerId, staff, ...(onProgress ? { onProgress: (done, total) => onProgress({ phase: 'upgrade', done, total }) } : {}) });
    } else if (masterKey) {
      reconcileMasterKey(db, repos, file);
    }
    const viewOwner = unlocked.staffId ?? 'recovery';
    const viewSecret = unlocked.identity ?? masterKey!;
    const vKey = keys.track(viewKey(viewSecret, vaultId, viewOwner));
    viewDb = (await openViewDb(viewPath(dir, viewOwner), vKey, { vaultId, owner: viewOwner })).db;
    const blobs = new BlobStore(paths.blobs);
    await blobs.init();
    const vault = new OpenVault({
      paths,
      stateDir,
      vaultId,
      keyFile: file,
      keys,
      commonKeys: unlocked.commonKeys,
      masterKey,
      identity: unlocked.identity,
      signer,
      signerId: unlocked.signerId,
      db,
      repos,
      view: makeViewRepos(viewDb),
      viewDb,
      blobs,
      staff,
      openerClaim,
      passwordChangeRequired: reset === 'pending',
    });
    if (!masterKey && unlocked.identity) await vault.clientKeys.preload(staff.id, unlocked.identity);
    if (opened.version !== file.body.roster.commonKeyVersion || Object.keys(file.body.recovery.wraps.common).length > 1) {
      await completeCommonKeyRotation(vault, opened.version);
      file = vault.keyFile;
    }
    await options.beforeUse?.(vault);
    if (masterKey && dbRoster < vault.keyFile.body.roster.version) vault.write(() => repos.meta.set(META_ROSTER_VERSION, String(vault.keyFile.body.roster.version)));
    await vault.viewSync.catchUp(options.onProgress ? (p) => options.onProgress!({ phase: 'view', ...p }) : undefined, options.signal);
    await sweepOrphans(vault);
    // A vault from before the binding: the firm's recovery key marks it as its own now (see keys/vault-statements.ts).
    if ('recoveryIdentity' in credentials && vault.keyFile.body.recovery.binding === undefined) {
      const identity = credentials.recoveryIdentity;
      await vault.updateKeyFile((f) => withRecoveryBinding(f, identity));
    }
    if (!(await readTrust(stateDir, vaultId))) await pinTrust(stateDir, vaultId, vaultSigningRoot(file));
    return vault;
  } catch (err) {
    if (viewDb?.open) closeDatabase(viewDb);
    if (db?.open) db.close();
    signer?.dispose();
    keys.wipe();
    await openerClaim?.release();
    // A damaged page met while reading staff or metadata is tampering, not an internal error.
    throw mapSqliteError(err, 'vault.db');
  }
}

/** The staff row of whoever unlocked: it must be active, and its role must be the one the signed roster gives. */
function staffOf(repos: Repos, unlocked: UnlockedKeys, file: KeyFile): StaffRow {
  if (unlocked.staffId === null) {
    const owner = repos.staff.all().find((s) => s.role === 'owner' && s.status === 'active');
    if (!owner) throw new VaultError('TAMPERED', { what: 'staff' });
    return owner;
  }
  const row = repos.staff.byId(unlocked.staffId);
  const member = file.body.roster.members.find((m) => m.staffId === unlocked.staffId);
  if (!row || !member) throw new VaultError('TAMPERED', { what: 'staff' });
  // vault.db is the common key's, which every member holds: the signed roster decides who is active and in which role.
  if (row.status !== 'active' || row.role !== member.role) return { ...row, status: 'active', role: member.role };
  return row;
}

/**
 * vault.db records which master key its master wraps are under. Replacing the
 * master key writes the new wraps ('master-next') first, then vault.key, then
 * promotes them; an open after a crash between the last two finishes the job.
 * Any other mismatch means vault.key and vault.db do not belong together.
 */
function reconcileMasterKey(db: Db, repos: Repos, file: KeyFile): void {
  const tip = file.body.signingChain[file.body.signingChain.length - 1]!.key;
  if (repos.meta.get(META_MASTER_KEY) === tip) return;
  if (repos.meta.get(META_MASTER_NEXT_KEY) !== tip) throw new VaultError('TAMPERED', { what: 'master key' });
  transact(db, () => {
    repos.clientKeys.promoteMasterNext();
    repos.incidents.promoteMasterNext();
    repos.staffRecords.promoteNext();
    repos.meta.set(META_MASTER_KEY, tip);
    repos.meta.delete(META_MASTER_NEXT_KEY);
  });
}
