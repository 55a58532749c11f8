import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import type { Role } from '../../shared/domain';
import { holdsMasterKey } from '../../shared/permissions';
import { BlobStore } from './blob-store';
import { KeyRing, wipe } from './crypto/keyring';
import { newRecoveryIdentity } from './crypto/recovery';
import type { KdfParams } from './crypto/kdf';
import { deriveSubkey } from './crypto/subkeys';
import { closeDatabase, mapSqliteError, openEncryptedDatabase, type Db } from './db/database';
import { migrate } from './db/migrate';
import { VaultError, fsError, isVaultError } from './errors';
import { changeSlotPassword, replaceSlot } from './keyfile-slots';
import {
  createKeyFile,
  normaliseStaffName,
  readKeyFile,
  unlockWithPassword,
  unlockWithRecovery,
  writeKeyFile,
  type KeyFile,
} from './keyfile';
import { AuditLog } from './audit/audit-log';
import { AuditRepo } from './repositories/audit-repo';
import { ClientKeyRepo } from './repositories/client-key-repo';
import { ClientRepo } from './repositories/client-repo';
import { DocumentRepo } from './repositories/document-repo';
import { withMappedErrors } from './repositories/mapped-db';
import { BlobIntentRepo, META_BLOB_SWEEP } from './repositories/blob-intent-repo';
import { META_MASTER_CHECK, META_MASTER_NEXT_CHECK, MetaRepo } from './repositories/meta-repo';
import { StaffRepo, type StaffRow } from './repositories/staff-repo';
import { AccessGuard } from './services/access-guard';
import { ClientKeyring } from './services/client-keyring';
import { VaultLockFile } from './vault-lock';
import { vaultPaths, type VaultPaths } from './vault-layout';

export interface Repos {
  meta: MetaRepo;
  staff: StaffRepo;
  clients: ClientRepo;
  documents: DocumentRepo;
  audit: AuditRepo;
  clientKeys: ClientKeyRepo;
  blobIntents: BlobIntentRepo;
}

interface OpenVaultInit {
  paths: VaultPaths;
  vaultId: string;
  keyFile: KeyFile;
  keys: KeyRing;
  commonKey: Buffer;
  masterKey: Buffer | null;
  /** The staff member's age identity; null when opened with the recovery key. */
  identity: string | null;
  db: Db;
  repos: Repos;
  blobs: BlobStore;
  staff: StaffRow;
  lockFile: VaultLockFile;
  auditKey: Buffer;
}

/**
 * An open vault: the decrypted database handle, the blob store and the keys,
 * all held until close() zero-fills the keys and closes the database.
 */
export class OpenVault {
  private closed = false;
  readonly paths: VaultPaths;
  readonly vaultId: string;
  readonly keys: KeyRing;
  readonly db: Db;
  readonly repos: Repos;
  readonly blobs: BlobStore;
  readonly staff: StaffRow;
  readonly audit: AuditLog;
  /** The client keys this session can use (all of them with the master key; otherwise its grants). */
  readonly clientKeys: ClientKeyring;
  /** The permission check in front of every service call. */
  readonly guard: AccessGuard;
  private currentKeyFile: KeyFile;
  private readonly commonKey: Buffer;
  readonly identity: string | null;
  private readonly lockFile: VaultLockFile;
  private keyFileWrites: Promise<unknown> = Promise.resolve();

  constructor(init: OpenVaultInit) {
    this.paths = init.paths;
    this.vaultId = init.vaultId;
    this.currentKeyFile = init.keyFile;
    this.keys = init.keys;
    this.commonKey = init.commonKey;
    this.identity = init.identity;
    this.db = init.db;
    this.repos = init.repos;
    this.blobs = init.blobs;
    this.staff = init.staff;
    this.lockFile = init.lockFile;
    const staff = init.staff;
    this.audit = new AuditLog(init.db, init.repos.audit, init.auditKey, init.vaultId, () => ({ id: staff.id, name: staff.name, role: staff.role }));
    this.clientKeys = new ClientKeyring(init.repos.clientKeys, init.keys, init.masterKey);
    this.guard = new AccessGuard(this);
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  get keyFile(): KeyFile {
    return this.currentKeyFile;
  }

  /**
   * Rewrites vault.key with what `change` makes of the current one (which it
   * gets with the common key to re-MAC). Writes are serialised.
   */
  updateKeyFile(change: (file: KeyFile, commonKey: Buffer) => Promise<KeyFile> | KeyFile): Promise<KeyFile> {
    const run = this.keyFileWrites.then(async () => {
      this.assertOpen();
      const next = await change(this.currentKeyFile, this.commonKey);
      this.assertOpen();
      await writeKeyFile(this.paths.keyFile, next);
      this.currentKeyFile = next;
      return next;
    });
    this.keyFileWrites = run.catch(() => undefined);
    return run;
  }

  /**
   * Sets a new password for the signed-in staff member: only their key slot
   * is rewritten. Opened with the recovery key (no staff identity), the
   * owner's slot is made anew with a fresh identity instead.
   */
  async setPassword(staff: { id: string; name: string }, password: Buffer, kdf?: KdfParams): Promise<void> {
    this.assertOpen();
    try {
      if (staff.id !== this.staff.id) throw new VaultError('PERMISSION_DENIED');
      const identity = this.identity;
      const master = this.clientKeys.masterKey;
      if (identity) {
        await this.updateKeyFile((file, common) => changeSlotPassword(file, common, { staffId: staff.id, identity }, staff.name, password, kdf));
      } else if (master && holdsMasterKey(this.staff.role)) {
        await this.updateKeyFile(async (file, common) => (await replaceSlot(file, { commonKey: common, masterKey: master }, staff, password, { holdsMaster: true, ...(kdf ? { kdf } : {}) })).file);
      } else {
        throw new VaultError('PERMISSION_DENIED');
      }
    } finally {
      wipe(password);
    }
    this.audit.record({ action: 'password.change', detail: { staffId: staff.id } });
  }

  assertOpen(): void {
    if (this.closed) throw new VaultError('VAULT_LOCKED');
  }

  /**
   * Runs `fn` in one transaction; a full disk, a read-only folder or a
   * damaged page comes back as DISK_FULL / READ_ONLY / TAMPERED, not as a raw
   * SQLite error.
   */
  write<T>(fn: () => T): T {
    this.assertOpen();
    try {
      return this.db.transaction(fn)();
    } catch (err) {
      throw mapSqliteError(err, 'vault.db');
    }
  }

  /**
   * Records why the vault locks, then closes. The lock happens even when the
   * record cannot be written (a full disk or a folder turned read-only).
   */
  async lock(reason: string): Promise<void> {
    if (this.closed) return;
    try {
      this.audit.record({ action: 'lock', detail: { reason } });
    } catch (err) {
      const mapped = mapSqliteError(err, 'vault.db');
      if (!isVaultError(mapped, 'DISK_FULL') && !isVaultError(mapped, 'READ_ONLY')) {
        await this.close();
        throw mapped;
      }
    }
    await this.close();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      closeDatabase(this.db);
    } finally {
      this.keys.wipe();
      await this.lockFile.release().catch(() => undefined);
    }
  }
}

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
  const lockFile = await VaultLockFile.acquire(paths.lock);
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
      db, repos, blobs, staff: owner, lockFile, auditKey,
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
    await lockFile.release();
    throw err;
  } finally {
    wipe(options.password);
  }
}

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
  let lockFile: VaultLockFile | undefined;
  let db: Db | undefined;
  try {
    lockFile = await VaultLockFile.acquire(paths.lock);
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
      db, repos, blobs, staff, lockFile, auditKey,
    });
    if (!masterKey && unlocked.identity) await vault.clientKeys.preload(staff.id, unlocked.identity);
    await sweepOrphans(vault);
    return vault;
  } catch (err) {
    if (db?.open) db.close();
    keys.wipe();
    await lockFile?.release();
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

/**
 * Removes half-written temp files and blobs no row references: those a crash
 * left between writing a blob and committing its row, or between committing
 * a delete and removing its file. Only ids recorded as intents are looked at
 * (see migration 0070), so the open does not read every document.
 */
export async function sweepOrphans(vault: OpenVault): Promise<string[]> {
  await vault.blobs.clearTmp();
  const { blobIntents, meta } = vault.repos;
  const removed: string[] = [];
  if (meta.get(META_BLOB_SWEEP) !== null) {
    const referenced = vault.repos.documents.blobIds();
    for (const blobId of await vault.blobs.list()) {
      if (!referenced.has(blobId)) {
        await vault.blobs.remove(blobId);
        removed.push(blobId);
      }
    }
    vault.write(() => meta.delete(META_BLOB_SWEEP));
  }
  const intents = blobIntents.all();
  if (intents.length === 0) return removed;
  for (const intent of intents) {
    if (intent.referenced || !(await vault.blobs.exists(intent.blobId))) continue;
    await vault.blobs.remove(intent.blobId);
    removed.push(intent.blobId);
  }
  vault.write(() => blobIntents.remove(intents.map((i) => i.blobId)));
  return removed;
}

function makeRepos(raw: Db): Repos {
  const db = withMappedErrors(raw);
  return {
    meta: new MetaRepo(db),
    staff: new StaffRepo(db),
    clients: new ClientRepo(db),
    documents: new DocumentRepo(db),
    audit: new AuditRepo(db),
    clientKeys: new ClientKeyRepo(db),
    blobIntents: new BlobIntentRepo(db),
  };
}

export type { Role };
