/** The audit log's action filter, grouped by area (保险库, 客户, 资料 …). */
import { AUDIT_ACTIONS, type AuditAction } from './access';
import type { AuditWords } from './audit-details';

export type AuditGroup = keyof AuditWords['groups'];

/** Every action in exactly one area: the compiler refuses a new action until it is placed here. */
const GROUP_OF: Record<AuditAction, AuditGroup> = {
  'vault.create': 'vault',
  unlock: 'vault',
  'unlock.failed': 'vault',
  lock: 'vault',
  'password.change': 'vault',
  'password.reset': 'staff',
  'audit.verify': 'audit',
  'alert.raise': 'audit',
  'alert.ack': 'audit',
  'staff.suspend': 'staff',
  'staff.unsuspend': 'staff',
  'incident.open': 'audit',
  'incident.update': 'audit',
  'incident.export': 'audit',
  'incident.close': 'audit',
  'staff.nda': 'staff',
  'staff.nda.scan': 'staff',
  'staff.training': 'staff',
  'staff.policy.ack': 'staff',
  'vault.upgrade': 'vault',
  'vault.rollback': 'vault',
  'vault.rollback.accept': 'vault',
  'anchor.forged': 'vault',
  'client.list': 'clients',
  'client.view': 'clients',
  'client.create': 'clients',
  'client.update': 'clients',
  'client.archive': 'clients',
  'client.reveal': 'clients',
  'client.import': 'clients',
  'client.export': 'clients',
  'doc.list': 'documents',
  'doc.import': 'documents',
  'doc.view': 'documents',
  'doc.export': 'documents',
  'doc.print': 'documents',
  'doc.update': 'documents',
  'doc.trash': 'documents',
  'doc.restore': 'documents',
  'doc.delete': 'documents',
  'cred.list': 'credentials',
  'cred.add': 'credentials',
  'cred.update': 'credentials',
  'cred.delete': 'credentials',
  'cred.reveal': 'credentials',
  'cred.copy': 'credentials',
  'cred.totp': 'credentials',
  'cred.rotated': 'credentials',
  'cred.file.export': 'credentials',
  'cred.import': 'credentials',
  'cred.export': 'credentials',
  'staff.list': 'staff',
  'staff.add': 'staff',
  'staff.update': 'staff',
  'staff.disable': 'staff',
  'grant.list': 'staff',
  grant: 'staff',
  revoke: 'staff',
  'key.rotate': 'staff',
  offboard: 'staff',
  'audit.view': 'audit',
  'audit.export': 'audit',
  'report.access': 'audit',
  'report.compliance': 'audit',
  'backup.create': 'backup',
  'backup.restore': 'backup',
  'settings.change': 'settings',
};

export const AUDIT_GROUPS: readonly AuditGroup[] = ['vault', 'clients', 'documents', 'credentials', 'staff', 'audit', 'backup', 'settings'];

/** The areas in display order, each with its actions in the log's order. */
export function auditActionGroups(): { group: AuditGroup; actions: AuditAction[] }[] {
  return AUDIT_GROUPS.map((group) => ({ group, actions: AUDIT_ACTIONS.filter((a) => GROUP_OF[a] === group) }));
}
