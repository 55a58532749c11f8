import type { FileSaved } from '../../../shared/access';
import { VaultError } from '../errors';
import { writeFileDurable } from '../fs/durable';
import type { OpenVault } from '../vault/open-vault';
import { AuditService, type AuditVault } from './audit-service';
import { sanitizeFileName } from '../fs/file-names';
import type { OffboardReport } from '../../../shared/access';
import { accessReportEntry, accessReportPdf, offboardReportPdf, type AccessReport } from '../reports/report-pdf';

/** What counts as accessing a client's data in the access report. */
export const CLIENT_ACCESS_ACTIONS = [
  'client.view',
  'client.reveal',
  'client.update',
  'client.archive',
  'doc.import',
  'doc.view',
  'doc.export',
  'share.create',
  'client.handback',
  'client.end',
  'doc.print',
  'doc.update',
  'doc.trash',
  'doc.restore',
  'doc.delete',
  'grant',
  'revoke',
] as const;

export interface ReportRange {
  from?: string | null;
  to?: string | null;
}


/** The parts of an open vault this service uses. */
export type ReportVault = AuditVault & Pick<OpenVault, 'staff'>;

/** 客户信息访问报告, for the firm to hand to its client. */
export class ReportService {
  constructor(
    private readonly vault: ReportVault,
    private readonly now: () => Date = () => new Date(),
  ) {}

  accessReport(clientId: string, range: ReportRange = {}): AccessReport {
    this.vault.guard.require('report.access', { detail: { clientId } });
    const client = this.vault.view.clients.byId(clientId);
    if (!client) throw new VaultError('NOT_FOUND', { what: 'client' });
    const entries = new AuditService(this.vault, this.now).matching({
      clientId,
      actions: CLIENT_ACCESS_ACTIONS,
      from: range.from ?? null,
      to: range.to ?? null,
    });
    return {
      client: { id: client.id, name: client.name, creditCode: client.creditCode },
      generatedAt: this.now().toISOString(),
      generatedBy: this.vault.staff.name,
      from: range.from ?? null,
      to: range.to ?? null,
      entries: entries.map(accessReportEntry),
    };
  }

  /** Writes the report as a PDF where `pickTarget` says (null = cancelled); recorded in the audit log first. */
  async saveAccessReport(clientId: string, range: ReportRange, pickTarget: (defaultName: string) => Promise<string | null>): Promise<FileSaved> {
    const report = this.accessReport(clientId, range);
    const target = await pickTarget(sanitizeFileName(`客户信息访问报告-${report.client.name}.pdf`));
    if (!target) return { cancelled: true };
    this.vault.assertOpen();
    this.vault.audit.record({ action: 'report.access', clientId, detail: { events: report.entries.length } });
    await writeFileDurable(target, accessReportPdf(report));
    return { cancelled: false, path: target, count: report.entries.length };
  }

  /** The offboarding report (already recorded in the 'offboard' event) as a PDF at `path`. */
  async saveOffboardReport(report: OffboardReport, path: string): Promise<void> {
    this.vault.guard.require('staff.offboard');
    await writeFileDurable(path, offboardReportPdf(report));
  }
}
