import { RULE_SEVERITY, type AlertRule, type AlertSettings, type AlertSeverity, type WindowThreshold } from '../../../shared/alerts';
import type { AuditDetail } from '../audit/audit-log';
import { isWorkingTime, workingHoursClock } from './working-hours';

/**
 * The alert rules, over the audit stream as it is written. Pure and
 * in-memory: each rule keeps a small sliding window per staff member (at most
 * `count` entries), so watching costs a few map lookups per event. What a rule
 * cannot know from the stream alone (whether this person touched a client
 * before, a client's label, where earlier backups went) it asks `RuleLookups`.
 */

/** An audit event as the rules see it: its detail in the clear (they run where it is written). */
export interface WatchedEvent {
  seq: number;
  /** Milliseconds since the epoch: when it happened (a failed unlock is written later, with its own time). */
  at: number;
  action: string;
  outcome: 'success' | 'failure' | 'denied';
  actorId: string | null;
  actorName: string | null;
  role: string | null;
  clientId: string | null;
  detail: AuditDetail;
}

export interface RaisedAlert {
  rule: AlertRule;
  severity: AlertSeverity;
  subjectId: string | null;
  subjectName: string | null;
  /** Set when the alert is about one client: its detail is then sealed under the client's key. */
  clientId: string | null;
  /** The audit events behind it, oldest first. */
  events: number[];
  facts: AuditDetail;
}

export interface RuleLookups {
  /** Whether `actorId` has any audit event on `clientId` before `seq`. */
  touchedBefore(actorId: string, clientId: string, seq: number): boolean;
  /** Whether the client is 绝密 (false when this session cannot tell). */
  isSecret(clientId: string): boolean;
  /** Folders and recipients earlier successful backups went to. */
  backupTargets(): { folders: Set<string>; recipients: Set<string> };
}

const DOC_READS = new Set(['doc.view', 'doc.export', 'doc.print']);
/** Opening a client's data: what the client-spread and first-access rules count. */
const CLIENT_READS = new Set([
  'client.view',
  'client.reveal',
  'doc.list',
  'doc.view',
  'doc.export',
  'doc.print',
  'cred.list',
  'cred.reveal',
  'cred.copy',
  'cred.totp',
  'cred.file.export',
]);
const EXPORTS = new Set(['doc.export', 'doc.print', 'cred.file.export', 'cred.export', 'audit.export']);
const SECRET_EXPORTS = new Set(['doc.export', 'doc.print', 'cred.file.export']);
const INTEGRITY = new Set(['audit.verify', 'vault.rollback', 'anchor.forged']);

const MINUTE = 60_000;

interface Hit {
  at: number;
  seq: number;
}

/** The last `count` hits of one person: full and spanning less than the window means the threshold is reached. */
class CountWindow {
  private readonly hits = new Map<string, Hit[]>();
  private readonly fired = new Map<string, number>();

  /** Adds a hit; returns the hits behind an alert when this one reaches the threshold (once per window). */
  add(key: string, hit: Hit, t: WindowThreshold, replay: boolean): Hit[] | null {
    const span = t.minutes * MINUTE;
    let list = this.hits.get(key);
    if (!list) this.hits.set(key, (list = []));
    list.push(hit);
    while (list.length > t.count || (list.length > 0 && hit.at - list[0]!.at >= span)) list.shift();
    if (list.length < t.count) return null;
    const last = this.fired.get(key);
    if (last !== undefined && hit.at - last < span) return null;
    return replay ? null : this.fire(key, hit.at);
  }

  /** Marks the rule fired for `key` (also when replaying an alert already written). */
  fire(key: string, at: number): Hit[] {
    const list = this.hits.get(key) ?? [];
    this.hits.set(key, []);
    this.fired.set(key, at);
    return list;
  }

  prune(before: number): void {
    for (const [key, at] of this.fired) if (at < before) this.fired.delete(key);
    for (const [key, list] of this.hits) if (list.length === 0 || list[list.length - 1]!.at < before) this.hits.delete(key);
  }
}

/** Distinct clients one person opened within the window. */
class SpreadWindow {
  private readonly seen = new Map<string, Map<string, Hit>>();
  private readonly fired = new Map<string, number>();

  add(key: string, clientId: string, hit: Hit, t: WindowThreshold, replay: boolean): Hit[] | null {
    const span = t.minutes * MINUTE;
    let clients = this.seen.get(key);
    if (!clients) this.seen.set(key, (clients = new Map()));
    clients.delete(clientId);
    clients.set(clientId, hit);
    // Oldest first (a Map keeps insertion order and each client was moved to the end).
    for (const [id, h] of clients) {
      if (hit.at - h.at < span) break;
      clients.delete(id);
    }
    if (clients.size < t.count) return null;
    const last = this.fired.get(key);
    if (last !== undefined && hit.at - last < span) return null;
    return replay ? null : this.fire(key, hit.at);
  }

  fire(key: string, at: number): Hit[] {
    const hits = [...(this.seen.get(key)?.values() ?? [])].sort((a, b) => a.seq - b.seq);
    this.seen.set(key, new Map());
    this.fired.set(key, at);
    return hits;
  }

  prune(before: number): void {
    for (const [key, at] of this.fired) if (at < before) this.fired.delete(key);
    for (const [key, clients] of this.seen) {
      for (const [id, h] of clients) if (h.at < before) clients.delete(id);
      if (clients.size === 0) this.seen.delete(key);
    }
  }
}

/** Rules without a count: fire once, then not again for the same key within `repeatMinutes`. */
class Repeats {
  private readonly fired = new Map<string, number>();

  due(key: string, at: number, minutes: number): boolean {
    const last = this.fired.get(key);
    return last === undefined || at - last >= minutes * MINUTE;
  }

  mark(key: string, at: number): void {
    this.fired.set(key, at);
  }

  prune(before: number): void {
    for (const [key, at] of this.fired) if (at < before) this.fired.delete(key);
  }
}

/** Who a failed unlock was for: the staff member, or one bucket for names that are not staff, or one for names nobody could read. */
function failedName(detail: AuditDetail): { key: string; staffId: string | null; name: string | null } {
  if (typeof detail.staffId === 'string') return { key: `staff:${detail.staffId}`, staffId: detail.staffId, name: typeof detail.name === 'string' ? detail.name : null };
  if (detail.unknownName === true) return { key: 'unknown-name', staffId: null, name: null };
  return { key: 'unreadable', staffId: null, name: null };
}

const seqs = (hits: readonly Hit[]) => hits.map((h) => h.seq);

export class AlertRules {
  private readonly docs = new CountWindow();
  private readonly spread = new SpreadWindow();
  private readonly failures = new CountWindow();
  private readonly repeats = new Repeats();
  private clock: ReturnType<typeof workingHoursClock>;
  private observed = 0;

  constructor(
    private settings: AlertSettings,
    private readonly lookups: RuleLookups,
  ) {
    this.clock = workingHoursClock(settings.timeZone);
  }

  configure(settings: AlertSettings): void {
    this.settings = settings;
    this.clock = workingHoursClock(settings.timeZone);
  }

  /** The longest any rule looks back: the tail of the log replayed at unlock. */
  lookbackMinutes(): number {
    const s = this.settings;
    return Math.max(s.docBurst.minutes, s.clientSpread.minutes, s.unlockFailures.minutes, s.repeatMinutes);
  }

  /**
   * Watches one event. `replay` (the tail read back at unlock) rebuilds the
   * windows without raising anything; a replayed alert marks its rule fired.
   */
  observe(e: WatchedEvent, replay = false): RaisedAlert[] {
    if (++this.observed % 1000 === 0) this.prune(e.at);
    if (e.action === 'alert.raise') {
      if (replay) this.replayAlert(e);
      return [];
    }
    const out: RaisedAlert[] = [];
    const s = this.settings;
    const hit = { at: e.at, seq: e.seq };
    const actor = e.actorId;
    const ok = e.outcome === 'success';
    const raise = (rule: AlertRule, events: number[], facts: AuditDetail, clientId: string | null = null, subject: { id: string | null; name: string | null } = { id: actor, name: e.actorName }) =>
      out.push({ rule, severity: RULE_SEVERITY[rule], subjectId: subject.id, subjectName: subject.name, clientId, events, facts });

    if (ok && actor && s.docBurst.enabled && DOC_READS.has(e.action)) {
      const hits = this.docs.add(actor, hit, s.docBurst, replay);
      if (hits) raise('doc-burst', seqs(hits), { count: hits.length, threshold: s.docBurst.count, minutes: s.docBurst.minutes });
    }
    if (ok && actor && e.clientId && s.clientSpread.enabled && CLIENT_READS.has(e.action)) {
      const hits = this.spread.add(actor, e.clientId, hit, s.clientSpread, replay);
      if (hits) raise('client-spread', seqs(hits), { count: hits.length, threshold: s.clientSpread.count, minutes: s.clientSpread.minutes });
    }
    if (e.action === 'unlock.failed' && s.unlockFailures.enabled) {
      const who = failedName(e.detail);
      const hits = this.failures.add(who.key, hit, s.unlockFailures, replay);
      if (hits) {
        raise('unlock-failures', seqs(hits), { count: hits.length, threshold: s.unlockFailures.count, minutes: s.unlockFailures.minutes, name: who.key.startsWith('staff:') ? 'staff' : who.key }, null, {
          id: who.staffId,
          name: who.name,
        });
      }
    }
    if (replay) return out;

    if (ok && actor && s.offHours.enabled && EXPORTS.has(e.action) && !isWorkingTime(this.clock, e.at, s.offHours)) {
      const key = `off-hours\0${actor}`;
      if (this.repeats.due(key, e.at, s.repeatMinutes)) {
        this.repeats.mark(key, e.at);
        raise('off-hours', [e.seq], { action: e.action, start: s.offHours.start, end: s.offHours.end, timeZone: s.timeZone });
      }
    }
    if (ok && actor && e.clientId && s.secretExport.enabled && SECRET_EXPORTS.has(e.action) && this.lookups.isSecret(e.clientId)) {
      const key = `secret-export\0${actor}\0${e.clientId}`;
      if (this.repeats.due(key, e.at, s.repeatMinutes)) {
        this.repeats.mark(key, e.at);
        raise('secret-export', [e.seq], { action: e.action }, e.clientId);
      }
    }
    if (ok && actor && e.clientId && s.firstAccess.enabled && e.role !== 'owner' && CLIENT_READS.has(e.action) && !this.lookups.touchedBefore(actor, e.clientId, e.seq)) {
      raise('first-access', [e.seq], { action: e.action }, e.clientId);
    }
    if (ok && e.action === 'backup.create' && s.backupTarget.enabled) {
      const known = this.lookups.backupTargets();
      const folder = typeof e.detail.folder === 'string' ? e.detail.folder : null;
      const recipients = typeof e.detail.recipients === 'string' && e.detail.recipients ? e.detail.recipients.split(',') : [];
      const newFolder = folder !== null && !known.folders.has(folder);
      const newRecipients = recipients.filter((r) => !known.recipients.has(r));
      if (folder) known.folders.add(folder);
      for (const r of recipients) known.recipients.add(r);
      if (newFolder || newRecipients.length > 0) {
        raise('backup-target', [e.seq], { folder: newFolder ? folder : null, recipients: newRecipients.length > 0 ? newRecipients.join(',') : null });
      }
    }
    if (s.integrity.enabled && INTEGRITY.has(e.action) && (e.action !== 'audit.verify' || e.outcome !== 'success')) {
      const what = typeof e.detail.what === 'string' ? e.detail.what : null;
      const key = `integrity\0${e.action}\0${what ?? ''}`;
      if (this.repeats.due(key, e.at, s.repeatMinutes)) {
        this.repeats.mark(key, e.at);
        const subjectId = actor ?? (typeof e.detail.staffId === 'string' ? e.detail.staffId : null);
        raise('integrity', [e.seq], { action: e.action, what, reason: typeof e.detail.reason === 'string' ? e.detail.reason : null }, null, { id: subjectId, name: e.actorName });
      }
    }
    return out;
  }

  /** An alert read back from the log: its rule counts as fired for its subject from then on. */
  private replayAlert(e: WatchedEvent): void {
    const d = e.detail;
    const subject = typeof d.subjectId === 'string' ? d.subjectId : null;
    switch (d.rule) {
      case 'doc-burst':
        if (subject) this.docs.fire(subject, e.at);
        break;
      case 'client-spread':
        if (subject) this.spread.fire(subject, e.at);
        break;
      case 'unlock-failures':
        this.failures.fire(subject ? `staff:${subject}` : typeof d.name === 'string' ? d.name : 'unreadable', e.at);
        break;
      case 'off-hours':
        if (subject) this.repeats.mark(`off-hours\0${subject}`, e.at);
        break;
      case 'secret-export':
        if (subject && e.clientId) this.repeats.mark(`secret-export\0${subject}\0${e.clientId}`, e.at);
        break;
      case 'integrity':
        if (typeof d.action === 'string') this.repeats.mark(`integrity\0${d.action}\0${typeof d.what === 'string' ? d.what : ''}`, e.at);
        break;
      default:
        break;
    }
  }

  /** Forgets what no window reaches any more (keeps memory flat in a session left open for days). */
  private prune(now: number): void {
    const before = now - this.lookbackMinutes() * MINUTE;
    this.docs.prune(before);
    this.spread.prune(before);
    this.failures.prune(before);
    this.repeats.prune(before);
  }
}
