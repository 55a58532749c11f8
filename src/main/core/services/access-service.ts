import { randomBytes } from 'node:crypto';
import type { GrantInfo, RevokeResult } from '../../../shared/access';
import { holdsMasterKey } from '../../../shared/permissions';
import {
  CLIENT_KEY_BYTES,
  SENSITIVE_FIELDS,
  masterCheck,
  openField,
  sealField,
  unwrapFileKey,
  wrapClientKeyForMaster,
  wrapClientKeyForStaff,
  wrapFileKey,
} from '../keys/client-keys';
import { wipe } from '../keys/keyring';
import { VaultError } from '../errors';
import { endorsedRecipient } from '../keys/key-file';
import { rotateMasterKey } from '../keys/key-slots';
import type { GrantRow } from '../repositories/client-key-repo';
import type { StaffRow } from '../repositories/staff-repo';
import { META_MASTER_CHECK, META_MASTER_NEXT_CHECK, META_ROTATION_PENDING } from '../repositories/meta-repo';
import type { OpenVault } from '../vault/open-vault';

/** Who holds a client's next key version, relative to who holds the current one. */
export interface HolderChange {
  remove?: readonly string[];
  add?: readonly string[];
  /** Recorded in the rotation's transaction, with the new version. */
  record?: (version: number) => void;
}

const queues = new WeakMap<OpenVault, Promise<unknown>>();

/**
 * Runs key-changing work one at a time per vault: a rotation prepares its age
 * wraps asynchronously, and nothing else may change the holders meanwhile.
 */
export function serialised<T>(vault: OpenVault, work: () => Promise<T>): Promise<T> {
  const previous = queues.get(vault) ?? Promise.resolve();
  const run = previous.then(work, work);
  queues.set(vault, run.catch(() => undefined));
  return run;
}

/**
 * Grants, revocations and key rotation. A grant hands a staff member the
 * client key (age-encrypted to their endorsed recipient); a revocation removes
 * it and rotates: a new client key version wraps every file key and sensitive
 * field of the client, and only the master key and the remaining grantees get it.
 */
export class AccessService {
  constructor(
    private readonly vault: OpenVault,
    private readonly now: () => Date = () => new Date(),
  ) {}

  grantsOfClient(clientId: string): GrantInfo[] {
    this.vault.guard.require('grant.list');
    const client = this.vault.repos.clients.byId(clientId);
    if (!client) throw new VaultError('NOT_FOUND', { what: 'client' });
    return this.vault.repos.clientKeys.grantsOfClient(clientId).map((g) => this.info(g, client.assignedStaff));
  }

  grantsOfStaff(staffId: string): GrantInfo[] {
    this.vault.guard.require('grant.list');
    if (!this.vault.repos.staff.byId(staffId)) throw new VaultError('NOT_FOUND', { what: 'staff' });
    return this.vault.repos.clientKeys
      .grantsOfStaff(staffId)
      .map((g) => this.info(g, this.vault.repos.clients.byId(g.clientId)?.assignedStaff ?? null));
  }

  /** Gives `staffId` the client's current key; `assign` also makes them the client's assigned staff member. */
  async grant(clientId: string, staffId: string, options: { assign?: boolean } = {}): Promise<GrantInfo> {
    this.vault.guard.require('grant.manage', { detail: { clientId, staffId } });
    const master = this.requireMaster();
    return serialised(this.vault, async () => {
      const client = this.vault.repos.clients.byId(clientId);
      if (!client) throw new VaultError('NOT_FOUND', { what: 'client' });
      this.grantee(staffId);
      if (this.vault.repos.clientKeys.get(clientId, client.keyVersion, staffId)) throw new VaultError('ALREADY_EXISTS', { what: 'grant' });
      const key = this.vault.clientKeys.key(clientId, client.keyVersion);
      if (!key) throw new VaultError('TAMPERED', { what: `client ${clientId} key` });
      const recipient = endorsedRecipient(this.vault.keyFile, master, staffId);
      const wrapped = await wrapClientKeyForStaff(recipient, clientId, client.keyVersion, key);
      this.vault.assertOpen();
      const now = this.now().toISOString();
      this.vault.db.transaction(() => {
        this.vault.repos.clientKeys.insert({ clientId, version: client.keyVersion, holder: staffId, wrapped, grantedBy: this.vault.staff.id, createdAt: now });
        if (options.assign) this.vault.repos.clients.setAssigned(clientId, staffId, now);
        this.vault.audit.record({ action: 'grant', clientId, detail: { staffId, keyVersion: client.keyVersion, assign: options.assign ?? false } });
      })();
      const grant = this.vault.repos.clientKeys.grantsOfClient(clientId).find((g) => g.staffId === staffId);
      if (!grant) throw new VaultError('INTERNAL');
      return this.info(grant, options.assign ? staffId : client.assignedStaff);
    });
  }

  /** Removes the grant and rotates the client key, so the former grantee cannot open anything added later. */
  async revoke(clientId: string, staffId: string): Promise<RevokeResult> {
    this.vault.guard.require('grant.manage', { auditAs: 'revoke', detail: { clientId, staffId } });
    this.requireMaster();
    return serialised(this.vault, async () => {
      const client = this.vault.repos.clients.byId(clientId);
      if (!client) throw new VaultError('NOT_FOUND', { what: 'client' });
      if (!this.vault.repos.clientKeys.get(clientId, client.keyVersion, staffId)) throw new VaultError('NOT_FOUND', { what: 'grant' });
      const keyVersion = await this.rotateClient(clientId, {
        remove: [staffId],
        record: (version) => this.vault.audit.record({ action: 'revoke', clientId, detail: { staffId, keyVersion: version } }),
      });
      return { revoked: true, keyVersion };
    });
  }

  /**
   * A new key version for one client. Every document's file key and every
   * sensitive field is rewrapped under it (blobs are not rewritten); the
   * master key and the grantees (current ones, minus `remove`, plus `add`)
   * get it; every older version's wraps are deleted. One transaction.
   * Callers hold the serialisation (see `serialised`).
   */
  async rotateClient(clientId: string, change: HolderChange = {}): Promise<number> {
    const master = this.requireMaster();
    const client = this.vault.repos.clients.byId(clientId);
    if (!client) throw new VaultError('NOT_FOUND', { what: 'client' });
    const version = client.keyVersion;
    const next = version + 1;
    const holders = new Set(this.vault.repos.clientKeys.grantees(clientId, version));
    for (const id of change.remove ?? []) holders.delete(id);
    for (const id of change.add ?? []) holders.add(id);
    const newKey = randomBytes(CLIENT_KEY_BYTES);
    try {
      const now = this.now().toISOString();
      const wraps: { holder: string; wrapped: Buffer; grantedBy: string | null; createdAt: string }[] = [];
      for (const holder of holders) {
        const staff = this.vault.repos.staff.byId(holder);
        // Disabled staff and master-key holders get no grant; a staff member without a slot cannot receive one.
        if (!staff || staff.status !== 'active' || holdsMasterKey(staff.role)) continue;
        if (!this.vault.keyFile.body.slots.some((s) => s.staffId === holder)) continue;
        const recipient = endorsedRecipient(this.vault.keyFile, master, holder);
        const previous = this.vault.repos.clientKeys.get(clientId, version, holder);
        wraps.push({
          holder,
          wrapped: await wrapClientKeyForStaff(recipient, clientId, next, newKey),
          grantedBy: previous?.grantedBy ?? this.vault.staff.id,
          createdAt: previous?.createdAt ?? now,
        });
      }
      this.vault.assertOpen();
      this.vault.db.transaction(() => {
        const current = this.vault.repos.clients.byId(clientId);
        if (!current || current.keyVersion !== version) throw new VaultError('CANCELLED');
        const oldKey = this.requireKey(clientId, version);
        for (const doc of this.vault.repos.documents.keyRefsOfClient(clientId)) {
          const fileKey = unwrapFileKey(this.requireKey(clientId, doc.keyVersion), doc, doc.wrappedKey);
          if (!fileKey) throw new VaultError('TAMPERED', { what: `document ${doc.id} key` });
          try {
            this.vault.repos.documents.setWrappedKey(doc.id, wrapFileKey(newKey, { ...doc, keyVersion: next }, fileKey), next);
          } finally {
            wipe(fileKey);
          }
        }
        const sealed = { phoneEnc: current.phoneEnc, bankAccountEnc: current.bankAccountEnc };
        for (const field of SENSITIVE_FIELDS) {
          const column = field === 'phone' ? 'phoneEnc' : 'bankAccountEnc';
          const value = openField(oldKey, clientId, field, version, current[column]);
          if (value === undefined) throw new VaultError('TAMPERED', { what: `client ${clientId} ${field}` });
          sealed[column] = sealField(newKey, clientId, field, next, value);
        }
        this.vault.repos.clients.setSensitive(clientId, { keyVersion: next, ...sealed });
        this.vault.repos.clientKeys.insert({
          clientId,
          version: next,
          holder: 'master',
          wrapped: wrapClientKeyForMaster(master, clientId, next, newKey),
          grantedBy: this.vault.staff.id,
          createdAt: now,
        });
        for (const w of wraps) this.vault.repos.clientKeys.insert({ clientId, version: next, ...w });
        this.vault.repos.clientKeys.deleteVersionsBelow(clientId, next);
        change.record?.(next);
      })();
    } catch (err) {
      wipe(newKey);
      throw err;
    }
    this.vault.clientKeys.remember(clientId, next, newKey);
    this.vault.clientKeys.forgetBelow(clientId, next);
    return next;
  }

  /**
   * A master-key holder left or was demoted: they may have kept the master
   * key and every client key. Replaces the master key (crash-safe, see
   * reconcileMasterKey in vault.ts), then rotates every client key. The
   * pending flag is set by the caller in the transaction that changed the
   * staff member, and cleared here at the end; an unlock finishes an
   * interrupted run.
   */
  async replaceMasterAndRotateAll(changeFor: (clientId: string) => HolderChange = () => ({})): Promise<number> {
    const oldMaster = this.requireMaster();
    const newMaster = randomBytes(CLIENT_KEY_BYTES);
    const { repos, db, vaultId } = this.vault;
    this.vault.clientKeys.beginMasterChange(newMaster);
    let adopted = false;
    try {
      const now = this.now().toISOString();
      db.transaction(() => {
        repos.clientKeys.deleteAllHolder('master-next');
        for (const w of repos.clientKeys.currentMasterWraps()) {
          const key = this.requireKey(w.clientId, w.version);
          repos.clientKeys.insert({ ...w, holder: 'master-next', wrapped: wrapClientKeyForMaster(newMaster, w.clientId, w.version, key), createdAt: now });
        }
        repos.meta.set(META_MASTER_NEXT_CHECK, masterCheck(newMaster, vaultId));
      })();
      const holders = this.masterHoldersAfter();
      await this.vault.updateKeyFile((file, commonKey) => rotateMasterKey(file, { commonKey, oldMasterKey: oldMaster, newMasterKey: newMaster }, holders));
      db.transaction(() => {
        repos.clientKeys.promoteMasterNext();
        repos.meta.set(META_MASTER_CHECK, this.vault.keyFile.body.masterCheck);
        repos.meta.delete(META_MASTER_NEXT_CHECK);
      })();
      adopted = true;
    } finally {
      // Clients created during the replacement were wrapped for both keys (see ClientService.create).
      this.vault.clientKeys.endMasterChange(adopted);
    }
    let rotated = 0;
    for (const client of repos.clients.all()) {
      await this.rotateClient(client.id, changeFor(client.id));
      rotated++;
    }
    db.transaction(() => {
      repos.meta.delete(META_ROTATION_PENDING);
      this.vault.audit.record({ action: 'key.rotate', detail: { scope: 'master', clients: rotated } });
    })();
    return rotated;
  }

  /**
   * Finishes what an interrupted offboarding, demotion or revocation left
   * owed: the master key replacement, and grants still held by disabled staff.
   * Run at every unlock by a master-key holder; does nothing when nothing is owed.
   */
  async resumePending(): Promise<void> {
    if (!this.vault.clientKeys.hasMaster) return;
    await serialised(this.vault, async () => {
      if (this.vault.repos.meta.get(META_ROTATION_PENDING)) {
        await this.replaceMasterAndRotateAll();
        return;
      }
      const stale = this.vault.repos.clientKeys.clientsWithInactiveHolders();
      for (const clientId of stale) {
        await this.rotateClient(clientId, {
          record: (version) => this.vault.audit.record({ action: 'key.rotate', clientId, detail: { scope: 'client', keyVersion: version, reason: 'disabled-staff' } }),
        });
      }
    });
  }

  /** Who keeps the master key: active owners and admins (per vault.db) that have a slot. */
  private masterHoldersAfter(): Set<string> {
    const withSlot = new Set(this.vault.keyFile.body.slots.map((s) => s.staffId));
    return new Set(
      this.vault.repos.staff
        .all()
        .filter((s) => s.status === 'active' && holdsMasterKey(s.role) && withSlot.has(s.id))
        .map((s) => s.id),
    );
  }

  private grantee(staffId: string): StaffRow {
    const staff = this.vault.repos.staff.byId(staffId);
    if (!staff) throw new VaultError('NOT_FOUND', { what: 'staff' });
    if (staff.status !== 'active') throw new VaultError('INVALID_INPUT', { reason: 'staff disabled' });
    if (holdsMasterKey(staff.role)) throw new VaultError('INVALID_INPUT', { reason: 'owners and admins already reach every client' });
    return staff;
  }

  private requireMaster(): Buffer {
    const master = this.vault.clientKeys.masterKey;
    if (!master) throw new VaultError('PERMISSION_DENIED');
    return master;
  }

  private requireKey(clientId: string, version: number): Buffer {
    const key = this.vault.clientKeys.key(clientId, version);
    if (!key) throw new VaultError('TAMPERED', { what: `client ${clientId} key` });
    return key;
  }

  private info(g: GrantRow, assignedStaff: string | null): GrantInfo {
    return {
      clientId: g.clientId,
      clientName: g.clientName,
      staffId: g.staffId,
      staffName: g.staffName,
      keyVersion: g.version,
      grantedBy: g.grantedBy,
      grantedByName: g.grantedBy ? (this.vault.repos.staff.byId(g.grantedBy)?.name ?? null) : null,
      grantedAt: g.createdAt,
      assigned: assignedStaff === g.staffId,
    };
  }
}
