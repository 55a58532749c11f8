import { AlertMonitor } from '../alerts/alert-monitor';
import { AuditLog, type AuditSigner } from '../audit/audit-log';
import type { BlobStore } from '../blobs/blob-store';
import { closeDatabase, type Db } from '../db/database';
import { transact } from '../db/transact';
import { VaultError, isVaultError } from '../errors';
import { ClientKeyring } from '../keys/client-keyring';
import { changePassword, resetStaff, type MasterKeys } from '../keys/key-slots';
import { writeKeyFile, type KdfParams, type KeyFile } from '../keys/key-file';
import { wipe, type KeyRing } from '../keys/keyring';
import type { Signer } from '../keys/signing';
import { RecordStore, type ViewChange } from '../records/record-store';
import { META_ROSTER_VERSION } from '../repositories/meta-repo';
import type { StaffRow } from '../repositories/staff-repo';
import { ViewSync, type ViewRepos } from '../view/view-sync';
import { AccessGuard } from './access-guard';
import { recordAnchor } from './rollback-guard';
import type { VaultPaths } from './layout';
import type { OpenerClaim } from './opener-claim';
import type { Repos } from './repos';

export interface OpenVaultInit {
  paths: VaultPaths;
  stateDir: string;
  vaultId: string;
  keyFile: KeyFile;
  keys: KeyRing;
  /** The common key per live version (vault.db is keyed with the roster's version). */
  commonKeys: Map<number, Buffer>;
  masterKey: Buffer | null;
  /** The staff member's age identity; null when opened with the recovery key. */
  identity: string | null;
  /** Signs this session's audit events and records, as `signerId` (a staff id, or 'master'). */
  signer: Signer;
  signerId: string;
  db: Db;
  repos: Repos;
  view: ViewRepos;
  viewDb: Db;
  blobs: BlobStore;
  staff: StaffRow;
  openerClaim: OpenerClaim;
  /** Opened with a temporary password from a reset: nothing but setting a new one until it is set. */
  passwordChangeRequired?: boolean;
}

/**
 * An open vault: the decrypted database handle, the staff member's view, the
 * blob store and the keys, all held until close() zero-fills the keys and
 * closes both databases.
 */
export class OpenVault {
  private closed = false;
  readonly paths: VaultPaths;
  readonly stateDir: string;
  readonly vaultId: string;
  readonly keys: KeyRing;
  readonly db: Db;
  readonly repos: Repos;
  /** The session's own decrypted copy of what it can read (lists, search, pages). */
  readonly view: ViewRepos;
  readonly viewSync: ViewSync;
  /** Client data in and out of vault.db, sealed under client keys. */
  readonly records: RecordStore;
  readonly blobs: BlobStore;
  readonly staff: StaffRow;
  readonly audit: AuditLog;
  /** The alert rules, watching every event this session records (core/alerts/). */
  readonly alerts: AlertMonitor;
  /** The client keys this session can use (all of them with the master key; otherwise its grants). */
  readonly clientKeys: ClientKeyring;
  /** The permission check in front of every service call. */
  readonly guard: AccessGuard;
  readonly identity: string | null;
  readonly signerId: string;
  private currentKeyFile: KeyFile;
  private readonly commonKeys: Map<number, Buffer>;
  private readonly signer: Signer;
  private readonly viewDb: Db;
  private readonly openerClaim: OpenerClaim;
  private keyFileWrites: Promise<unknown> = Promise.resolve();
  private mustChangePassword: boolean;
  /** Changes of the running write, brought to the view once it commits. */
  private pending: ViewChange[] | null = null;

  constructor(init: OpenVaultInit) {
    this.paths = init.paths;
    this.stateDir = init.stateDir;
    this.vaultId = init.vaultId;
    this.currentKeyFile = init.keyFile;
    this.keys = init.keys;
    this.commonKeys = init.commonKeys;
    this.identity = init.identity;
    this.signer = init.signer;
    this.signerId = init.signerId;
    this.db = init.db;
    this.repos = init.repos;
    this.view = init.view;
    this.viewDb = init.viewDb;
    this.blobs = init.blobs;
    this.staff = init.staff;
    this.openerClaim = init.openerClaim;
    this.mustChangePassword = init.passwordChangeRequired ?? false;
    this.clientKeys = new ClientKeyring(init.repos.clientKeys, init.keys, init.masterKey);
    const author: AuditSigner = { id: init.signerId, sign: (data) => this.signer.sign(data) };
    this.records = new RecordStore({
      clients: init.repos.clientRecords,
      documents: init.repos.documentRecords,
      credentials: init.repos.credentialRecords,
      texts: init.repos.textRecords,
      seq: init.repos.seq,
      key: (clientId, version) => this.clientKeys.key(clientId, version),
      author,
      changed: (change) => {
        if (!this.pending) throw new Error('a record was written outside vault.write');
        this.pending.push(change);
      },
    });
    this.viewSync = new ViewSync({
      view: init.view,
      records: this.records,
      source: { clients: init.repos.clientRecords, documents: init.repos.documentRecords, credentials: init.repos.credentialRecords, texts: init.repos.textRecords, seq: init.repos.seq },
      accessible: () => this.accessibleClients(),
    });
    const staff = init.staff;
    this.audit = new AuditLog({
      db: init.db,
      repo: init.repos.audit,
      vaultId: init.vaultId,
      signer: author,
      rosterVersion: () => this.currentKeyFile.body.roster.version,
      actor: () => ({ id: staff.id, name: staff.name, role: staff.role }),
      clientKey: (clientId) => this.currentClientKey(clientId),
      follow: (event, detail) => this.alerts.follow(event, detail),
    });
    this.alerts = new AlertMonitor(this);
    this.guard = new AccessGuard(this);
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /** Opened with a reset's temporary password, not yet replaced: every service refuses (PASSWORD_CHANGE_REQUIRED). */
  get passwordChangeRequired(): boolean {
    return this.mustChangePassword;
  }

  get keyFile(): KeyFile {
    return this.currentKeyFile;
  }

  /** The common key of the version vault.db is keyed with. */
  get commonKey(): Buffer {
    const key = this.commonKeys.get(this.currentKeyFile.body.roster.commonKeyVersion);
    if (!key) throw new VaultError('VAULT_LOCKED');
    return key;
  }

  /** A client's current key version and key, when this session holds it. */
  currentClientKey(clientId: string): { key: Buffer; version: number } | null {
    const version = this.repos.clientKeys.currentVersion(clientId);
    if (version === null) return null;
    const key = this.clientKeys.key(clientId, version);
    return key ? { key, version } : null;
  }

  /**
   * The clients this session can read now: every client with the master key,
   * otherwise those whose current key version it holds a grant for that opens.
   */
  accessibleClients(): Map<string, number> {
    const versions = this.repos.clientRecords.versions();
    if (this.clientKeys.hasMaster) return versions;
    const out = new Map<string, number>();
    for (const [id, version] of versions) if (this.clientKeys.key(id, version)) out.set(id, version);
    return out;
  }

  /** What a master-key holder brings to a change of vault.key. */
  masterKeys(now?: Date): MasterKeys {
    const masterKey = this.clientKeys.masterKey;
    if (!masterKey) throw new VaultError('PERMISSION_DENIED');
    return { commonKeys: this.commonKeys, masterKey, issuedBy: this.signerId === 'master' ? 'recovery' : this.staff.id, ...(now ? { now } : {}) };
  }

  /** Keeps a common key version this session now holds (a rotation it performs). */
  holdCommonKey(version: number, key: Buffer): void {
    this.commonKeys.set(version, this.keys.track(key));
  }

  /** Forgets every common key version but `keep`. */
  dropCommonKeysBut(keep: number): void {
    for (const [version, key] of this.commonKeys) {
      if (version !== keep) {
        wipe(key);
        this.commonKeys.delete(version);
      }
    }
  }

  /** Signs with this session's key (its audit events and records). */
  sign(data: Buffer): Buffer {
    return this.signer.sign(data);
  }

  /**
   * Rewrites vault.key with what `change` makes of the current one. Writes
   * are serialised; the new file is what this session works under from then on.
   */
  updateKeyFile(change: (file: KeyFile) => Promise<KeyFile> | KeyFile): Promise<KeyFile> {
    const run = this.keyFileWrites.then(async () => {
      this.assertOpen();
      const next = await change(this.currentKeyFile);
      this.assertOpen();
      await writeKeyFile(this.paths.keyFile, next);
      this.currentKeyFile = next;
      // vault.db learns the roster version at once, so an older vault.key put back is refused to everyone, not only to
      // those who saw the newer roster. After the file, never before: a crash in between leaves the next owner or admin
      // unlock to record it, where the other order would refuse everyone.
      const recorded = Number(this.repos.meta.get(META_ROSTER_VERSION) ?? 0);
      if (next.body.roster.version > recorded) this.write(() => this.repos.meta.set(META_ROSTER_VERSION, String(next.body.roster.version)));
      return next;
    });
    this.keyFileWrites = run.catch(() => undefined);
    return run;
  }

  /**
   * Sets a new password for the signed-in staff member: only their slot is
   * resealed (same identity, so every wrap and grant stays). Opened with the
   * recovery key (every password lost), the owner gets a new slot instead:
   * a fresh identity and signing key, the master key wrapped to it.
   */
  async setPassword(staff: { id: string; name: string }, password: Buffer, kdf?: KdfParams): Promise<void> {
    this.assertOpen();
    const forced = this.mustChangePassword;
    try {
      if (staff.id !== this.staff.id) throw new VaultError('PERMISSION_DENIED');
      const identity = this.identity;
      if (identity) {
        await this.updateKeyFile((file) => changePassword(file, { staffId: staff.id, identity }, password, kdf));
      } else if (this.clientKeys.hasMaster) {
        const keys = this.masterKeys();
        await this.updateKeyFile(async (file) => {
          const reset = await resetStaff(file, keys, staff, password, kdf);
          wipe(reset.signingSeed);
          return reset.file;
        });
      } else {
        throw new VaultError('PERMISSION_DENIED');
      }
    } finally {
      wipe(password);
    }
    // The slot is resealed: it no longer matches what the reset pinned in the roster.
    this.mustChangePassword = false;
    this.audit.record({ action: 'password.change', detail: { staffId: staff.id, ...(forced ? { forced: true } : {}) } });
  }

  assertOpen(): void {
    if (this.closed) throw new VaultError('VAULT_LOCKED');
  }

  /**
   * The one unit of work: `fn` runs in one vault.db transaction (nested calls
   * are savepoints); SQLite errors come back as DISK_FULL / READ_ONLY /
   * TAMPERED. Records it wrote reach the session's view once it commits.
   */
  write<T>(fn: () => T): T {
    this.assertOpen();
    const outer = this.pending === null;
    if (outer) this.pending = [];
    const start = this.pending!.length;
    let result: T;
    try {
      result = transact(this.db, fn);
    } catch (err) {
      if (outer) this.pending = null;
      else this.pending!.length = start;
      throw err;
    }
    if (outer) {
      const changes = this.pending!;
      this.pending = null;
      this.viewSync.apply(changes);
    }
    return result;
  }

  /**
   * Records why the vault locks, then closes. The lock happens even when the
   * record cannot be written (a full disk or a folder turned read-only).
   */
  async lock(reason: string): Promise<void> {
    if (this.closed) return;
    try {
      this.audit.record({ action: 'lock', detail: { reason } });
      // What this person saw, kept outside the folder: a later unlock that finds the vault older raises the alarm.
      await recordAnchor(this).catch(() => undefined);
    } catch (err) {
      if (!isVaultError(err, 'DISK_FULL') && !isVaultError(err, 'READ_ONLY')) {
        await this.close();
        throw err;
      }
    }
    await this.close();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      closeDatabase(this.viewDb);
    } catch {
      // The view is rebuilt from vault.db if it was left unfinished.
    }
    try {
      closeDatabase(this.db);
    } catch {
      // A full disk can fail the final checkpoint and the close that follows it: committed data is in
      // the (encrypted) write-ahead log, which the next open recovers. Locking must happen regardless.
    } finally {
      this.signer.dispose();
      this.keys.wipe();
      await this.openerClaim.release().catch(() => undefined);
    }
  }
}
