import { ENDED_CLIENT_REFUSES, can, holdsMasterKey, isClientAction, type Action } from '../../../shared/permissions';
import type { AuditAction, AuditDetail } from '../audit/audit-log';
import { VaultError } from '../errors';
import type { ClientRow } from '../repositories/client-view-repo';
import type { OpenVault } from './open-vault';

/** The audit action a refusal is recorded under: the action that was attempted. */
const AUDITED_AS: Record<Action, AuditAction> = {
  'client.list': 'client.list',
  'client.view': 'client.view',
  'client.create': 'client.create',
  'client.edit': 'client.update',
  'client.archive': 'client.archive',
  'client.reveal': 'client.reveal',
  'client.export': 'client.export',
  'client.end': 'client.end',
  'doc.list': 'doc.list',
  'doc.preview': 'doc.view',
  'doc.import': 'doc.import',
  'doc.export': 'doc.export',
  'doc.print': 'doc.print',
  'doc.edit': 'doc.update',
  'doc.trash': 'doc.trash',
  'doc.delete': 'doc.delete',
  'cred.list': 'cred.list',
  'cred.use': 'cred.reveal',
  'cred.edit': 'cred.update',
  'cred.export': 'cred.export',
  'staff.list': 'staff.list',
  'staff.manage': 'staff.update',
  'grant.list': 'grant.list',
  'grant.manage': 'grant',
  'staff.offboard': 'offboard',
  'audit.view': 'audit.view',
  'audit.export': 'audit.export',
  'report.access': 'report.access',
  'backup.create': 'backup.create',
  'backup.restore': 'backup.restore',
  'settings.policy': 'settings.change',
  'settings.own': 'settings.change',
  'alerts.manage': 'alert.ack',
  'incidents.manage': 'incident.open',
  'retention.manage': 'retention.hold',
};

export interface Refusal {
  /** Recorded instead of the default audit action for `action`. */
  auditAs?: AuditAction;
  detail?: AuditDetail;
  documentId?: string;
}

/**
 * The permission check every service entry point starts with. Refusals are
 * recorded as audit events with outcome 'denied'. A client the staff member
 * holds no grant on does not exist as far as they can tell: NOT_FOUND, the
 * same answer as for an id that was never used.
 */
export class AccessGuard {
  constructor(private readonly vault: OpenVault) {}

  /** Whether the session holds the client's current key. */
  granted(client: Pick<ClientRow, 'id' | 'keyVersion'>): boolean {
    return this.vault.clientKeys.key(client.id, client.keyVersion) !== null;
  }

  /** For actions not about one client. */
  require(action: Action, refusal: Refusal = {}): void {
    this.vault.assertOpen();
    this.assertOwnPassword();
    if (isClientAction(action)) throw new Error(`${action} needs a client`);
    if (!can(this.vault.staff.role, action, { granted: false })) this.deny(action, null, refusal);
  }

  /**
   * For actions on one client's data: returns the client as the session's
   * view holds it, or throws NOT_FOUND (no such client, or not granted: the
   * view holds only what the session can read) / PERMISSION_DENIED (visible,
   * but the role may not do this).
   */
  requireClient(action: Action, clientId: string, refusal: Refusal & { what?: 'client' | 'document' } = {}): ClientRow {
    this.vault.assertOpen();
    this.assertOwnPassword();
    const what = refusal.what ?? 'client';
    const row = this.vault.view.clients.byId(clientId);
    const role = this.vault.staff.role;
    const granted = row !== null && (holdsMasterKey(role) ? this.vault.clientKeys.hasMaster : this.granted(row));
    if (row && can(role, action, { granted })) {
      if (row.status === 'ended' && ENDED_CLIENT_REFUSES.has(action)) {
        this.record(action, clientId, { ...refusal, detail: { ...refusal.detail, reason: 'client-ended' } });
        throw new VaultError('CLIENT_ENDED');
      }
      return row;
    }
    if (!row && this.vault.repos.clientKeys.currentVersion(clientId) === null) throw new VaultError('NOT_FOUND', { what });
    if (!row || !can(role, 'client.view', { granted })) {
      this.record(action, clientId, { ...refusal, detail: { ...refusal.detail, reason: 'not-granted' } });
      throw new VaultError('NOT_FOUND', { what });
    }
    return this.deny(action, clientId, refusal);
  }

  /** A session opened with a reset's temporary password may do nothing until its own password is set. */
  assertOwnPassword(): void {
    if (this.vault.passwordChangeRequired) throw new VaultError('PASSWORD_CHANGE_REQUIRED');
  }

  /** Refuses an action a rule outside the permission table forbids (e.g. managing a more senior role). */
  refuse(action: Action, refusal: Refusal = {}): never {
    return this.deny(action, null, refusal);
  }

  private deny(action: Action, clientId: string | null, refusal: Refusal): never {
    this.record(action, clientId, refusal);
    throw new VaultError('PERMISSION_DENIED');
  }

  private record(action: Action, clientId: string | null, refusal: Refusal): void {
    this.vault.audit.record({
      action: refusal.auditAs ?? AUDITED_AS[action],
      outcome: 'denied',
      clientId,
      documentId: refusal.documentId ?? null,
      detail: { permission: action, ...refusal.detail },
    });
  }
}
