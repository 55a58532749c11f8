import {
  RETENTION_RULE_IDS,
  defaultRetentionPeriods,
  periodProblem,
  retentionEnded,
  retentionOf,
  type LegalHold,
  type DocumentRetention,
  type RetentionPeriods,
  type RetentionRuleId,
  type RetentionYears,
} from '../../../shared/retention';
import { localDay } from '../credentials/credential-service';
import { VaultError } from '../errors';
import { holdOfColumn } from '../records/legal-hold';
import type { ClientRow } from '../repositories/client-view-repo';
import type { DocumentRow } from '../repositories/document-view-repo';
import { recordOf as clientRecordOf } from '../services/client-service';
import { recordOf as documentRecordOf } from '../services/document-service';
import type { OpenVault } from '../vault/open-vault';

/** The parts of an open vault this service uses. */
export type RetentionVault = Pick<OpenVault, 'assertOpen' | 'audit' | 'guard' | 'records' | 'repos' | 'staff' | 'view' | 'write'>;

const PERIODS_KEY = 'retentionPeriods';


/** The firm's retention periods, as stored (only what differs from the defaults), checked again on every read. */
export function retentionPeriodsOf(vault: Pick<OpenVault, 'repos'>): RetentionPeriods {
  const periods = defaultRetentionPeriods();
  const stored = vault.repos.settings.get('policy', PERIODS_KEY);
  if (stored && typeof stored === 'object') {
    for (const id of RETENTION_RULE_IDS) {
      const value = (stored as Record<string, unknown>)[id];
      if ((typeof value === 'number' || value === 'permanent') && periodProblem(id, value) === null) periods[id] = value;
    }
  }
  return periods;
}

export function describeRetention(row: DocumentRow, client: Pick<ClientRow, 'legalHold'> | null, periods: RetentionPeriods, today: string): DocumentRetention {
  const documentHold = holdOfColumn(row.legalHold);
  const clientHold = holdOfColumn(client?.legalHold);
  const info = retentionOf(row, periods, documentHold !== null || clientHold !== null);
  return { ...info, documentHold, clientHold, ended: retentionEnded(info, today) };
}

/**
 * Refuses a permanent delete under a hold (its own or its client's), of a document kept 永久, or
 * before its period has ended. Sample documents (the demo's) are no archive and always go.
 */
export function assertDeletable(vault: Pick<OpenVault, 'repos' | 'view'>, row: DocumentRow, today: string): void {
  if (row.sample === 1) return;
  const retention = describeRetention(row, vault.view.clients.byId(row.clientId), retentionPeriodsOf(vault), today);
  if (retention.held) throw new VaultError('LEGAL_HOLD');
  if (retention.keepUntil === null) throw new VaultError('RETENTION_PERMANENT');
  if (!retention.ended) throw new VaultError('RETENTION_NOT_REACHED', { until: retention.keepUntil });
}

/**
 * Retention periods (保管期限, the owner's policy), each document's keep-until
 * date, and legal holds on clients and documents. Holds live in the sealed
 * records (client data), never in a plain table.
 */
export class RetentionService {
  constructor(
    private readonly vault: RetentionVault,
    private readonly now: () => Date = () => new Date(),
  ) {}

  periods(): RetentionPeriods {
    this.vault.assertOpen();
    return retentionPeriodsOf(this.vault);
  }

  /** The owner changes one rule's period; never below the legal minimum (第十五条). Recorded. */
  setPeriod(rule: RetentionRuleId, years: RetentionYears): RetentionPeriods {
    this.vault.guard.require('settings.policy', { detail: { setting: 'retention' } });
    const problem = periodProblem(rule, years);
    if (problem === 'below-legal') throw new VaultError('INVALID_INPUT', { reason: 'below the legal minimum' });
    if (problem) throw new VaultError('INVALID_INPUT', { reason: 'retention period out of range' });
    const next = { ...retentionPeriodsOf(this.vault), [rule]: years };
    this.vault.write(() => {
      this.vault.repos.settings.set('policy', PERIODS_KEY, next, this.vault.staff.id, this.now());
      this.vault.audit.record({ action: 'settings.change', detail: { setting: 'retention', rule, years: String(years) } });
    });
    return next;
  }

  /** One document's retention, for anyone who may see the document. */
  ofDocument(id: string): DocumentRetention {
    const { row, client } = this.requireDocument(id, 'doc.list');
    return this.describe(row, client);
  }

  describe(row: DocumentRow, client: ClientRow | null, periods: RetentionPeriods = retentionPeriodsOf(this.vault)): DocumentRetention {
    return describeRetention(row, client, periods, this.today());
  }


  /** Sets (reason) or lifts (null) a hold on one document: owners and admins, recorded. */
  holdDocument(id: string, reason: string | null): DocumentRetention {
    this.vault.guard.require('retention.manage', { auditAs: reason === null ? 'retention.release' : 'retention.hold', documentId: id });
    // Seeing the document is enough once retention.manage passed: a hold is set on an ended client's records too.
    const { row, client } = this.requireDocument(id, 'doc.list');
    const sealed = this.vault.repos.documentRecords.byId(id)!;
    const hold = reason === null ? null : this.newHold(reason);
    this.vault.write(() => {
      const { legalHold: _old, ...record } = documentRecordOf(row);
      this.vault.records.putDocument(
        { id, clientId: row.clientId, blobId: row.blobId, wrappedKey: sealed.wrappedKey, size: row.size, keyVersion: sealed.keyVersion, rev: sealed.rev + 1 },
        hold ? { ...record, legalHold: hold, updatedAt: hold.at } : { ...record, updatedAt: this.now().toISOString() },
      );
      this.vault.audit.record({
        action: hold ? 'retention.hold' : 'retention.release',
        clientId: row.clientId,
        documentId: id,
        detail: { scope: 'document', name: row.name, ...(hold ? { reason: hold.reason } : {}) },
      });
    });
    return this.describe(this.vault.view.documents.byId(id)!, client);
  }

  /** Sets or lifts a hold on everything of a client. */
  holdClient(clientId: string, reason: string | null): LegalHold | null {
    this.vault.guard.require('retention.manage', { auditAs: reason === null ? 'retention.release' : 'retention.hold', detail: { clientId } });
    const client = this.vault.guard.requireClient('client.view', clientId);
    const hold = reason === null ? null : this.newHold(reason);
    this.vault.write(() => {
      const { legalHold: _old, ...record } = clientRecordOf(client);
      this.vault.records.putClient(clientId, hold ? { ...record, legalHold: hold } : record, client.keyVersion, client.rev + 1);
      this.vault.audit.record({
        action: hold ? 'retention.hold' : 'retention.release',
        clientId,
        detail: { scope: 'client', ...(hold ? { reason: hold.reason } : {}) },
      });
    });
    return hold;
  }

  /** The hold on a client, for its page. */
  clientHold(clientId: string): LegalHold | null {
    return holdOfColumn(this.vault.guard.requireClient('client.view', clientId).legalHold);
  }

  today(): string {
    return localDay(this.now());
  }

  private newHold(reason: string): LegalHold {
    const text = reason.trim();
    if (text === '') throw new VaultError('REASON_REQUIRED');
    return { by: this.vault.staff.id, byName: this.vault.staff.name, at: this.now().toISOString(), reason: text };
  }

  private requireDocument(id: string, action: 'doc.list'): { row: DocumentRow; client: ClientRow } {
    this.vault.assertOpen();
    const sealed = this.vault.repos.documentRecords.byId(id);
    if (!sealed) throw new VaultError('NOT_FOUND', { what: 'document' });
    const client = this.vault.guard.requireClient(action, sealed.clientId, { what: 'document', documentId: id });
    const row = this.vault.view.documents.byId(id);
    if (!row) throw new VaultError('NOT_FOUND', { what: 'document' });
    return { row, client };
  }
}
