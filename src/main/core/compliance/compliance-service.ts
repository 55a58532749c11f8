import { basename, dirname, extname, join } from 'node:path';
import type { FileSaved } from '../../../shared/access';
import { COMPLIANCE_STATUSES, type ComplianceItem, type ComplianceReport } from '../../../shared/compliance';
import { LABELS } from '../../../shared/domain';
import { addDays, localDay, daysBetween } from '../../../shared/staff-compliance';
import { AlertService } from '../alerts/alert-service';
import { alertSettingsOf } from '../alerts/alert-monitor';
import { warnAfterDaysOf } from '../backup/backup-service';
import { readBackupStatus } from '../backup/schedule/scheduled-backup';
import { writeFileDurable } from '../fs/durable';
import { sanitizeFileName } from '../fs/file-names';
import { StaffComplianceService } from '../people/staff-compliance-service';
import { compliancePdf } from '../reports/compliance-pdf';
import { summaryOf } from '../repositories/credential-view-repo';
import { META_COMMON_ROTATION_PENDING, META_OFFBOARD_PENDING, META_ROTATION_PENDING } from '../repositories/meta-repo';
import { AuditService, verifyAuditLog } from '../services/audit-service';
import type { OpenVault } from '../vault/open-vault';
import {
  accessRule,
  ackRule,
  alertsRule,
  auditRule,
  backupRule,
  encryptionRule,
  labelsRule,
  ndaRule,
  offboardingRule,
  retentionRule,
  trainingRule,
} from './compliance-rules';
import { POLICY_SECTIONS } from './policy-sections';
import { DestructionService } from '../retention/destruction-service';

const DAY = 86_400_000;

/**
 * 合规自查报告 (owners and admins): the policy's sections, each with the
 * controls in force and live evidence from this vault, judged by the rules
 * in compliance-rules.ts. Reading it verifies the audit chain in full.
 */
export class ComplianceService {
  constructor(
    private readonly vault: OpenVault,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The legal periods are always in force (the owner may only lengthen them); what is past them and not yet destroyed. */
  private retentionItem(): ComplianceItem {
    const destruction = new DestructionService(this.vault, this.now);
    const listed = destruction
      .lists()
      .filter((l) => l.state === 'open' || l.state === 'approved')
      .reduce((n, l) => n + l.items.length, 0);
    return retentionRule({ periodsSet: true, pastRetention: destruction.candidates().length + listed });
  }

  async report(): Promise<ComplianceReport> {
    this.vault.guard.require('staff.manage', { auditAs: 'report.compliance' });
    const now = this.now();
    const today = localDay(now);
    const items: ComplianceItem[] = [
      labelsRule(this.labelFacts()),
      encryptionRule({ clients: this.vault.repos.clientRecords.count(), documents: this.vault.repos.documentRecords.count() }),
      this.accessItem(),
      ...this.peopleItems(today),
      this.offboardingItem(),
      this.auditItem(),
      await this.backupItem(now),
      this.alertsItem(now),
      this.retentionItem(),
    ];
    const summary = Object.fromEntries(COMPLIANCE_STATUSES.map((s) => [s, items.filter((i) => i.status === s).length])) as ComplianceReport['summary'];
    const sections = POLICY_SECTIONS.map((s) => ({ no: s.no, title: s.title, items: items.filter((i) => i.clauses[0]?.split('.')[0] === s.no).map((i) => i.id) }));
    return { format: 'zhangdun-compliance-self-check', version: 1, generatedAt: now.toISOString(), generatedBy: this.vault.staff.name, summary, sections, items };
  }

  /** Writes the PDF where `pickTarget` says, and the JSON beside it (same name, .json); recorded. */
  async save(pickTarget: (defaultName: string) => Promise<string | null>, jsonPath?: string | null): Promise<FileSaved> {
    const report = await this.report();
    const target = await pickTarget(sanitizeFileName(`合规自查报告-${localDay(this.now())}.pdf`));
    if (!target) return { cancelled: true };
    const json = jsonPath === undefined ? join(dirname(target), `${basename(target, extname(target))}.json`) : jsonPath;
    this.vault.assertOpen();
    this.vault.write(() =>
      this.vault.audit.record({ action: 'report.compliance', detail: { met: report.summary.met, partly: report.summary.partly, missing: report.summary.missing, file: basename(target) } }),
    );
    await writeFileDurable(target, compliancePdf(report));
    if (json) await writeFileDurable(json, Buffer.from(`${JSON.stringify(report, null, 2)}\n`, 'utf8'));
    return { cancelled: false, path: target, count: report.items.length };
  }

  private labelFacts() {
    const count = (label: (typeof LABELS)[number] | null) => this.vault.view.clients.page({ query: '', label, status: 'active', sort: 'name', offset: 0, limit: 1 }).total;
    const byLabel = { public: count('public'), internal: count('internal'), confidential: count('confidential'), secret: count('secret') };
    const clients = count(null);
    return { clients, labelled: byLabel.public + byLabel.internal + byLabel.confidential + byLabel.secret, byLabel };
  }

  private accessItem(): ComplianceItem {
    const counts = this.vault.repos.clientKeys.grantCounts();
    const granted = this.vault.repos.staff.all().filter((s) => s.status === 'active' && (s.role === 'accountant' || s.role === 'auditor'));
    return accessRule({
      accountants: granted.length,
      withGrants: granted.filter((s) => (counts.get(s.id) ?? 0) > 0).length,
      grants: granted.reduce((n, s) => n + (counts.get(s.id) ?? 0), 0),
    });
  }

  private peopleItems(today: string): ComplianceItem[] {
    const people = new StaffComplianceService(this.vault, this.now);
    const view = people.view();
    const staff = view.staff.filter((s) => s.role !== 'owner');
    const since = addDays(today, -365);
    const recent = this.vault.repos.staffRecords.allOf('training').filter((r) => r.day >= since && staff.some((s) => s.staffId === r.staffId));
    const trained = new Set(recent.map((r) => r.staffId));
    return [
      ndaRule({
        staff: staff.length,
        ok: staff.filter((s) => s.standing.state === 'valid').length,
        inGrace: staff.filter((s) => s.standing.state === 'grace').length,
        policy: view.policy,
      }),
      trainingRule({ staff: staff.length, ok: trained.size, sessions: recent.length }),
      ackRule({ staff: staff.length, ok: staff.filter((s) => s.policyVersion !== null).length }),
    ];
  }

  private offboardingItem(): ComplianceItem {
    const { meta, staff } = this.vault.repos;
    const departed = new Set(staff.all().filter((s) => s.status === 'disabled').map((s) => s.id));
    const completed = new AuditService(this.vault, this.now).matching({ action: 'offboard' }).filter((e) => e.outcome === 'success').length;
    const credentialsDue = this.vault.view.credentials.rotationDue().filter((row) => summaryOf(row).rotationDue.some((d) => departed.has(d.staffId))).length;
    const pending = [META_OFFBOARD_PENDING, META_ROTATION_PENDING, META_COMMON_ROTATION_PENDING].some((k) => meta.get(k) !== null);
    return offboardingRule({ completed, pending, credentialsDue });
  }

  private auditItem(): ComplianceItem {
    const verdict = verifyAuditLog(this.vault);
    return verdict.ok
      ? auditRule({ ok: true, events: verdict.count, firstBadSeq: null, unopened: verdict.unopened })
      : auditRule({ ok: false, events: 0, firstBadSeq: verdict.firstBadSeq, unopened: 0 });
  }

  private async backupItem(now: Date): Promise<ComplianceItem> {
    const status = await readBackupStatus(this.vault.paths.dir).catch(() => null);
    const audited = new AuditService(this.vault, this.now).matching({ action: 'backup.create' }).filter((e) => e.outcome === 'success').map((e) => e.at);
    const candidates = [status?.lastSuccess?.at ?? null, ...audited].filter((v): v is string => v !== null).sort();
    const last = candidates[candidates.length - 1] ?? null;
    return backupRule({
      lastVerifiedAt: last,
      ageDays: last ? Math.max(0, daysBetween(localDay(new Date(last)), localDay(now))) : null,
      warnAfterDays: warnAfterDaysOf(this.vault),
    });
  }

  private alertsItem(now: Date): ComplianceItem {
    const from = new Date(now.getTime() - 90 * DAY).toISOString();
    const alerts = new AlertService(this.vault).list({ limit: 100_000 }).items.filter((a) => a.at >= from);
    const settings = alertSettingsOf(this.vault);
    const rules = Object.values(settings).filter((v): v is { enabled: boolean } => typeof v === 'object' && v !== null && 'enabled' in v);
    return alertsRule({ raised: alerts.length, acknowledged: alerts.filter((a) => a.ack !== null).length, rulesOn: rules.filter((r) => r.enabled).length, rulesTotal: rules.length });
  }
}
