import { hostname } from 'node:os';
import type { Db } from '../db/database';
import type { AuditRepo } from '../repositories/audit-repo';
import type { AuditAction } from '../../../shared/access';
import { chainMac, genesisMac, verifyChain, type AuditRow, type ChainHead, type ChainVerdict } from './audit-chain';

/** Every security-relevant action the log records (shared with the renderer's log viewer). */
export { AUDIT_ACTIONS, type AuditAction } from '../../../shared/access';

export interface Actor {
  id: string;
  name: string;
  role: string;
}

/** Values allowed in an event's detail: short facts, never secrets or document content. */
export type AuditDetail = Record<string, string | number | boolean | null>;

export interface AuditInput {
  action: AuditAction;
  outcome?: 'success' | 'failure' | 'denied';
  clientId?: string | null;
  documentId?: string | null;
  detail?: AuditDetail;
  /** When it happened, if not now (failed unlocks are written at the next unlock). */
  at?: Date;
  /** Who did it, if not the signed-in staff member. */
  actor?: Actor | null;
}

/**
 * Appends MAC-chained audit events. Each `record` is atomic on its own and,
 * called inside a caller's transaction, commits or rolls back with the action
 * it records: an action without its event cannot be committed.
 */
export class AuditLog {
  constructor(
    private readonly db: Db,
    private readonly repo: AuditRepo,
    private readonly key: Buffer,
    private readonly vaultId: string,
    private readonly actor: () => Actor | null,
    private readonly machine: string = hostname(),
    private readonly now: () => Date = () => new Date(),
  ) {}

  record(input: AuditInput): AuditRow {
    return this.db.transaction(() => {
      const last = this.repo.last();
      const actor = input.actor === undefined ? this.actor() : input.actor;
      const fields = {
        seq: (last?.seq ?? 0) + 1,
        at: (input.at ?? this.now()).toISOString(),
        staffId: actor?.id ?? null,
        staffName: actor?.name ?? null,
        role: actor?.role ?? null,
        action: input.action,
        clientId: input.clientId ?? null,
        documentId: input.documentId ?? null,
        outcome: input.outcome ?? 'success',
        machine: this.machine,
        detail: JSON.stringify(input.detail ?? {}),
      } as const;
      const row: AuditRow = { ...fields, mac: chainMac(this.key, last?.mac ?? genesisMac(this.key, this.vaultId), fields) };
      this.repo.insert(row);
      return row;
    })();
  }

  verify(): ChainVerdict {
    return verifyChain(this.repo.iterate(), this.key, this.vaultId);
  }

  head(): ChainHead | null {
    const last = this.repo.last();
    return last ? { seq: last.seq, mac: last.mac.toString('hex') } : null;
  }
}
