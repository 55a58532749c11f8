import type { AlertSettings } from '../../../shared/alerts';
import { parseAlertSettings } from '../../../shared/alert-schemas';
import { openDetail, type AuditEvent } from '../audit/audit-event';
import type { AuditDetail, AuditInput } from '../audit/audit-log';
import type { OpenVault } from '../vault/open-vault';
import { AlertRules, type RaisedAlert, type RuleLookups, type WatchedEvent } from './alert-rules';

/** Where the owner's thresholds are kept (settings table, 'policy' scope). */
export const ALERT_SETTINGS_KEY = 'alerts';

export type MonitoredVault = Pick<OpenVault, 'repos' | 'view' | 'clientKeys' | 'vaultId'>;

export function alertSettingsOf(vault: Pick<OpenVault, 'repos'>): AlertSettings {
  return parseAlertSettings(vault.repos.settings.get('policy', ALERT_SETTINGS_KEY));
}

/** The alert event's detail: what the rule found, with the events behind it. */
export function alertInput(alert: RaisedAlert, trigger: AuditEvent): AuditInput {
  return {
    action: 'alert.raise',
    actor: trigger.actorId ? { id: trigger.actorId, name: trigger.actorName ?? '', role: trigger.role ?? '' } : null,
    at: new Date(trigger.at),
    clientId: alert.clientId,
    detail: {
      rule: alert.rule,
      severity: alert.severity,
      subjectId: alert.subjectId,
      subjectName: alert.subjectName,
      events: alert.events.join(','),
      ...alert.facts,
    },
  };
}

/**
 * Runs the alert rules inside the process that writes the audit log: every
 * event the session records passes through `follow`, and the alerts it
 * raises are recorded in the same transaction. The rules' windows are
 * rebuilt from the log's recent tail the first time an event is watched (at
 * unlock), so a restart neither forgets a burst nor raises an alert twice.
 */
export class AlertMonitor {
  private rules: AlertRules | null = null;
  private readonly touched = new Set<string>();
  private targets: { folders: Set<string>; recipients: Set<string> } | null = null;
  /** Rules off (the bench's baseline); the log is written the same. */
  enabled = true;

  constructor(
    private readonly vault: MonitoredVault,
    private readonly now: () => number = Date.now,
  ) {}

  /** The AuditLog's follow hook. */
  follow(event: AuditEvent, detail: AuditDetail): AuditInput[] {
    if (!this.enabled) return [];
    const rules = this.ready();
    return rules.observe(watched(event, detail)).map((alert) => alertInput(alert, event));
  }

  /** New thresholds take effect at once (the windows are kept). */
  reload(): void {
    this.rules?.configure(alertSettingsOf(this.vault));
  }

  private ready(): AlertRules {
    if (this.rules) return this.rules;
    const rules = new AlertRules(alertSettingsOf(this.vault), this.lookups());
    const from = new Date(this.now() - rules.lookbackMinutes() * 60_000).toISOString();
    for (const e of this.vault.repos.audit.since(from)) {
      const detail = this.detailOf(e);
      if (detail) rules.observe(watched(e, detail), true);
    }
    this.rules = rules;
    return rules;
  }

  private lookups(): RuleLookups {
    return {
      touchedBefore: (actorId, clientId, seq) => {
        const key = `${actorId}\0${clientId}`;
        if (this.touched.has(key)) return true;
        const before = this.vault.repos.audit.touchedBefore(actorId, clientId, seq);
        // From this event on they have touched it, whatever the answer.
        this.touched.add(key);
        return before;
      },
      isSecret: (clientId) => this.vault.view.clients.byId(clientId)?.label === 'secret',
      backupTargets: () => (this.targets ??= this.loadTargets()),
    };
  }

  private loadTargets(): { folders: Set<string>; recipients: Set<string> } {
    const folders = new Set<string>();
    const recipients = new Set<string>();
    for (const e of this.vault.repos.audit.iterateMatching({ action: 'backup.create', outcome: 'success' })) {
      const d = this.detailOf(e);
      if (typeof d?.folder === 'string') folders.add(d.folder);
      if (typeof d?.recipients === 'string' && d.recipients) for (const r of d.recipients.split(',')) recipients.add(r);
    }
    return { folders, recipients };
  }

  /** An event's detail in the clear, or null when it is sealed under a key this session does not hold. */
  private detailOf(e: AuditEvent): AuditDetail | null {
    let text: string | null = e.detail;
    if (e.sealed) {
      const key = e.clientId && e.keyVersion !== null ? this.vault.clientKeys.key(e.clientId, e.keyVersion) : null;
      text = key && e.clientId ? (openDetail(key, { vaultId: this.vault.vaultId, seq: e.seq, clientId: e.clientId, keyVersion: e.keyVersion! }, e.sealed)?.detail ?? null) : null;
    }
    if (text === null) return null;
    try {
      const parsed: unknown = JSON.parse(text);
      return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as AuditDetail) : null;
    } catch {
      return null;
    }
  }
}

function watched(e: AuditEvent, detail: AuditDetail): WatchedEvent {
  return { seq: e.seq, at: Date.parse(e.at), action: e.action, outcome: e.outcome, actorId: e.actorId, actorName: e.actorName, role: e.role, clientId: e.clientId, detail };
}
