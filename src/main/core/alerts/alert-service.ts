import { ALERT_RULES, ALERT_SEVERITIES, type AlertAck, type AlertEntry, type AlertEventRef, type AlertPage, type AlertRule, type AlertSettings, type AlertSeverity } from '../../../shared/alerts';
import { alertSettingsSchema } from '../../../shared/alert-schemas';
import type { AuditEntry } from '../../../shared/access';
import { canManageRole, holdsMasterKey } from '../../../shared/permissions';
import { VaultError } from '../errors';
import { setSuspended } from '../keys/key-slots';
import { serialised } from '../services/access-service';
import { AuditService, type AuditVault } from '../services/audit-service';
import type { OpenVault } from '../vault/open-vault';
import { ALERT_SETTINGS_KEY, alertSettingsOf } from './alert-monitor';

export type AlertVault = AuditVault & Pick<OpenVault, 'alerts' | 'masterKeys' | 'staff' | 'updateKeyFile' | 'write'>;

/** Detail keys every alert has; the rest are the rule's facts. */
const FIXED = new Set(['rule', 'severity', 'subjectId', 'subjectName', 'events']);

/**
 * The 警报 page and `zhangdun alerts`: alerts (audit events the rules raised),
 * their acknowledgement with a note, suspending the staff member an alert is
 * about and lifting it, and the owner's thresholds. Every change is audited.
 */
export class AlertService {
  private readonly audit: AuditService;

  constructor(
    private readonly vault: AlertVault,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.audit = new AuditService(vault, now);
  }

  /** Newest first, with what is still open. */
  list(options: { openOnly?: boolean; limit?: number } = {}): AlertPage {
    this.vault.guard.require('alerts.manage');
    const acks = this.acks();
    const { rows, total } = this.vault.repos.audit.find({ action: 'alert.raise', limit: options.openOnly ? total0(this.vault) : (options.limit ?? 200) });
    let items = this.audit.entries(rows).flatMap((e) => this.entryOf(e, acks.get(e.seq) ?? null) ?? []);
    if (options.openOnly) items = items.filter((a) => a.ack === null).slice(0, options.limit ?? 200);
    return { items, open: total - acks.size };
  }

  /** How many alerts nobody has acknowledged (shown at unlock); 0 for those who may not see alerts. */
  openCount(): number {
    if (!holdsMasterKey(this.vault.staff.role)) return 0;
    return total0(this.vault) - this.acks().size;
  }

  /** The events an alert was raised on, as people read them. */
  events(seq: number): AlertEventRef[] {
    const alert = this.alert(seq);
    return this.audit.entries(this.vault.repos.audit.bySeqs(alert.events)).map((e) => ({
      seq: e.seq,
      at: e.at,
      action: e.action,
      outcome: e.outcome,
      staffName: e.staffName,
      clientName: e.clientName,
      documentName: e.documentName,
    }));
  }

  /** One alert (the incident register opens an incident from it). */
  entry(seq: number): AlertEntry {
    return this.alert(seq);
  }

  /** Acknowledges an alert with a note (recorded; the note is sealed with the client's data when the alert is about one). */
  acknowledge(seq: number, note: string): AlertEntry {
    const alert = this.alert(seq);
    if (alert.ack) throw new VaultError('ALREADY_EXISTS', { what: `alert ${seq}` });
    const text = note.trim();
    if (!text || text.length > 500) throw new VaultError('INVALID_INPUT', { reason: 'note' });
    this.vault.write(() => this.vault.audit.record({ action: 'alert.ack', clientId: alert.clientId, detail: { alert: seq, note: text } }));
    return this.alert(seq);
  }

  /** Refuses the staff member's unlock until lifted: written into the signed roster, then recorded. */
  async suspend(staffId: string, fromAlert: number | null = null): Promise<void> {
    await this.setSuspended(staffId, true, fromAlert);
  }

  async unsuspend(staffId: string): Promise<void> {
    await this.setSuspended(staffId, false, null);
  }

  settings(): AlertSettings {
    this.vault.guard.require('alerts.manage');
    return alertSettingsOf(this.vault);
  }

  /** The owner's thresholds (a policy), recorded with what changed; the rules use them at once. */
  setSettings(input: AlertSettings): AlertSettings {
    this.vault.guard.require('settings.policy', { detail: { setting: 'alerts' } });
    const parsed = alertSettingsSchema.safeParse(input);
    if (!parsed.success) throw new VaultError('INVALID_INPUT', { reason: 'alert settings' });
    const before = alertSettingsOf(this.vault);
    const next = parsed.data;
    const changed = (Object.keys(next) as (keyof AlertSettings)[]).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(next[k]));
    this.vault.write(() => {
      this.vault.repos.settings.set('policy', ALERT_SETTINGS_KEY, next, this.vault.staff.id, this.now());
      this.vault.audit.record({ action: 'settings.change', detail: { setting: 'alerts', changed: changed.join(',') } });
    });
    this.vault.alerts.reload();
    return next;
  }

  private async setSuspended(staffId: string, suspended: boolean, fromAlert: number | null): Promise<void> {
    const auditAs = suspended ? 'staff.suspend' : 'staff.unsuspend';
    this.vault.guard.require('staff.manage', { auditAs, detail: { staffId } });
    const target = this.vault.repos.staff.byId(staffId);
    const member = this.vault.keyFile.body.roster.members.find((m) => m.staffId === staffId);
    if (!target || !member) throw new VaultError('NOT_FOUND', { what: 'staff' });
    // Owners and admins hold the master key, so a flag could not hold them: demote first (which replaces it).
    if (staffId === this.vault.staff.id || holdsMasterKey(member.role) || !canManageRole(this.vault.staff.role, member.role)) {
      this.vault.guard.refuse('staff.manage', { auditAs, detail: { staffId, role: member.role } });
    }
    if ((member.suspended === true) === suspended) return;
    await serialised(this.vault, async () => {
      const keys = this.vault.masterKeys(this.now());
      await this.vault.updateKeyFile((file) => setSuspended(file, keys, staffId, suspended));
      this.vault.write(() =>
        this.vault.audit.record({ action: auditAs, detail: { staffId, name: target.name, ...(fromAlert !== null ? { alert: fromAlert } : {}) } }),
      );
    });
  }

  private alert(seq: number): AlertEntry {
    this.vault.guard.require('alerts.manage');
    const event = this.vault.repos.audit.bySeq(seq);
    const [entry] = event && event.action === 'alert.raise' ? this.audit.entries([event]) : [];
    const alert = entry ? this.entryOf(entry, this.acks().get(seq) ?? null) : null;
    if (!alert) throw new VaultError('NOT_FOUND', { what: `alert ${seq}` });
    return alert;
  }

  /** Acknowledgements by the alert they close (the first one counts). */
  private acks(): Map<number, AlertAck> {
    const out = new Map<number, AlertAck>();
    for (const e of this.audit.matching({ action: 'alert.ack' })) {
      const seq = e.detail.alert;
      if (typeof seq !== 'number' || out.has(seq)) continue;
      out.set(seq, { seq: e.seq, at: e.at, staffId: e.staffId, staffName: e.staffName, note: typeof e.detail.note === 'string' ? e.detail.note : '' });
    }
    return out;
  }

  private entryOf(e: AuditEntry, ack: AlertAck | null): AlertEntry | null {
    const d = e.detail;
    if (!(ALERT_RULES as readonly unknown[]).includes(d.rule)) return null;
    const subjectId = typeof d.subjectId === 'string' ? d.subjectId : null;
    const member = subjectId ? this.vault.keyFile.body.roster.members.find((m) => m.staffId === subjectId) : undefined;
    const facts: AlertEntry['facts'] = {};
    for (const [k, v] of Object.entries(d)) if (!FIXED.has(k)) facts[k] = v;
    return {
      seq: e.seq,
      at: e.at,
      rule: d.rule as AlertRule,
      severity: (ALERT_SEVERITIES as readonly unknown[]).includes(d.severity) ? (d.severity as AlertSeverity) : 'high',
      subjectId,
      subjectName: typeof d.subjectName === 'string' ? d.subjectName : null,
      subjectSuspended: member?.suspended === true,
      suspendable:
        member !== undefined && member.staffId !== this.vault.staff.id && !holdsMasterKey(member.role) && canManageRole(this.vault.staff.role, member.role),
      clientId: e.clientId,
      clientName: e.clientName,
      facts,
      events: typeof d.events === 'string' && d.events ? d.events.split(',').map(Number).filter(Number.isSafeInteger) : [],
      ack,
    };
  }
}

/** Every alert ever raised (the count only). */
function total0(vault: Pick<OpenVault, 'repos'>): number {
  return vault.repos.audit.find({ action: 'alert.raise', limit: 1 }).total;
}
