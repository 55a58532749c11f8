import { holdsMasterKey } from '../../../shared/permissions';
import { BlobStore } from '../blobs/blob-store';
import { KeyRing, wipe } from '../keys/keyring';
import type { KdfParams } from '../keys/kdf';
import { closeDatabase, mapSqliteError, type Db } from '../db/database';
import { VaultError, isVaultError } from '../errors';
import { changeSlotPassword, replaceSlot } from '../keys/key-slots';
import { writeKeyFile, type KeyFile } from '../keys/key-file';
import { AuditLog } from '../audit/audit-log';
import type { StaffRow } from '../repositories/staff-repo';
import { AccessGuard } from './access-guard';
import { ClientKeyring } from '../keys/client-keyring';
import { OpenerClaim } from './opener-claim';
import type { VaultPaths } from './layout';
import { Repos } from './repos';

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
  openerClaim: OpenerClaim;
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
  private readonly openerClaim: OpenerClaim;
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
    this.openerClaim = init.openerClaim;
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
      await this.openerClaim.release().catch(() => undefined);
    }
  }
}
