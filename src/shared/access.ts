/** Staff, grants, the audit log and reports: types shared by main and the renderer. */
import type { Action } from './permissions';
import type { Role, SessionStaff } from './domain';

/** Every security-relevant action the audit log records. */
export const AUDIT_ACTIONS = [
  'vault.create',
  'unlock',
  'unlock.failed',
  'lock',
  'password.change',
  'password.reset',
  'client.list',
  'client.view',
  'client.create',
  'client.update',
  'client.archive',
  'client.reveal',
  'client.import',
  'client.export',
  'doc.list',
  'doc.import',
  'doc.view',
  'doc.export',
  'doc.print',
  'doc.update',
  'doc.trash',
  'doc.restore',
  'doc.delete',
  'cred.list',
  'cred.add',
  'cred.update',
  'cred.delete',
  'cred.reveal',
  'cred.copy',
  'cred.totp',
  'cred.rotated',
  'cred.file.export',
  'cred.import',
  'cred.export',
  'staff.list',
  'staff.add',
  'staff.update',
  'staff.disable',
  'grant.list',
  'grant',
  'revoke',
  'key.rotate',
  'offboard',
  'audit.view',
  'audit.export',
  'report.access',
  'report.compliance',
  'settings.change',
  'backup.create',
  'backup.restore',
  'vault.upgrade',
  'vault.rollback',
  'vault.rollback.accept',
  'anchor.forged',
  'audit.verify',
  'alert.raise',
  'alert.ack',
  'staff.suspend',
  'staff.unsuspend',
  'incident.open',
  'incident.update',
  'incident.export',
  'incident.close',
  'staff.nda',
  'staff.nda.scan',
  'staff.training',
  'staff.policy.ack',
  'retention.hold',
  'retention.release',
  'destruction.create',
  'destruction.approve',
  'destruction.cancel',
  'destruction.execute',
  'destruction.certificate',
  'doc.destroy',
  'share.create',
  'sync.publish',
  'sync.invite',
  'sync.join',
  'sync.refused',
  'client.handback',
  'client.end',
  'client.erase',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_OUTCOMES = ['success', 'failure', 'denied'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** Roles that can be given to staff; the owner is whoever created the vault. */
export const ASSIGNABLE_ROLES = ['admin', 'accountant', 'auditor'] as const;
export type AssignableRole = (typeof ASSIGNABLE_ROLES)[number];

export type StaffStatus = 'active' | 'disabled';

export interface StaffInfo {
  id: string;
  name: string;
  role: Role;
  status: StaffStatus;
  createdAt: string;
  /** Clients granted to this staff member (owners and admins reach every client through the master key). */
  grantCount: number;
  /** Clients this staff member is responsible for (handed over on offboarding). */
  assignedCount: number;
}

export interface GrantInfo {
  clientId: string;
  clientName: string;
  staffId: string;
  staffName: string;
  /** Client key version the grant wraps. */
  keyVersion: number;
  grantedBy: string | null;
  grantedByName: string | null;
  grantedAt: string;
  /** The grantee is the client's assigned staff member. */
  assigned: boolean;
}

export interface RevokeResult {
  revoked: true;
  /** The client's new key version: everything of the client is now wrapped under it. */
  keyVersion: number;
}

export type AuditDetailValue = string | number | boolean | null;

/** One audit event as the log viewer and the reports show it. */
export interface AuditEntry {
  seq: number;
  at: string;
  staffId: string | null;
  staffName: string | null;
  role: string | null;
  action: string;
  outcome: AuditOutcome;
  clientId: string | null;
  clientName: string | null;
  documentId: string | null;
  /** The document's current name, or the name recorded when it was deleted. */
  documentName: string | null;
  machine: string;
  detail: Record<string, AuditDetailValue>;
  /** Names of the staff members the detail names by id (staffId, handoverTo), as the roster has them now. */
  people?: Record<string, string>;
}

export interface AuditPage {
  items: AuditEntry[];
  total: number;
}

export type FileSaved = { cancelled: true } | { cancelled: false; path: string; count: number };

/** What offboarding did, and what the person accessed in the 90 days before. */
export interface OffboardReport {
  staff: { id: string; name: string; role: Role };
  handoverTo: { id: string; name: string };
  by: { id: string; name: string };
  at: string;
  /** Start of the access window (90 days before `at`). */
  since: string;
  /** Clients whose grant was removed (their keys were rotated). */
  revokedClients: { id: string; name: string }[];
  /** Clients that were assigned to the person and now are to `handoverTo`. */
  handedOverClients: { id: string; name: string }[];
  /** The person held the master key: it was replaced and every client key rotated. */
  masterKeyReplaced: boolean;
  /** Every credential the person could have seen: each is 待更换 until a colleague changes it at the site. */
  credentialsToRotate: { id: string; clientId: string; clientName: string; title: string; kind: import('./credentials').CredentialKind; login: string | null }[];
  /** Views, reveals, imports, exports and prints (including refused attempts), oldest first. */
  accessed: AuditEntry[];
  counts: Record<string, number>;
}

export interface OffboardResult {
  report: OffboardReport;
  /** Where the PDF report was saved; null when not asked for or cancelled. */
  reportPath: string | null;
}

/** What the signed-in staff member may do: drives which screens and buttons the UI offers. */
export interface SessionAccess {
  staff: SessionStaff;
  /** Owners and admins: every client. Everyone else: only granted clients. */
  seesAllClients: boolean;
  /** Actions allowed (on granted clients, for client actions). */
  allowed: Action[];
}

/** A reset's answer, shown once to the owner or admin who made it: the temporary password to hand over, and when it stops working. */
export interface PasswordReset {
  staffId: string;
  name: string;
  temporaryPassword: string;
  expiresAt: string;
}

/** Names that unlocked this vault on this PC (kept in this person's state folder, not in the vault), last first. */
export interface RecentStaffNames {
  names: string[];
  last: string | null;
}
