import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import type { Role } from '../../shared/domain';
import { BlobStore } from './blob-store';
import { KeyRing, wipe } from './crypto/keyring';
import { newRecoveryIdentity } from './crypto/recovery';
import type { KdfParams } from './crypto/kdf';
import { deriveSubkey } from './crypto/subkeys';
import { closeDatabase, openEncryptedDatabase, type Db } from './db/database';
import { migrate } from './db/migrate';
import { VaultError, fsError } from './errors';
import {
  createKeyFile,
  normaliseStaffName,
  putSlot,
  readKeyFile,
  unlockWithPassword,
  unlockWithRecovery,
  writeKeyFile,
  type KeyFile,
} from './keyfile';
import { AuditLog } from './audit/audit-log';
import { AuditRepo } from './repositories/audit-repo';
import { ClientRepo } from './repositories/client-repo';
import { DocumentRepo } from './repositories/document-repo';
import { MetaRepo } from './repositories/meta-repo';
import { StaffRepo, type StaffRow } from './repositories/staff-repo';
import { VaultLockFile } from './vault-lock';
import { vaultPaths, type VaultPaths } from './vault-layout';

export interface Repos {
  meta: MetaRepo;
  staff: StaffRepo;
  clients: ClientRepo;
  documents: DocumentRepo;
  audit: AuditRepo;
}

/**
 * An open vault: the decrypted database handle, the blob store and the keys,
 * all held until close() zero-fills the keys and closes the database.
 */
export class OpenVault {
  private closed = false;
  readonly audit: AuditLog;

  constructor(
    readonly paths: VaultPaths,
    readonly vaultId: string,
    private keyFile: KeyFile,
    readonly keys: KeyRing,
    private readonly vaultKey: Buffer,
    /** Wraps per-document file keys. */
    readonly documentKey: Buffer,
    readonly db: Db,
    readonly repos: Repos,
    readonly blobs: BlobStore,
    readonly staff: StaffRow,
    private readonly lockFile: VaultLockFile,
    auditKey: Buffer,
  ) {
    this.audit = new AuditLog(db, repos.audit, auditKey, vaultId, () => ({ id: staff.id, name: staff.name, role: staff.role }));
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /** Sets a new password for a staff member: only their key slot is rewritten. */
  async setPassword(staff: { id: string; name: string }, password: Buffer, kdf?: KdfParams): Promise<void> {
    this.assertOpen();
    const next = await putSlot(this.keyFile, this.vaultKey, staff, password, kdf);
    await writeKeyFile(this.paths.keyFile, next);
    this.keyFile = next;
    this.audit.record({ action: 'password.change', detail: { staffId: staff.id } });
  }

  assertOpen(): void {
    if (this.closed) throw new VaultError('VAULT_LOCKED');
  }

  /** Records why the vault locks, then closes. */
  async lock(reason: string): Promise<void> {
    if (this.closed) return;
    try {
      this.audit.record({ action: 'lock', detail: { reason } });
    } finally {
      await this.close();
    }
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
  const { identity, recipient } = await newRecoveryIdentity();
  const keys = new KeyRing();
  let db: Db | undefined;
  try {
    const { file, vaultKey } = await createKeyFile({
      staffId,
      staffName: options.staffName,
      password: options.password,
      recoveryRecipient: recipient,
      ...(options.kdf ? { kdf: options.kdf } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
    keys.track(vaultKey);
    const vaultIdBytes = Buffer.from(file.body.vaultId, 'hex');
    const dbKey = keys.track(deriveSubkey(vaultKey, vaultIdBytes, 'database'));
    db = openEncryptedDatabase(paths.database, dbKey);
    migrate(db);
    const repos = makeRepos(db);
    const owner: StaffRow = { id: staffId, name: options.staffName.trim(), role: 'owner', status: 'active', createdAt: now };
    db.transaction(() => {
      repos.meta.set('vault_id', file.body.vaultId);
      repos.meta.set('created_at', now);
      repos.staff.insert({ ...owner, nameKey: normaliseStaffName(owner.name) });
    })();
    const blobs = new BlobStore(paths.blobs);
    await blobs.init();
    const documentKey = keys.track(deriveSubkey(vaultKey, vaultIdBytes, 'documents'));
    const auditKey = keys.track(deriveSubkey(vaultKey, vaultIdBytes, 'audit'));
    const vault = new OpenVault(paths, file.body.vaultId, file, keys, vaultKey, documentKey, db, repos, blobs, owner, lockFile, auditKey);
    db.transaction(() => {
      vault.audit.record({ action: 'vault.create' });
      vault.audit.record({ action: 'staff.add', detail: { staffId: owner.id, role: owner.role } });
    })();
    // Last: until the key file exists there is no vault, and a retry replaces these leftovers.
    await writeKeyFile(paths.keyFile, file);
    return { vault, recoveryIdentity: identity };
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

/** Opens a vault with a staff password (or the recovery identity, acting as the owner). */
export async function openVault(dir: string, credentials: Credentials): Promise<OpenVault> {
  const paths = vaultPaths(dir);
  const keyFile = await readKeyFile(paths.keyFile);
  const keys = new KeyRing();
  let vaultKey: Buffer;
  let staffId: string | null = null;
  try {
    if ('password' in credentials) {
      const unlocked = await unlockWithPassword(keyFile, credentials.staffName, credentials.password);
      vaultKey = unlocked.vaultKey;
      staffId = unlocked.slot.staffId;
    } else {
      vaultKey = await unlockWithRecovery(keyFile, credentials.recoveryIdentity);
    }
  } finally {
    if ('password' in credentials) wipe(credentials.password);
  }
  keys.track(vaultKey);
  let lockFile: VaultLockFile | undefined;
  let db: Db | undefined;
  try {
    lockFile = await VaultLockFile.acquire(paths.lock);
    const vaultIdBytes = Buffer.from(keyFile.body.vaultId, 'hex');
    const dbKey = keys.track(deriveSubkey(vaultKey, vaultIdBytes, 'database'));
    try {
      await fsp.access(paths.database);
    } catch {
      throw new VaultError('CORRUPT', { what: 'vault.db missing' });
    }
    db = openEncryptedDatabase(paths.database, dbKey);
    migrate(db);
    const repos = makeRepos(db);
    if (repos.meta.get('vault_id') !== keyFile.body.vaultId) throw new VaultError('TAMPERED', { what: 'vault.db does not belong to vault.key' });
    const staff = staffId ? repos.staff.byId(staffId) : (repos.staff.all().find((s) => s.role === 'owner') ?? null);
    if (!staff) throw new VaultError('TAMPERED', { what: 'staff' });
    if (staff.status !== 'active') throw new VaultError('WRONG_CREDENTIALS');
    const blobs = new BlobStore(paths.blobs);
    await blobs.init();
    const documentKey = keys.track(deriveSubkey(vaultKey, vaultIdBytes, 'documents'));
    const auditKey = keys.track(deriveSubkey(vaultKey, vaultIdBytes, 'audit'));
    const vault = new OpenVault(paths, keyFile.body.vaultId, keyFile, keys, vaultKey, documentKey, db, repos, blobs, staff, lockFile, auditKey);
    await sweepOrphans(vault);
    return vault;
  } catch (err) {
    if (db?.open) db.close();
    keys.wipe();
    await lockFile?.release();
    throw err;
  }
}

/** Removes blobs no row references (left by a crash between blob write and commit) and half-written temp files. */
export async function sweepOrphans(vault: OpenVault): Promise<string[]> {
  await vault.blobs.clearTmp();
  const referenced = new Set(vault.repos.documents.allBlobRefs().map((r) => r.blobId));
  const removed: string[] = [];
  for (const blobId of await vault.blobs.list()) {
    if (!referenced.has(blobId)) {
      await vault.blobs.remove(blobId);
      removed.push(blobId);
    }
  }
  return removed;
}

function makeRepos(db: Db): Repos {
  return {
    meta: new MetaRepo(db),
    staff: new StaffRepo(db),
    clients: new ClientRepo(db),
    documents: new DocumentRepo(db),
    audit: new AuditRepo(db),
  };
}

export type { Role };
