import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { basename } from 'node:path';
import { z } from 'zod';
import { canManageRole, holdsMasterKey } from '../../../shared/permissions';
import {
  NDA_SCAN_MAX_BYTES,
  localDay,
  ndaStanding,
  type NdaNotice,
  type NdaPolicy,
  type NdaRecord,
  type PolicyAck,
  type StaffComplianceDetail,
  type StaffComplianceSummary,
  type StaffComplianceView,
  type TrainingRecord,
} from '../../../shared/staff-compliance';
import { newBlobId } from '../blobs/blob-store';
import { VaultError, fsError } from '../errors';
import { setNdaExpires, setNdaPolicy } from '../keys/key-slots';
import { wipe } from '../keys/keyring';
import type { StaffRecordKind, StaffRecordRow } from '../repositories/staff-record-repo';
import type { StaffRow } from '../repositories/staff-repo';
import { serialised } from '../services/access-service';
import type { OpenVault } from '../vault/open-vault';
import { newRecordKey, openRecordBody, recordBlobKey, sealRecordBody, unwrapRecordKey, wrapRecordKey } from './firm-seal';
import { rosterNdaPolicy } from './nda-gate';

/** The parts of an open vault this service uses. */
export type ComplianceVault = Pick<
  OpenVault,
  'audit' | 'blobs' | 'clientKeys' | 'guard' | 'keyFile' | 'masterKeys' | 'repos' | 'staff' | 'updateKeyFile' | 'vaultId' | 'write'
>;

const ndaBody = z.object({ policyVersion: z.string().nullable(), scan: z.object({ name: z.string(), size: z.number(), sha256: z.string() }).nullable() }).strict();
const trainingBody = z.object({ topic: z.string(), note: z.string() }).strict();
const ackBody = z.object({ version: z.string() }).strict();

export interface NdaInput {
  staffId: string;
  signedOn: string;
  expiresOn: string;
  policyVersion: string | null;
  /** The signed scan to keep (encrypted, firm-level); null: none. */
  scanPath: string | null;
}

/**
 * 保密协议与培训 (owners and admins): each staff member's agreements (with
 * the signed scan, encrypted under the firm key), training sessions and the
 * policy version they acknowledged; the owner's rule that a valid agreement
 * is needed to unlock. The agreement's expiry and the rule live in the signed
 * roster, where the unlock reads them; the records live in vault.db, sealed.
 */
export class StaffComplianceService {
  constructor(
    private readonly vault: ComplianceVault,
    private readonly now: () => Date = () => new Date(),
  ) {}

  view(): StaffComplianceView {
    this.vault.guard.require('staff.manage');
    const policy = rosterNdaPolicy(this.vault.keyFile);
    return { policy, staff: this.activeStaff().map((s) => this.summary(s)) };
  }

  detail(staffId: string): StaffComplianceDetail {
    this.vault.guard.require('staff.manage');
    const staff = this.vault.repos.staff.byId(staffId);
    if (!staff) throw new VaultError('NOT_FOUND', { what: 'staff' });
    const ndas = this.vault.repos.staffRecords.ofStaff(staffId, 'nda').map((r) => this.nda(r));
    const trainings = this.vault.repos.staffRecords.ofStaff(staffId, 'training').map((r) => this.training(r));
    const [ackRow] = this.vault.repos.staffRecords.ofStaff(staffId, 'ack');
    return { summary: this.summary(staff), ndas, trainings, ack: ackRow ? this.ack(ackRow) : null };
  }

  /** Records a signed agreement (and its scan); the roster's expiry becomes the latest agreement's. */
  async recordNda(input: NdaInput): Promise<NdaRecord> {
    const target = this.manageable(input.staffId, 'staff.nda');
    if (input.signedOn > input.expiresOn) throw new VaultError('INVALID_INPUT', { reason: 'expires before it was signed' });
    const master = this.master();
    return serialised(this.vault, async () => {
      const id = randomBytes(16).toString('hex');
      const recordKey = newRecordKey();
      let scan: { name: string; size: number; sha256: string } | null = null;
      let blobId: string | null = null;
      try {
        if (input.scanPath) {
          const size = await fsp.stat(input.scanPath).then((s) => s.size, (err: unknown) => Promise.reject(fsError(err, basename(input.scanPath!))));
          if (size > NDA_SCAN_MAX_BYTES) throw new VaultError('INVALID_INPUT', { reason: 'scan too large' });
          blobId = newBlobId();
          const id0 = blobId;
          // Until its row commits the blob is an orphan to sweep, should anything below fail.
          this.vault.write(() => this.vault.repos.blobIntents.add([id0]));
          const blobKey = recordBlobKey(recordKey, id);
          try {
            const written = await this.vault.blobs.writeFromFile(blobId, blobKey, input.scanPath);
            scan = { name: basename(input.scanPath), size: written.size, sha256: written.sha256 };
          } finally {
            wipe(blobKey);
          }
        }
        const row: StaffRecordRow = {
          id,
          staffId: target.id,
          kind: 'nda',
          day: input.signedOn,
          untilDay: input.expiresOn,
          blobId,
          wrappedKey: wrapRecordKey(master, this.vault.vaultId, id, recordKey),
          body: sealRecordBody(recordKey, { id, staffId: target.id, kind: 'nda' }, { policyVersion: input.policyVersion, scan }),
          createdAt: this.now().toISOString(),
          createdBy: this.vault.staff.id,
        };
        this.vault.write(() => {
          this.vault.repos.staffRecords.insert(row);
          if (blobId) this.vault.repos.blobIntents.remove([blobId]);
          this.vault.audit.record({
            action: 'staff.nda',
            detail: { staffId: target.id, name: target.name, signedOn: input.signedOn, expiresOn: input.expiresOn, ...(input.policyVersion ? { policyVersion: input.policyVersion } : {}), scan: scan !== null },
          });
        });
        await this.syncRosterExpiry(target.id);
        return this.nda(row);
      } catch (err) {
        if (blobId && !this.vault.repos.staffRecords.byId(id)) await this.vault.blobs.remove(blobId).catch(() => undefined);
        throw err;
      } finally {
        wipe(recordKey);
      }
    });
  }

  recordTraining(input: { staffId: string; heldOn: string; topic: string; note: string }): TrainingRecord {
    const target = this.manageable(input.staffId, 'staff.training');
    const row = this.insert(target, 'training', input.heldOn, null, { topic: input.topic, note: input.note }, () =>
      this.vault.audit.record({ action: 'staff.training', detail: { staffId: target.id, name: target.name, heldOn: input.heldOn, topic: input.topic } }),
    );
    return this.training(row);
  }

  acknowledgePolicy(input: { staffId: string; version: string; acknowledgedOn: string }): PolicyAck {
    const target = this.manageable(input.staffId, 'staff.policy.ack');
    const row = this.insert(target, 'ack', input.acknowledgedOn, null, { version: input.version }, () =>
      this.vault.audit.record({ action: 'staff.policy.ack', detail: { staffId: target.id, name: target.name, version: input.version, acknowledgedOn: input.acknowledgedOn } }),
    );
    return this.ack(row);
  }

  /** Decrypts an agreement's scan to `dest` (recorded). */
  async exportScan(ndaId: string, dest: string): Promise<{ path: string; size: number }> {
    this.vault.guard.require('staff.manage', { auditAs: 'staff.nda.scan' });
    const row = this.vault.repos.staffRecords.byId(ndaId);
    if (!row || row.kind !== 'nda' || !row.blobId) throw new VaultError('NOT_FOUND', { what: 'scan' });
    const staff = this.vault.repos.staff.byId(row.staffId);
    const nda = this.nda(row);
    const recordKey = this.recordKey(row);
    const blobKey = recordBlobKey(recordKey, row.id);
    try {
      const size = await this.vault.blobs.exportTo(row.blobId, blobKey, dest, true);
      this.vault.write(() =>
        this.vault.audit.record({ action: 'staff.nda.scan', detail: { staffId: row.staffId, name: staff?.name ?? row.staffId, file: nda.scan?.name ?? basename(dest) } }),
      );
      return { path: dest, size };
    } finally {
      wipe(recordKey, blobKey);
    }
  }

  /** The scan's original name (the save dialog suggests it). */
  scanName(ndaId: string): string {
    this.vault.guard.require('staff.manage');
    const row = this.vault.repos.staffRecords.byId(ndaId);
    const scan = row?.kind === 'nda' ? this.nda(row).scan : null;
    if (!scan) throw new VaultError('NOT_FOUND', { what: 'scan' });
    return scan.name;
  }

  /** The owner's rule (null: off). Any owner or admin may read it. */
  policy(): NdaPolicy | null {
    this.vault.guard.require('staff.manage');
    return rosterNdaPolicy(this.vault.keyFile);
  }

  /** The owner switches the rule on (with a grace period) or off; under the roster's signature, recorded. */
  async setPolicy(input: { required: boolean; graceDays: number }): Promise<NdaPolicy | null> {
    this.vault.guard.require('settings.policy', { detail: { setting: 'nda-policy' } });
    const current = rosterNdaPolicy(this.vault.keyFile);
    const next = input.required ? { graceDays: input.graceDays, since: current?.since ?? localDay(this.now()) } : null;
    await serialised(this.vault, async () => {
      const keys = this.vault.masterKeys(this.now());
      await this.vault.updateKeyFile((file) => setNdaPolicy(file, keys, next));
      this.vault.write(() => this.vault.audit.record({ action: 'settings.change', detail: { setting: 'nda-policy', required: input.required, graceDays: input.graceDays } }));
    });
    return next;
  }

  /**
   * What the unlock tells: the member's own standing when a reminder is due,
   * and for owners and admins how many colleagues' agreements need attention.
   */
  noticeAtUnlock(): NdaNotice {
    const today = localDay(this.now());
    const file = this.vault.keyFile;
    const policy = rosterNdaPolicy(file);
    const out: NdaNotice = {};
    const self = file.body.roster.members.find((m) => m.staffId === this.vault.staff.id);
    if (self) {
      const own = ndaStanding(self.role, self.ndaExpires ?? null, policy, today);
      if (own.remind) out.own = { state: own.state, expires: own.expires, deadline: own.deadline, daysLeft: own.daysLeft };
    }
    if (holdsMasterKey(this.vault.staff.role) && this.vault.clientKeys.hasMaster) {
      const attention = file.body.roster.members.filter((m) => ndaStanding(m.role, m.ndaExpires ?? null, policy, today).remind).length;
      if (attention > 0) out.attention = attention;
    }
    return out;
  }

  /**
   * The roster's expiry per member made the latest agreement's in vault.db:
   * finishes a recording a crash cut between the two (run at owner and admin unlocks).
   */
  async syncRoster(): Promise<void> {
    if (!this.vault.clientKeys.hasMaster) return;
    for (const member of this.vault.keyFile.body.roster.members) {
      if ((member.ndaExpires ?? null) !== this.latestExpiry(member.staffId)) await this.syncRosterExpiry(member.staffId);
    }
  }

  // ---- helpers ----

  private async syncRosterExpiry(staffId: string): Promise<void> {
    const latest = this.latestExpiry(staffId);
    const member = this.vault.keyFile.body.roster.members.find((m) => m.staffId === staffId);
    if (!member || (member.ndaExpires ?? null) === latest) return;
    const keys = this.vault.masterKeys(this.now());
    await this.vault.updateKeyFile((file) => setNdaExpires(file, keys, staffId, latest));
  }

  private latestExpiry(staffId: string): string | null {
    let latest: string | null = null;
    for (const r of this.vault.repos.staffRecords.ofStaff(staffId, 'nda')) if (r.untilDay && (latest === null || r.untilDay > latest)) latest = r.untilDay;
    return latest;
  }

  private insert(target: StaffRow, kind: StaffRecordKind, day: string, untilDay: string | null, body: unknown, audit: () => void): StaffRecordRow {
    const master = this.master();
    const id = randomBytes(16).toString('hex');
    const recordKey = newRecordKey();
    try {
      const row: StaffRecordRow = {
        id,
        staffId: target.id,
        kind,
        day,
        untilDay,
        blobId: null,
        wrappedKey: wrapRecordKey(master, this.vault.vaultId, id, recordKey),
        body: sealRecordBody(recordKey, { id, staffId: target.id, kind }, body),
        createdAt: this.now().toISOString(),
        createdBy: this.vault.staff.id,
      };
      this.vault.write(() => {
        this.vault.repos.staffRecords.insert(row);
        audit();
      });
      return row;
    } finally {
      wipe(recordKey);
    }
  }

  /** Owners record for admins, accountants and auditors; admins for accountants and auditors; nobody for themselves. */
  private manageable(staffId: string, auditAs: 'staff.nda' | 'staff.training' | 'staff.policy.ack'): StaffRow {
    this.vault.guard.require('staff.manage', { auditAs, detail: { staffId } });
    const target = this.vault.repos.staff.byId(staffId);
    if (!target) throw new VaultError('NOT_FOUND', { what: 'staff' });
    if (target.id === this.vault.staff.id || !canManageRole(this.vault.staff.role, target.role)) {
      this.vault.guard.refuse('staff.manage', { auditAs, detail: { staffId, targetRole: target.role } });
    }
    if (target.status !== 'active') throw new VaultError('INVALID_INPUT', { reason: 'staff disabled' });
    return target;
  }

  private master(): Buffer {
    const master = this.vault.clientKeys.masterKey;
    if (!master) throw new VaultError('PERMISSION_DENIED');
    return master;
  }

  private activeStaff(): StaffRow[] {
    return this.vault.repos.staff.all().filter((s) => s.status === 'active');
  }

  private summary(staff: StaffRow): StaffComplianceSummary {
    const member = this.vault.keyFile.body.roster.members.find((m) => m.staffId === staff.id);
    const policy = rosterNdaPolicy(this.vault.keyFile);
    const trainings = this.vault.repos.staffRecords.ofStaff(staff.id, 'training');
    const [ack] = this.vault.repos.staffRecords.ofStaff(staff.id, 'ack');
    return {
      staffId: staff.id,
      name: staff.name,
      role: staff.role,
      standing: ndaStanding(member?.role ?? staff.role, member?.ndaExpires ?? null, policy, localDay(this.now())),
      trainings: trainings.length,
      lastTraining: trainings[0]?.day ?? null,
      policyVersion: ack ? this.ack(ack).version : null,
    };
  }

  private recordKey(row: StaffRecordRow): Buffer {
    const key = unwrapRecordKey(this.master(), this.vault.vaultId, row.id, row.wrappedKey);
    if (!key) throw new VaultError('TAMPERED', { what: `staff record ${row.id}` });
    return key;
  }

  private open<T>(row: StaffRecordRow, schema: z.ZodType<T>): T {
    const key = this.recordKey(row);
    try {
      const parsed = schema.safeParse(openRecordBody(key, { id: row.id, staffId: row.staffId, kind: row.kind }, row.body));
      if (!parsed.success) throw new VaultError('TAMPERED', { what: `staff record ${row.id}` });
      return parsed.data;
    } finally {
      wipe(key);
    }
  }

  private nda(row: StaffRecordRow): NdaRecord {
    const body = this.open(row, ndaBody);
    return {
      id: row.id,
      staffId: row.staffId,
      signedOn: row.day,
      expiresOn: row.untilDay ?? row.day,
      policyVersion: body.policyVersion,
      scan: body.scan ? { name: body.scan.name, size: body.scan.size } : null,
      recordedAt: row.createdAt,
      recordedBy: row.createdBy,
    };
  }

  private training(row: StaffRecordRow): TrainingRecord {
    const body = this.open(row, trainingBody);
    return { id: row.id, staffId: row.staffId, heldOn: row.day, topic: body.topic, note: body.note, recordedAt: row.createdAt, recordedBy: row.createdBy };
  }

  private ack(row: StaffRecordRow): PolicyAck {
    const body = this.open(row, ackBody);
    return { staffId: row.staffId, version: body.version, acknowledgedOn: row.day, recordedAt: row.createdAt };
  }
}
