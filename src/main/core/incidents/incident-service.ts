import { randomBytes } from 'node:crypto';
import type { AuditEntry, FileSaved } from '../../../shared/access';
import type { AffectedClient, DraftTarget, IncidentAction, IncidentClosure, IncidentDataKind, IncidentDetail, IncidentDraft, IncidentScope, IncidentStatus, IncidentSummary, TimelineItem } from '../../../shared/incidents';
import { AUDIT_WORDS } from '../../../shared/audit-details';
import { VaultError } from '../errors';
import { writeFileDurable } from '../fs/durable';
import { sanitizeFileName } from '../fs/file-names';
import { noticePdf } from '../reports/report-pdf';
import type { AlertService } from '../alerts/alert-service';
import { AuditService, type AuditVault } from '../services/audit-service';
import type { OpenVault } from '../vault/open-vault';
import { clientNotice, regulatorReport, type DraftFacts } from './incident-drafts';
import { openIncident, sealIncident } from './incident-seal';

export type IncidentVault = AuditVault & Pick<OpenVault, 'staff' | 'write'>;

/** What is sealed: everything about the incident but its id. */
interface IncidentBody {
  title: string;
  status: IncidentStatus;
  openedAt: string;
  openedBy: { id: string; name: string };
  alert: number | null;
  alertRule: string | null;
  scope: IncidentScope;
  contact: string;
  actions: IncidentAction[];
  drafts: Partial<Record<DraftTarget, string>>;
  closure: IncidentClosure | null;
}

/** Minutes either side of an alert's events that an incident opened from it looks at. */
export const ALERT_MARGIN_MINUTES = 30;
/** Timeline events read at most (a window of a busy day holds a few thousand). */
const TIMELINE_LIMIT = 5000;

const DOCUMENT_ACTIONS = new Set(['doc.view', 'doc.export', 'doc.print', 'doc.update', 'doc.trash', 'doc.restore', 'doc.delete', 'doc.import']);
const CREDENTIAL_ACTIONS = new Set(['cred.reveal', 'cred.copy', 'cred.totp', 'cred.file.export', 'cred.update', 'cred.delete', 'cred.add']);
const SHORT = 8;

/**
 * The incident register (owners and admins): incidents opened from an alert
 * or by hand, their timeline from the audit log and the actions people
 * recorded, the affected clients and kinds of data read from the vault, the
 * notification drafts and their export as PDFs, and closing. Each incident is
 * sealed under the master key; every change is audited; a closed incident
 * refuses changes (INCIDENT_CLOSED).
 */
export class IncidentService {
  private readonly audit: AuditService;

  constructor(
    private readonly vault: IncidentVault,
    private readonly alerts: Pick<AlertService, 'entry'>,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.audit = new AuditService(vault, now);
  }

  list(): IncidentSummary[] {
    const key = this.masterKey();
    return this.vault.repos.incidents.all().flatMap((row) => {
      const body = this.body(key, row);
      return body ? [summary(row.id, body)] : [];
    });
  }

  get(id: string): IncidentDetail {
    return this.detail(id, this.load(id).body);
  }

  /** Prefilled from the alert: its staff member, the clients and the window around its events. */
  openFromAlert(seq: number): IncidentDetail {
    this.masterKey();
    const alert = this.alerts.entry(seq);
    const events = this.vault.repos.audit.bySeqs(alert.events);
    const times = events.map((e) => Date.parse(e.at)).filter(Number.isFinite);
    const alertAt = Date.parse(this.vault.repos.audit.bySeq(seq)?.at ?? this.now().toISOString());
    const margin = ALERT_MARGIN_MINUTES * 60_000;
    const from = new Date(Math.min(alertAt, ...times) - margin).toISOString();
    const to = new Date(Math.max(alertAt, ...times) + margin).toISOString();
    const staffIds = alert.subjectId ? [alert.subjectId] : [...new Set(events.flatMap((e) => (e.actorId ? [e.actorId] : [])))];
    const clientIds = [...new Set([...(alert.clientId ? [alert.clientId] : []), ...events.flatMap((e) => (e.clientId ? [e.clientId] : []))])];
    const title = `${this.ruleTitle(alert.rule)} #${seq}`;
    return this.create(title, { staffIds, clientIds, from, to }, seq, alert.rule);
  }

  open(title: string, scope: IncidentScope): IncidentDetail {
    return this.create(title, scope, null, null);
  }

  update(id: string, change: { title?: string; scope?: IncidentScope; contact?: string }): IncidentDetail {
    const fields = (['title', 'scope', 'contact'] as const).filter((k) => change[k] !== undefined);
    if (fields.length === 0) throw new VaultError('INVALID_INPUT', { reason: 'change' });
    return this.change(id, fields.join(','), (b) => ({
      ...b,
      ...(change.title !== undefined ? { title: change.title } : {}),
      ...(change.scope !== undefined ? { scope: change.scope } : {}),
      ...(change.contact !== undefined ? { contact: change.contact } : {}),
    }));
  }

  addAction(id: string, text: string): IncidentDetail {
    const action: IncidentAction = { at: this.now().toISOString(), staffId: this.vault.staff.id, staffName: this.vault.staff.name, text };
    return this.change(id, 'action', (b) => ({ ...b, actions: [...b.actions, action] }));
  }

  /** Keeps the edited text of one draft (an empty text goes back to the generated one). */
  saveDraft(id: string, target: DraftTarget, text: string): IncidentDetail {
    return this.change(id, 'draft', (b) => {
      const drafts = { ...b.drafts };
      if (text.trim() === '') delete drafts[target];
      else drafts[target] = text;
      return { ...b, drafts };
    });
  }

  close(id: string, cause: string, lessons: string): IncidentDetail {
    const closure: IncidentClosure = { at: this.now().toISOString(), staffId: this.vault.staff.id, staffName: this.vault.staff.name, cause, lessons };
    return this.change(id, null, (b) => ({ ...b, status: 'closed', closure }), 'incident.close');
  }

  /** The draft as it stands (edited or generated) as a PDF where `pickTarget` says; recorded first, like every export. */
  async exportDraft(id: string, target: DraftTarget, pickTarget: (defaultName: string) => Promise<string | null>): Promise<FileSaved> {
    const detail = this.get(id);
    const draft = detail.drafts.find((d) => d.target === target);
    if (!draft) throw new VaultError('NOT_FOUND', { what: 'draft' });
    const title = target === 'regulator' ? '个人信息安全事件报告' : '个人信息安全事件告知函';
    const path = await pickTarget(sanitizeFileName(`${title}-${draft.addressee}.pdf`));
    if (!path) return { cancelled: true };
    this.vault.assertOpen();
    const clientId = target === 'regulator' ? null : target.slice('client:'.length);
    this.vault.write(() =>
      this.vault.audit.record({ action: 'incident.export', clientId, detail: { incident: id.slice(0, SHORT), target: clientId ? 'client' : 'regulator', edited: draft.edited } }),
    );
    await writeFileDurable(path, noticePdf(title, draft.text));
    return { cancelled: false, path, count: 1 };
  }

  private create(title: string, scope: IncidentScope, alert: number | null, alertRule: string | null): IncidentDetail {
    this.masterKey();
    const id = randomBytes(16).toString('hex');
    const at = this.now().toISOString();
    const body: IncidentBody = {
      title,
      status: 'open',
      openedAt: at,
      openedBy: { id: this.vault.staff.id, name: this.vault.staff.name },
      alert,
      alertRule,
      scope,
      contact: this.vault.staff.name,
      actions: [],
      drafts: {},
      closure: null,
    };
    this.vault.write(() => {
      this.store(id, 1, at, body);
      this.vault.audit.record({ action: 'incident.open', detail: { incident: id.slice(0, SHORT), ...(alert !== null ? { alert } : {}) } });
    });
    return this.detail(id, body);
  }

  private change(id: string, what: string | null, fn: (b: IncidentBody) => IncidentBody, action: 'incident.update' | 'incident.close' = 'incident.update'): IncidentDetail {
    const { row, body } = this.load(id);
    if (body.status === 'closed') throw new VaultError('INCIDENT_CLOSED', { what: 'incident' });
    const next = fn(body);
    this.vault.write(() => {
      this.store(id, row.rev + 1, row.openedAt, next);
      this.vault.audit.record({ action, detail: { incident: id.slice(0, SHORT), ...(what ? { change: what } : {}) } });
    });
    return this.detail(id, next);
  }

  private store(id: string, rev: number, openedAt: string, body: IncidentBody): void {
    const { vaultId, repos, clientKeys } = this.vault;
    repos.incidents.put({ id, holder: 'master', rev, openedAt, body: sealIncident(this.masterKey(), vaultId, id, rev, body) });
    // While the master key is being replaced, a copy under the next one too (promoted with the client keys' wraps).
    const next = clientKeys.nextMasterKey;
    if (next) repos.incidents.put({ id, holder: 'master-next', rev, openedAt, body: sealIncident(next, vaultId, id, rev, body) });
  }

  private load(id: string) {
    const key = this.masterKey();
    const row = this.vault.repos.incidents.byId(id);
    if (!row) throw new VaultError('NOT_FOUND', { what: 'incident' });
    const body = this.body(key, row);
    if (!body) throw new VaultError('TAMPERED', { what: 'incident' });
    return { row, body };
  }

  private body(key: Buffer, row: { id: string; rev: number; body: Buffer }): IncidentBody | null {
    const value = openIncident(key, this.vault.vaultId, row);
    return value !== null && typeof value === 'object' && 'status' in value ? (value as IncidentBody) : null;
  }

  /** The permission, then the key: only master-key holders can open an incident at all. */
  private masterKey(): Buffer {
    this.vault.guard.require('incidents.manage');
    const key = this.vault.clientKeys.masterKey;
    if (!key) throw new VaultError('PERMISSION_DENIED');
    return key;
  }

  private ruleTitle(rule: string): string {
    const rules = AUDIT_WORDS['zh-CN'].alertRules;
    return Object.prototype.hasOwnProperty.call(rules, rule) ? rules[rule as keyof typeof rules] : rule;
  }

  private detail(id: string, body: IncidentBody): IncidentDetail {
    const suspensions = body.alert !== null ? this.suspensionsFrom(body.alert) : [];
    const events = mergeBySeq(this.events(body.scope), suspensions);
    const staffNames = new Map(this.vault.repos.staff.all().map((s) => [s.id, s.name]));
    const affected = this.affected(events);
    const timeline: TimelineItem[] = [
      ...events.map((e): TimelineItem => ({
        kind: 'event',
        at: e.at,
        seq: e.seq,
        action: e.action,
        outcome: e.outcome,
        staffName: e.staffName,
        clientName: e.clientName,
        documentName: e.documentName,
      })),
      ...body.actions.map((a): TimelineItem => ({ kind: 'action', at: a.at, staffName: a.staffName, text: a.text })),
    ].sort((a, b) => a.at.localeCompare(b.at));
    const names = body.scope.staffIds.map((s) => staffNames.get(s) ?? s);
    const facts: DraftFacts = {
      title: body.title,
      openedAt: body.openedAt,
      scope: body.scope,
      staffNames: names,
      alertRule: body.alertRule,
      contact: body.contact,
      // What the firm did: the actions people recorded, and the suspensions made from the alert (the signed roster's, in the log).
      actions: [...suspensions.map(suspensionAction), ...body.actions].sort((a, b) => a.at.localeCompare(b.at)),
      closure: body.closure,
      affected,
      today: this.now().toISOString().slice(0, 10),
    };
    const drafts: IncidentDraft[] = [
      ...affected.map((c): IncidentDraft => draftOf(body, `client:${c.clientId}`, c.clientName, () => clientNotice(facts, c))),
      draftOf(body, 'regulator', '监管部门', () => regulatorReport(facts)),
    ];
    return { ...summary(id, body), scope: body.scope, staffNames: names, contact: body.contact, actions: body.actions, closure: body.closure, timeline, affected, drafts };
  }

  /** The audit events in scope, oldest first (the incident's own events left out). */
  private events(scope: IncidentScope): AuditEntry[] {
    const staff = new Set(scope.staffIds);
    const clients = new Set(scope.clientIds);
    const rows = [];
    for (const r of this.vault.repos.audit.iterateMatching({ from: scope.from, to: scope.to, staffId: scope.staffIds.length === 1 ? scope.staffIds[0] : null })) {
      if (r.action.startsWith('incident.')) continue;
      if (staff.size > 0 && !(r.actorId && staff.has(r.actorId))) continue;
      if (clients.size > 0 && !(r.clientId && clients.has(r.clientId))) continue;
      rows.push(r);
      if (rows.length >= TIMELINE_LIMIT) break;
    }
    return this.audit.entries(rows);
  }

  /** Staff suspended from the incident's alert (on the 警报 page or from the command line), whenever it was done. */
  private suspensionsFrom(alert: number): AuditEntry[] {
    return this.audit.matching({ action: 'staff.suspend', outcome: 'success' }).filter((e) => e.detail.alert === alert);
  }

  /** Which clients' data the events touched, and what of it: read from the vault (names, document categories). */
  private affected(events: AuditEntry[]): AffectedClient[] {
    const byClient = new Map<string, { client: AffectedClient; docs: Map<string, Set<string>>; fields: Set<string>; kinds: Set<IncidentDataKind> }>();
    for (const e of events) {
      if (!e.clientId || !e.clientName) continue;
      let c = byClient.get(e.clientId);
      if (!c) {
        c = {
          client: { clientId: e.clientId, clientName: e.clientName, kinds: [], documentCategories: [], fields: [], credentials: 0, events: 0 },
          docs: new Map(),
          fields: new Set(),
          kinds: new Set(),
        };
        byClient.set(e.clientId, c);
      }
      c.client.events++;
      if (e.outcome !== 'success') continue;
      if (DOCUMENT_ACTIONS.has(e.action) && e.documentId) {
        c.kinds.add('documents');
        const category = this.vault.view.documents.byId(e.documentId)?.category || '其他';
        const set = c.docs.get(category) ?? new Set<string>();
        set.add(e.documentId);
        c.docs.set(category, set);
      } else if (CREDENTIAL_ACTIONS.has(e.action)) {
        c.kinds.add('credentials');
        c.client.credentials++;
      } else if (e.action === 'client.reveal' || e.action === 'client.update') {
        c.kinds.add('client-fields');
        const named = e.detail.field ?? e.detail.fields;
        if (typeof named === 'string') for (const f of named.split(',')) if (f) c.fields.add(f);
      } else if (e.action === 'client.view') {
        c.kinds.add('client-record');
      }
    }
    return [...byClient.values()]
      .filter((c) => c.kinds.size > 0)
      .map((c) => ({
        ...c.client,
        kinds: [...c.kinds],
        documentCategories: [...c.docs].map(([category, ids]) => ({ category, count: ids.size })).sort((a, b) => b.count - a.count),
        fields: [...c.fields],
      }))
      .sort((a, b) => a.clientName.localeCompare(b.clientName, 'zh-CN'));
  }
}

function summary(id: string, b: IncidentBody): IncidentSummary {
  return { id, title: b.title, status: b.status, openedAt: b.openedAt, openedByName: b.openedBy.name, alert: b.alert, closedAt: b.closure?.at ?? null };
}

function draftOf(body: IncidentBody, target: DraftTarget, addressee: string, generate: () => string): IncidentDraft {
  const saved = body.drafts[target];
  return saved !== undefined ? { target, addressee, text: saved, edited: true } : { target, addressee, text: generate(), edited: false };
}

function mergeBySeq(a: AuditEntry[], b: AuditEntry[]): AuditEntry[] {
  const seen = new Set(a.map((e) => e.seq));
  return [...a, ...b.filter((e) => !seen.has(e.seq))].sort((x, y) => x.seq - y.seq);
}

function suspensionAction(e: AuditEntry): IncidentAction {
  const name = typeof e.detail.name === 'string' ? e.detail.name : '';
  return { at: e.at, staffId: e.staffId ?? '', staffName: e.staffName ?? '', text: `已暂停员工${name}的访问权限（解锁即被拒绝）` };
}
