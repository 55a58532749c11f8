import { randomBytes } from 'node:crypto';
import type { AssignableRole, OffboardReport, StaffInfo } from '../../../shared/access';
import type { Role } from '../../../shared/domain';
import { canManageRole, holdsMasterKey, type Action } from '../../../shared/permissions';
import { wipe } from '../keys/keyring';
import { VaultError } from '../errors';
import { normaliseStaffName } from '../keys/key-file';
import { addStaff, removeStaff, setRole } from '../keys/key-slots';
import type { StaffRow } from '../repositories/staff-repo';
import type { OpenVault } from '../vault/open-vault';
import { META_COMMON_ROTATION_PENDING, META_OFFBOARD_MASTER_DONE, META_OFFBOARD_PENDING, META_ROTATION_PENDING } from '../repositories/meta-repo';
import { summaryOf } from '../repositories/credential-view-repo';
import { removeView, viewPath } from '../view/view-db';
import { recordOf } from './client-service';
import { AccessService, serialised, type AccessVault } from './access-service';
import { AuditService, type AuditVault } from './audit-service';
import { assertPasswordAcceptable } from './password-service';

/** An offboarding under way (kept in vault.db until every step is done). */
/**
 * What an offboarding owes, written before its first step. The clients are
 * recorded then: once the handover has rewritten a client's assignment, the
 * records no longer say whose it was, and a resumed run must still grant it.
 */
interface OffboardPlan {
  staffId: string;
  handoverTo: string;
  heldMaster: boolean;
  granted: string[];
  assigned: string[];
}

/** What the offboarding report lists as "accessed". */
export const OFFBOARD_REPORT_ACTIONS = ['client.view', 'client.reveal', 'doc.view', 'doc.export', 'doc.print', 'doc.import'] as const;
export const OFFBOARD_REPORT_DAYS = 90;


/** The parts of an open vault this service uses. */
export type StaffVault = AccessVault & AuditVault & Pick<OpenVault, 'isOpen' | 'paths'>;

/**
 * Staff members: adding (a key slot of their own), changing roles, and
 * offboarding (离职). Owners manage admins, accountants and auditors; admins
 * manage accountants and auditors; nobody manages the owner or themselves.
 */
export class StaffService {
  private readonly access: AccessService;

  constructor(
    private readonly vault: StaffVault,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.access = new AccessService(vault, now);
  }

  list(): StaffInfo[] {
    this.vault.guard.require('staff.list');
    const counts = this.vault.repos.clientKeys.grantCounts();
    return this.vault.repos.staff.all().map((s) => this.info(s, counts));
  }

  byName(name: string): StaffRow {
    const row = this.vault.repos.staff.byNameKey(normaliseStaffName(name));
    if (!row) throw new VaultError('NOT_FOUND', { what: 'staff' });
    return row;
  }

  /** Adds a staff member with their own password and age identity (the new key slot). */
  async add(name: string, role: AssignableRole, password: Buffer): Promise<StaffInfo> {
    try {
      this.checkManage('staff.manage', role, 'staff.add');
      this.requireMaster();
      const clean = name.trim();
      assertPasswordAcceptable(this.vault, password, clean);
      const nameKey = normaliseStaffName(clean);
      return await serialised(this.vault, async () => {
        if (this.vault.repos.staff.byNameKey(nameKey)) throw new VaultError('ALREADY_EXISTS', { what: clean });
        const row: StaffRow = { id: randomBytes(16).toString('hex'), name: clean, role, status: 'active', createdAt: this.now().toISOString() };
        this.vault.write(() => {
          this.vault.repos.staff.insert({ ...row, nameKey });
          this.vault.audit.record({ action: 'staff.add', detail: { staffId: row.id, name: clean, role } });
        });
        try {
          const keys = this.vault.masterKeys(this.now());
          await this.vault.updateKeyFile(async (file) => (await addStaff(file, keys, { ...row, role }, password)).file);
        } catch (err) {
          // No slot, no login: the row stays (names are unique for good) but disabled.
          if (this.vault.isOpen) {
            this.vault.write(() => {
              this.vault.repos.staff.setStatus(row.id, 'disabled');
              this.vault.audit.record({ action: 'staff.disable', outcome: 'failure', detail: { staffId: row.id, reason: 'no key slot' } });
            });
          }
          throw err;
        }
        return this.info(row);
      });
    } finally {
      wipe(password);
    }
  }

  /**
   * Changes a role. Becoming admin adds a master-key wrap to the person's
   * slot; leaving admin replaces the master key and rotates every client key
   * (they could have kept both) and drops their grants.
   */
  async updateRole(staffId: string, role: AssignableRole): Promise<StaffInfo> {
    const target = this.vault.repos.staff.byId(staffId);
    this.vault.guard.require('staff.manage', { detail: { staffId, role } });
    if (!target) throw new VaultError('NOT_FOUND', { what: 'staff' });
    this.checkManage('staff.manage', target.role, 'staff.update', target.id);
    this.checkManage('staff.manage', role, 'staff.update', target.id);
    if (target.status !== 'active') throw new VaultError('INVALID_INPUT', { reason: 'staff disabled' });
    if (target.role === role) return this.info(target);
    this.requireMaster();
    const from = target.role;
    const record = () => this.vault.audit.record({ action: 'staff.update', detail: { staffId, from, to: role } });
    await serialised(this.vault, async () => {
      // The signed roster says who holds which role (and the master key); vault.db mirrors it.
      const keys = this.vault.masterKeys(this.now());
      if (holdsMasterKey(from) && !holdsMasterKey(role)) {
        this.vault.write(() => {
          this.vault.repos.staff.setRole(staffId, role);
          this.vault.repos.meta.set(META_ROTATION_PENDING, 'demotion');
          record();
        });
        await this.vault.updateKeyFile((file) => setRole(file, keys, staffId, role));
        await this.access.replaceMasterAndRotateAll(() => ({ remove: [staffId] }));
      } else {
        await this.vault.updateKeyFile((file) => setRole(file, keys, staffId, role));
        this.vault.write(() => {
          this.vault.repos.staff.setRole(staffId, role);
          record();
        });
      }
    });
    return this.info(this.vault.repos.staff.byId(staffId) ?? target);
  }

  /**
   * 离职: the login goes (key slot removed, status disabled), every grant
   * goes (each affected client key rotated; the master key too if they held
   * it), their clients are handed to `handoverToId` (who is granted them),
   * and the report lists what they accessed in the last 90 days.
   */
  async offboard(staffId: string, handoverToId: string): Promise<OffboardReport> {
    this.vault.guard.require('staff.offboard', { detail: { staffId } });
    const target = this.vault.repos.staff.byId(staffId);
    if (!target) throw new VaultError('NOT_FOUND', { what: 'staff' });
    this.checkManage('staff.offboard', target.role, 'offboard', target.id);
    const colleague = this.vault.repos.staff.byId(handoverToId);
    if (!colleague) throw new VaultError('NOT_FOUND', { what: 'staff' });
    if (colleague.id === target.id || colleague.status !== 'active' || colleague.role === 'auditor') {
      throw new VaultError('INVALID_INPUT', { reason: 'handover needs another active owner, admin or accountant' });
    }
    this.requireMaster();
    return serialised(this.vault, async () => {
      const { repos } = this.vault;
      const at = this.now();
      const since = new Date(at.getTime() - OFFBOARD_REPORT_DAYS * 24 * 3600 * 1000);
      const accessed = new AuditService(this.vault, this.now).matching({ staffId, actions: OFFBOARD_REPORT_ACTIONS, from: since.toISOString() });
      const granted = new Set(repos.clientKeys.clientsGrantedTo(staffId));
      const assigned = new Set(this.vault.view.clients.byAssigned(staffId).map((c) => c.id));
      const heldMaster = holdsMasterKey(target.role);
      const names = this.vault.view.clients.names([...granted, ...assigned]);
      // Owed from here on: a crash at any later step is finished by the next owner or admin unlock.
      const plan: OffboardPlan = { staffId, handoverTo: colleague.id, heldMaster, granted: [...granted], assigned: [...assigned] };
      this.vault.write(() => repos.meta.set(META_OFFBOARD_PENDING, JSON.stringify(plan)));
      await this.completeOffboarding(plan, granted, assigned);
      const list = (ids: Set<string>) => [...ids].map((id) => ({ id, name: names.get(id) ?? id })).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
      const counts: Record<string, number> = {};
      for (const e of accessed) counts[e.action] = (counts[e.action] ?? 0) + 1;
      const report: OffboardReport = {
        staff: { id: target.id, name: target.name, role: target.role },
        handoverTo: { id: colleague.id, name: colleague.name },
        by: { id: this.vault.staff.id, name: this.vault.staff.name },
        at: at.toISOString(),
        since: since.toISOString(),
        revokedClients: list(granted),
        handedOverClients: list(assigned),
        masterKeyReplaced: heldMaster,
        credentialsToRotate: this.vault.view.credentials
          .rotationDue()
          .filter((row) => summaryOf(row).rotationDue.some((d) => d.staffId === staffId))
          .map((row) => ({ id: row.id, clientId: row.clientId, clientName: this.vault.view.clients.byId(row.clientId)?.name ?? row.clientId, title: row.title, kind: row.kind, login: row.login }))
          .sort((a, b) => a.clientName.localeCompare(b.clientName, 'zh-CN') || a.title.localeCompare(b.title, 'zh-CN')),
        accessed,
        counts,
      };
      this.vault.write(() => {
        repos.meta.delete(META_OFFBOARD_PENDING);
        this.vault.audit.record({
          action: 'offboard',
          detail: {
            staffId,
            name: target.name,
            handoverTo: colleague.id,
            revoked: granted.size,
            handedOver: assigned.size,
            masterKeyReplaced: heldMaster,
            accessedEvents: accessed.length,
            credentialsToRotate: report.credentialsToRotate.length,
          },
        });
      });
      return report;
    });
  }

  /**
   * Finishes an offboarding a crash interrupted (run at every owner or admin
   * unlock; nothing to do when none is owed).
   */
  async resumeOffboarding(): Promise<void> {
    const raw = this.vault.repos.meta.get(META_OFFBOARD_PENDING);
    if (!raw || !this.vault.clientKeys.hasMaster) return;
    const plan = JSON.parse(raw) as OffboardPlan;
    await serialised(this.vault, async () => {
      const granted = new Set([...plan.granted, ...this.vault.repos.clientKeys.clientsGrantedTo(plan.staffId)]);
      const assigned = new Set([...plan.assigned, ...this.vault.view.clients.byAssigned(plan.staffId).map((c) => c.id)]);
      await this.completeOffboarding(plan, granted, assigned);
      this.vault.write(() => {
        this.vault.repos.meta.delete(META_OFFBOARD_PENDING);
        this.vault.audit.record({ action: 'offboard', detail: { staffId: plan.staffId, handoverTo: plan.handoverTo, resumed: true } });
      });
    });
  }

  /**
   * Every step of an offboarding, each of which does nothing when already done:
   * 1. the login: off the signed roster, slot gone, signing key retired (their past events still verify);
   * 2. disabled, clients handed over, key replacements marked as owed;
   * 3. their view deleted;
   * 4. every client they could read gets a new key they never saw (the master key too, if they held it);
   * 5. the common key replaced: a copy of vault.db they kept, or the key itself, opens nothing written from now on.
   */
  private async completeOffboarding(plan: OffboardPlan, granted: Set<string>, assigned: Set<string>): Promise<void> {
    const { repos } = this.vault;
    const { staffId } = plan;
    const colleague = repos.staff.byId(plan.handoverTo);
    const colleagueNeedsGrant = colleague !== null && !holdsMasterKey(colleague.role);
    const at = this.now();
    if (this.vault.keyFile.body.roster.members.some((m) => m.staffId === staffId)) {
      const keys = this.vault.masterKeys(at);
      await this.vault.updateKeyFile((file) => removeStaff(file, keys, staffId));
    }
    const nowIso = at.toISOString();
    this.vault.write(() => {
      const wasActive = repos.staff.byId(staffId)?.status === 'active';
      repos.staff.setStatus(staffId, 'disabled');
      for (const clientId of assigned) {
        const client = this.vault.view.clients.byId(clientId);
        if (client && colleague && client.assignedStaff !== colleague.id) this.vault.records.putClient(clientId, { ...recordOf(client), assignedStaff: colleague.id, updatedAt: nowIso }, client.keyVersion, client.rev + 1);
      }
      if (plan.heldMaster && repos.meta.get(META_OFFBOARD_MASTER_DONE) !== staffId) repos.meta.set(META_ROTATION_PENDING, 'offboard');
      repos.meta.set(META_COMMON_ROTATION_PENDING, staffId);
      if (wasActive) this.vault.audit.record({ action: 'staff.disable', detail: { staffId } });
    });
    await removeView(viewPath(this.vault.paths.dir, staffId));
    const changeFor = (clientId: string) => {
      const add = assigned.has(clientId) && colleagueNeedsGrant && colleague ? [colleague.id] : [];
      return {
        remove: [staffId],
        add,
        record: (keyVersion: number) => {
          if (granted.has(clientId)) this.vault.audit.record({ action: 'revoke', clientId, detail: { staffId, keyVersion, offboard: true } });
          if (add.length) this.vault.audit.record({ action: 'grant', clientId, detail: { staffId: colleague!.id, keyVersion, handover: true } });
        },
      };
    };
    if (repos.meta.get(META_ROTATION_PENDING)) {
      await this.access.replaceMasterAndRotateAll(changeFor);
      this.vault.write(() => repos.meta.set(META_OFFBOARD_MASTER_DONE, staffId));
    } else {
      const stillHeld = new Set(repos.clientKeys.clientsGrantedTo(staffId));
      const toGrant = colleagueNeedsGrant && colleague ? [...assigned].filter((id) => !repos.clientKeys.clientsGrantedTo(colleague.id).includes(id)) : [];
      for (const clientId of new Set([...stillHeld, ...toGrant])) await this.access.rotateClient(clientId, changeFor(clientId));
    }
    if (repos.meta.get(META_COMMON_ROTATION_PENDING)) await this.access.rotateCommonKey('offboard');
  }

  /** Refuses (recorded) unless the signed-in role may `action` on staff of `targetRole`, and never on oneself. */
  private checkManage(action: Action, targetRole: Role, auditAs: 'staff.add' | 'staff.update' | 'offboard', targetId?: string): void {
    this.vault.guard.require(action, { auditAs });
    if (targetId === this.vault.staff.id || !canManageRole(this.vault.staff.role, targetRole)) {
      this.vault.guard.refuse(action, { auditAs, detail: { targetRole, ...(targetId ? { staffId: targetId } : {}) } });
    }
  }

  private requireMaster(): Buffer {
    const master = this.vault.clientKeys.masterKey;
    if (!master) throw new VaultError('PERMISSION_DENIED');
    return master;
  }

  private info(s: StaffRow, counts = this.vault.repos.clientKeys.grantCounts()): StaffInfo {
    return {
      id: s.id,
      name: s.name,
      role: s.role,
      status: s.status,
      createdAt: s.createdAt,
      grantCount: counts.get(s.id) ?? 0,
      assignedCount: this.vault.view.clients.byAssigned(s.id).length,
    };
  }
}
