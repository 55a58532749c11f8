import type { AuditDetailValue, AuditEntry, AuditOutcome, AuditPage, FileSaved } from '../../../shared/access';
import { openDetail, type AuditEvent } from '../audit/audit-event';
import { verifyLog, type ChainVerdict } from '../audit/audit-log';
import { signerKeysFor } from '../keys/key-file';
import { writeFileDurable } from '../fs/durable';
import type { AuditFilter } from '../repositories/audit-repo';
import type { OpenVault } from '../vault/open-vault';
import { actionLabel, actorText, detailText, formatTime, outcomeLabel, roleLabel } from '../reports/report-labels';

export interface AuditQuery {
  staffId?: string | null;
  clientId?: string | null;
  action?: string | null;
  outcome?: AuditOutcome | null;
  from?: string | null;
  to?: string | null;
  offset?: number;
  limit?: number;
}


/** The parts of an open vault this service uses. */
export type AuditVault = Pick<OpenVault, 'assertOpen' | 'audit' | 'clientKeys' | 'guard' | 'keyFile' | 'repos' | 'vaultId' | 'view'>;

/** Reading the audit log: the log viewer, CSV export and the reports built on it. */
export class AuditService {
  constructor(
    private readonly vault: AuditVault,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** One page, newest first. */
  list(query: AuditQuery): AuditPage {
    this.vault.guard.require('audit.view');
    const { rows, total } = this.vault.repos.audit.find({ ...query, limit: query.limit ?? 100, offset: query.offset ?? 0 });
    return { items: this.entries(rows), total };
  }

  /** Every matching event, oldest first (the command-line listing). */
  listAll(query: AuditQuery): AuditEntry[] {
    this.vault.guard.require('audit.view');
    return this.matching(query);
  }

  /** A failed verification is recorded (an integrity alert follows from it); a passing one is not, to keep the head it reports. */
  verify(): ChainVerdict {
    this.vault.guard.require('audit.view');
    const verdict = verifyAuditLog(this.vault);
    if (!verdict.ok) {
      try {
        this.vault.audit.record({ action: 'audit.verify', outcome: 'failure', detail: { firstBadSeq: verdict.firstBadSeq, reason: verdict.reason } });
      } catch {
        // A log too damaged to append to: the verdict itself is what the person must see.
      }
    }
    return verdict;
  }

  /** Every matching event as CSV (UTF-8 with BOM, so spreadsheet programs read the Chinese), oldest first; 详情 in words. */
  async exportCsv(query: AuditQuery, pickTarget: (defaultName: string) => Promise<string | null>): Promise<FileSaved> {
    this.vault.guard.require('audit.export');
    const target = await pickTarget(`审计日志-${this.now().toISOString().slice(0, 10)}.csv`);
    if (!target) return { cancelled: true };
    this.vault.assertOpen();
    const entries = this.matching(query);
    // Recorded before the file is written, like every export.
    this.vault.audit.record({ action: 'audit.export', detail: { count: entries.length, ...filterDetail(query) } });
    await writeFileDurable(target, auditCsv(entries));
    return { cancelled: false, path: target, count: entries.length };
  }

  /** Every matching event, oldest first, with names resolved. No permission check: callers check their own. */
  matching(filter: AuditFilter): AuditEntry[] {
    const { limit: _l, offset: _o, ...rest } = filter;
    void _l;
    void _o;
    return this.entries([...this.vault.repos.audit.iterateMatching(rest)]);
  }

  /**
   * Events as people read them. Names come from the session's view, so a
   * client or document the session cannot read shows as its id only; a
   * sealed detail is opened when the session holds the client's key.
   */
  entries(rows: AuditEvent[]): AuditEntry[] {
    const clientNames = this.vault.view.clients.names(rows.flatMap((r) => (r.clientId ? [r.clientId] : [])));
    const docNames = this.vault.view.documents.names(rows.flatMap((r) => (r.documentId ? [r.documentId] : [])));
    const staffNames = new Map(this.vault.repos.staff.all().map((s) => [s.id, s.name]));
    return rows.map((r) => {
      const detail = parseDetail(this.detailText(r));
      const people: Record<string, string> = {};
      for (const key of ['staffId', 'handoverTo']) {
        const id = detail[key];
        const name = typeof id === 'string' ? staffNames.get(id) : undefined;
        if (typeof id === 'string' && name !== undefined) people[id] = name;
      }
      const recordedName = typeof detail.name === 'string' ? detail.name : null;
      const readable = r.clientId !== null && clientNames.has(r.clientId);
      return {
        seq: r.seq,
        at: r.at,
        staffId: r.actorId,
        staffName: r.actorName,
        role: r.role,
        action: r.action,
        outcome: r.outcome,
        clientId: r.clientId,
        clientName: r.clientId ? (clientNames.get(r.clientId) ?? null) : null,
        documentId: r.documentId,
        documentName: r.documentId && (readable || r.clientId === null) ? (docNames.get(r.documentId) ?? recordedName) : null,
        machine: r.machine,
        detail,
        people,
      };
    });
  }

  /** The detail's JSON: in the clear, opened with the client's key, or '{}' when this session cannot open it. */
  private detailText(r: AuditEvent): string {
    if (!r.sealed) return r.detail;
    if (!r.clientId || r.keyVersion === null) return '{}';
    const key = this.vault.clientKeys.key(r.clientId, r.keyVersion);
    if (!key) return '{}';
    return openDetail(key, { vaultId: this.vault.vaultId, seq: r.seq, clientId: r.clientId, keyVersion: r.keyVersion }, r.sealed)?.detail ?? '{}';
  }
}

/** Verifies the whole log against vault.key's signing keys; sealed details this session holds keys for are checked too. */
export function verifyAuditLog(vault: Pick<OpenVault, 'keyFile' | 'repos' | 'vaultId' | 'clientKeys'>): ChainVerdict {
  const file = vault.keyFile;
  return verifyLog(vault.repos.audit.iterate(), {
    vaultId: vault.vaultId,
    rosterVersion: file.body.roster.version,
    signerKeys: (e) => signerKeysFor(file, { signer: e.signer, actorId: e.actorId, rosterVersion: e.rosterVersion }),
    clientKey: (clientId, version) => vault.clientKeys.key(clientId, version),
  });
}

function parseDetail(text: string): Record<string, AuditDetailValue> {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, AuditDetailValue>) : {};
  } catch {
    return {};
  }
}

function filterDetail(query: AuditQuery): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of ['staffId', 'clientId', 'action', 'outcome', 'from', 'to'] as const) {
    const value = query[key];
    if (value) out[`filter_${key}`] = value;
  }
  return out;
}

/** A CSV cell: quoted, and neutralised if a spreadsheet would read it as a formula (staff names are typed by people). */
export function csvCell(value: string | number | null): string {
  let text = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

export function auditCsv(entries: readonly AuditEntry[]): string {
  const header = ['序号', '时间', '员工', '角色', '操作', '操作代码', '结果', '客户', '客户ID', '资料', '资料ID', '终端', '详情'];
  const lines = [header.map(csvCell).join(',')];
  for (const e of entries) {
    lines.push(
      [
        e.seq,
        formatTime(e.at),
        actorText(e),
        e.role ? roleLabel(e.role) : null,
        actionLabel(e.action),
        e.action,
        outcomeLabel(e.outcome),
        e.clientName,
        e.clientId,
        e.documentName,
        e.documentId,
        e.machine,
        detailText(e),
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `\ufeff${lines.join('\r\n')}\r\n`;
}
