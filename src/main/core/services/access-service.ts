import { openShare, sealShare } from '../shares/share-seal';
import { randomBytes } from 'node:crypto';
import type { GrantInfo, RevokeResult } from '../../../shared/access';
import type { RotationDue } from '../../../shared/credentials';
import { holdsMasterKey } from '../../../shared/permissions';
import { openDetail, sealDetail } from '../audit/audit-event';
import { CLIENT_KEY_BYTES, unwrapFileKey, wrapClientKeyForMaster, wrapClientKeyForStaff, wrapFileKey } from '../keys/client-keys';
import { wipe } from '../keys/keyring';
import { VaultError } from '../errors';
import { memberOf } from '../keys/key-file';
import { replaceMaster } from '../keys/key-slots';
import { unwrapRecordKey, wrapRecordKey } from '../people/firm-seal';
import { masterSigningSeed, publicKeyOf } from '../keys/signing';
import type { GrantRow } from '../repositories/client-key-repo';
import type { StaffRow } from '../repositories/staff-repo';
import { META_COMMON_ROTATION_PENDING, META_MASTER_KEY, META_MASTER_NEXT_KEY, META_ROTATION_PENDING } from '../repositories/meta-repo';
import { rotateCommonKey, type CommonKeyVault } from '../vault/common-key-rotation';
import type { OpenVault } from '../vault/open-vault';
import { recordOf } from './client-service';
import { resealIncidentsForNextMaster } from '../incidents/incident-seal';
import { resealDestructionListsForNextMaster } from '../retention/destruction-seal';

/** Who holds a client's next key version, relative to who holds the current one. */
export interface HolderChange {
  remove?: readonly string[];
  add?: readonly string[];
  /** Recorded in the rotation's transaction, with the new version. */
  record?: (version: number) => void;
}

const queues = new WeakMap<object, Promise<unknown>>();

/**
 * Runs key-changing work one at a time per vault: a rotation prepares its age
 * wraps asynchronously, and nothing else may change the holders meanwhile.
 */
export function serialised<T>(vault: object, work: () => Promise<T>): Promise<T> {
  const previous = queues.get(vault) ?? Promise.resolve();
  const run = previous.then(work, work);
  queues.set(vault, run.catch(() => undefined));
  return run;
}


/** The parts of an open vault this service uses. */
export type AccessVault = CommonKeyVault & Pick<OpenVault, 'assertOpen' | 'audit' | 'clientKeys' | 'guard' | 'keyFile' | 'masterKeys' | 'records' | 'repos' | 'staff' | 'updateKeyFile' | 'vaultId' | 'view' | 'write'>;

/**
 * Grants, revocations and key rotation. A grant hands a staff member the
 * client key (age-encrypted to their endorsed recipient); a revocation removes
 * it and rotates: a new client key version wraps every file key and sensitive
 * field of the client, and only the master key and the remaining grantees get it.
 */
export class AccessService {
  constructor(
    private readonly vault: AccessVault,
    private readonly now: () => Date = () => new Date(),
  ) {}

  grantsOfClient(clientId: string): GrantInfo[] {
    this.vault.guard.require('grant.list');
    const client = this.vault.view.clients.byId(clientId);
    if (!client) throw new VaultError('NOT_FOUND', { what: 'client' });
    return this.vault.repos.clientKeys.grantsOfClient(clientId).map((g) => this.info(g));
  }

  grantsOfStaff(staffId: string): GrantInfo[] {
    this.vault.guard.require('grant.list');
    if (!this.vault.repos.staff.byId(staffId)) throw new VaultError('NOT_FOUND', { what: 'staff' });
    return this.vault.repos.clientKeys.grantsOfStaff(staffId).map((g) => this.info(g));
  }

  /** Gives `staffId` the client's current key; `assign` also makes them the client's assigned staff member. */
  async grant(clientId: string, staffId: string, options: { assign?: boolean } = {}): Promise<GrantInfo> {
    this.vault.guard.require('grant.manage', { detail: { clientId, staffId } });
    const master = this.requireMaster();
    void master;
    return serialised(this.vault, async () => {
      const client = this.vault.view.clients.byId(clientId);
      if (!client) throw new VaultError('NOT_FOUND', { what: 'client' });
      this.grantee(staffId);
      if (this.vault.repos.clientKeys.get(clientId, client.keyVersion, staffId)) throw new VaultError('ALREADY_EXISTS', { what: 'grant' });
      const key = this.vault.clientKeys.key(clientId, client.keyVersion);
      if (!key) throw new VaultError('TAMPERED', { what: `client ${clientId} key` });
      // The recipient comes from the roster, which the master key signed: a grant goes only where an admin meant.
      const recipient = memberOf(this.vault.keyFile, staffId).recipient;
      const wrapped = await wrapClientKeyForStaff(recipient, clientId, client.keyVersion, key);
      this.vault.assertOpen();
      const now = this.now().toISOString();
      this.vault.write(() => {
        this.vault.repos.clientKeys.insert({ clientId, version: client.keyVersion, holder: staffId, wrapped, grantedBy: this.vault.staff.id, createdAt: now });
        if (options.assign) this.vault.records.putClient(clientId, { ...recordOf(client), assignedStaff: staffId, updatedAt: now }, client.keyVersion, client.rev + 1);
        this.vault.audit.record({ action: 'grant', clientId, detail: { staffId, keyVersion: client.keyVersion, assign: options.assign ?? false } });
      });
      const grant = this.vault.repos.clientKeys.grantsOfClient(clientId).find((g) => g.staffId === staffId);
      if (!grant) throw new VaultError('INTERNAL');
      return this.info(grant);
    });
  }

  /** Removes the grant and rotates the client key, so the former grantee cannot open anything added later. */
  async revoke(clientId: string, staffId: string): Promise<RevokeResult> {
    this.vault.guard.require('grant.manage', { auditAs: 'revoke', detail: { clientId, staffId } });
    this.requireMaster();
    return serialised(this.vault, async () => {
      const version = this.vault.repos.clientKeys.currentVersion(clientId);
      if (version === null) throw new VaultError('NOT_FOUND', { what: 'client' });
      if (!this.vault.repos.clientKeys.get(clientId, version, staffId)) throw new VaultError('NOT_FOUND', { what: 'grant' });
      const keyVersion = await this.rotateClient(clientId, {
        remove: [staffId],
        record: (version) => this.vault.audit.record({ action: 'revoke', clientId, detail: { staffId, keyVersion: version } }),
      });
      return { revoked: true, keyVersion };
    });
  }

  /**
   * A new key version for one client. Every record of the client is sealed
   * anew under it, every document's file key rewrapped (blobs are not
   * rewritten), every sealed audit detail of the client resealed; the master
   * key and the grantees (current ones, minus `remove`, plus `add`) get it;
   * every older version's wraps are deleted. One transaction.
   * Callers hold the serialisation (see `serialised`).
   */
  async rotateClient(clientId: string, change: HolderChange = {}): Promise<number> {
    const master = this.requireMaster();
    const version = this.vault.repos.clientKeys.currentVersion(clientId);
    if (version === null) throw new VaultError('NOT_FOUND', { what: 'client' });
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
        // Disabled staff and master-key holders get no grant; a staff member not on the roster cannot receive one.
        if (!staff || staff.status !== 'active' || holdsMasterKey(staff.role)) continue;
        const member = this.vault.keyFile.body.roster.members.find((m) => m.staffId === holder);
        if (!member) continue;
        const previous = this.vault.repos.clientKeys.get(clientId, version, holder);
        wraps.push({
          holder,
          wrapped: await wrapClientKeyForStaff(member.recipient, clientId, next, newKey),
          grantedBy: previous?.grantedBy ?? this.vault.staff.id,
          createdAt: previous?.createdAt ?? now,
        });
      }
      this.vault.assertOpen();
      this.vault.clientKeys.remember(clientId, next, newKey);
      this.vault.write(() => {
        if (this.vault.repos.clientKeys.currentVersion(clientId) !== version) throw new VaultError('CANCELLED');
        this.resealClient(clientId, version, next, newKey, this.departures(change.remove ?? [], now));
        this.vault.repos.clientKeys.insert({
          clientId,
          version: next,
          holder: 'master',
          wrapped: wrapClientKeyForMaster(master, clientId, next, newKey),
          grantedBy: this.vault.staff.id,
          createdAt: now,
        });
        // The master key is being replaced right now: the new one must reach this version too.
        const nextMaster = this.vault.clientKeys.nextMasterKey;
        if (nextMaster) {
          this.vault.repos.clientKeys.insert({ clientId, version: next, holder: 'master-next', wrapped: wrapClientKeyForMaster(nextMaster, clientId, next, newKey), grantedBy: this.vault.staff.id, createdAt: now });
        }
        for (const w of wraps) this.vault.repos.clientKeys.insert({ clientId, version: next, ...w });
        this.vault.repos.clientKeys.deleteVersionsBelow(clientId, next);
        change.record?.(next);
      });
    } catch (err) {
      this.vault.clientKeys.forget(clientId, next);
      throw err;
    }
    this.vault.clientKeys.forgetBelow(clientId, next);
    return next;
  }

  /** Who lost access to a client in a rotation: every credential they could have seen is to be changed. */
  private departures(removed: readonly string[], since: string): RotationDue[] {
    return removed.map((staffId) => {
      const staff = this.vault.repos.staff.byId(staffId);
      return { since, reason: staff?.status === 'active' ? 'revoke' : 'offboard', staffId, staffName: staff?.name ?? staffId };
    });
  }

  /**
   * Inside the rotation's transaction: everything of the client sealed under `version` is sealed under `next`;
   * its credentials are marked 待更换 for each of `departed`.
   */
  private resealClient(clientId: string, version: number, next: number, newKey: Buffer, departed: RotationDue[]): void {
    const { records, repos, vaultId } = this.vault;
    const oldKey = this.requireKey(clientId, version);
    const sealedClient = repos.clientRecords.byId(clientId);
    const client = sealedClient ? records.openClient(sealedClient) : null;
    if (!client) throw new VaultError('TAMPERED', { what: `client ${clientId}` });
    const { id: _id, keyVersion: _v, rev, ...clientRecord } = client;
    void _id;
    void _v;
    records.putClient(clientId, clientRecord, next, rev);
    for (const row of repos.documentRecords.byClient(clientId)) {
      const doc = records.openDocument(row);
      const fileKey = unwrapFileKey(this.requireKey(clientId, row.keyVersion), row, row.wrappedKey);
      if (!doc || !fileKey) throw new VaultError('TAMPERED', { what: `document ${row.id} key` });
      try {
        const { id, clientId: c, blobId, size, keyVersion: _k, rev: docRev, ...record } = doc;
        void _k;
        records.putDocument(
          { id, clientId: c, blobId, size, keyVersion: next, rev: docRev, wrappedKey: wrapFileKey(newKey, { blobId, clientId: c, keyVersion: next }, fileKey) },
          record,
        );
      } finally {
        wipe(fileKey);
      }
    }
    for (const row of repos.textRecords.byClient(clientId)) {
      const text = records.openText(row);
      if (!text) throw new VaultError('TAMPERED', { what: `text of document ${row.id}` });
      const { id, clientId: c, keyVersion: _k, rev: textRev, ...record } = text;
      void _k;
      records.putText({ id, clientId: c, keyVersion: next, rev: textRev }, record);
    }
    for (const row of repos.credentialRecords.byClient(clientId)) {
      const cred = records.openCredential(row);
      if (!cred) throw new VaultError('TAMPERED', { what: `credential ${row.id}` });
      const file = records.credentialFile(row.id);
      try {
        const { id, clientId: c, keyVersion: _k, rev: credRev, hasFile: _f, ...record } = cred;
        void _k;
        void _f;
        const due = departed.filter((d) => !record.rotationDue.some((r) => r.staffId === d.staffId));
        const marked = due.length > 0 ? { ...record, rotationDue: [...record.rotationDue, ...due] } : record;
        records.putCredential({ id, clientId: c, keyVersion: next, rev: due.length > 0 ? credRev + 1 : credRev }, marked, file);
      } finally {
        file?.fill(0);
      }
    }
    for (const row of repos.shares.byClient(clientId)) {
      repos.shares.put(sealShare(newKey, openShare(this.requireKey(clientId, row.keyVersion), row), next));
    }
    for (const event of repos.audit.sealedOfClient(clientId)) {
      const key = event.keyVersion === version ? oldKey : this.requireKey(clientId, event.keyVersion ?? version);
      const opened = openDetail(key, { vaultId, seq: event.seq, clientId, keyVersion: event.keyVersion ?? version }, event.sealed!);
      if (!opened) throw new VaultError('TAMPERED', { what: `audit event #${event.seq}` });
      // Same salt, so the hash the signed event commits to still holds.
      const resealed = sealDetail(newKey, { vaultId, seq: event.seq, clientId, keyVersion: next }, opened.detail, opened.salt);
      repos.audit.reseal(event.seq, resealed.sealed, next);
    }
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
    this.requireMaster();
    const newMaster = randomBytes(CLIENT_KEY_BYTES);
    const { repos, vaultId } = this.vault;
    this.vault.clientKeys.beginMasterChange(newMaster);
    let adopted = false;
    try {
      const now = this.now().toISOString();
      const seed = masterSigningSeed(newMaster, vaultId);
      const nextKey = publicKeyOf(seed).toString('base64');
      wipe(seed);
      this.vault.write(() => {
        repos.clientKeys.deleteAllHolder('master-next');
        for (const w of repos.clientKeys.currentMasterWraps()) {
          const key = this.requireKey(w.clientId, w.version);
          repos.clientKeys.insert({ ...w, holder: 'master-next', wrapped: wrapClientKeyForMaster(newMaster, w.clientId, w.version, key), createdAt: now });
        }
        resealIncidentsForNextMaster(repos.incidents, vaultId, this.vault.masterKeys().masterKey, newMaster);
        // Firm-level records (staff agreements, training) are under the master key too: rewrapped alongside.
        repos.staffRecords.clearNext();
        for (const w of repos.staffRecords.wraps()) {
          const recordKey = unwrapRecordKey(this.requireMaster(), vaultId, w.id, w.wrappedKey);
          if (!recordKey) throw new VaultError('TAMPERED', { what: `staff record ${w.id} key` });
          try {
            repos.staffRecords.setNext(w.id, wrapRecordKey(newMaster, vaultId, w.id, recordKey));
          } finally {
            wipe(recordKey);
          }
        }
        resealDestructionListsForNextMaster(repos.destructions, vaultId, this.vault.masterKeys().masterKey, newMaster);
        repos.meta.set(META_MASTER_NEXT_KEY, nextKey);
      });
      const holders = this.masterHoldersAfter();
      const keys = this.vault.masterKeys();
      await this.vault.updateKeyFile((file) => replaceMaster(file, keys, newMaster, holders));
      this.vault.write(() => {
        repos.clientKeys.promoteMasterNext();
        repos.incidents.promoteMasterNext();
        repos.staffRecords.promoteNext();
        repos.destructions.promoteMasterNext();
        repos.meta.set(META_MASTER_KEY, nextKey);
        repos.meta.delete(META_MASTER_NEXT_KEY);
      });
      adopted = true;
    } finally {
      // Clients created during the replacement were wrapped for both keys (see ClientService.create).
      this.vault.clientKeys.endMasterChange(adopted);
    }
    let rotated = 0;
    for (const clientId of repos.clientRecords.ids()) {
      await this.rotateClient(clientId, changeFor(clientId));
      rotated++;
    }
    this.vault.write(() => {
      repos.meta.delete(META_ROTATION_PENDING);
      this.vault.audit.record({ action: 'key.rotate', detail: { scope: 'master', clients: rotated } });
    });
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
      } else {
        const stale = this.vault.repos.clientKeys.clientsWithInactiveHolders();
        for (const clientId of stale) {
          await this.rotateClient(clientId, {
            record: (version) => this.vault.audit.record({ action: 'key.rotate', clientId, detail: { scope: 'client', keyVersion: version, reason: 'disabled-staff' } }),
          });
        }
      }
      if (this.vault.repos.meta.get(META_COMMON_ROTATION_PENDING)) await this.rotateCommonKey('resumed');
    });
  }

  /**
   * Replaces the common key (vault.db rekeyed; see vault/common-key-rotation.ts)
   * and clears the owed mark in the same step the rekey completes.
   */
  async rotateCommonKey(reason: 'offboard' | 'resumed'): Promise<number> {
    this.requireMaster();
    const version = await rotateCommonKey(this.vault);
    this.vault.write(() => {
      this.vault.repos.meta.delete(META_COMMON_ROTATION_PENDING);
      this.vault.audit.record({ action: 'key.rotate', detail: { scope: 'common', keyVersion: version, reason } });
    });
    return version;
  }

  /** Who keeps the master key: active owners and admins (per vault.db) that are on the roster. */
  private masterHoldersAfter(): Set<string> {
    const withSlot = new Set(this.vault.keyFile.body.roster.members.map((m) => m.staffId));
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

  private info(g: GrantRow): GrantInfo {
    const client = this.vault.view.clients.byId(g.clientId);
    return {
      clientId: g.clientId,
      clientName: client?.name ?? g.clientId,
      staffId: g.staffId,
      staffName: g.staffName,
      keyVersion: g.version,
      grantedBy: g.grantedBy,
      grantedByName: g.grantedBy ? (this.vault.repos.staff.byId(g.grantedBy)?.name ?? null) : null,
      grantedAt: g.createdAt,
      assigned: client?.assignedStaff === g.staffId,
    };
  }
}
