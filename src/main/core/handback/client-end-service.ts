import { randomBytes } from 'node:crypto';
import type { ClientEndRequest, ClientEnding, ClientHandbackRequest, ClientHandbackResult } from '../../../shared/handback';
import { DEFAULT_SCRYPT_WORK_FACTOR, type Encryption } from '../backup/format/age-file';
import { localDay } from '../credentials/credential-service';
import { credentialsForExport } from '../credentials/credential-transfer';
import { fsError, VaultError } from '../errors';
import { sanitizeFileName } from '../fs/file-names';
import { accessReportPdf } from '../reports/report-pdf';
import type { ClientRow } from '../repositories/client-view-repo';
import { serialised, type AccessService } from '../services/access-service';
import { recordOf, staffNames } from '../services/client-service';
import type { DocumentService } from '../services/document-service';
import type { ReportService } from '../services/report-service';
import { collect, newPassphrase, writeBeside } from '../shares/package-writer';
import type { ShareVault } from '../shares/share-service';
import { writeHandbackPackage, type HandbackExtra, type HandbackSource } from './handback-package';

/** The largest document a package takes (each is held in memory while it is written). */
const MAX_HANDBACK_FILE_BYTES = 512 * 1024 ** 2;

/**
 * 解除委托, the end of a client: the hand-back package (移交资料包) of
 * everything held for it, then the ended state — read-only (CLIENT_ENDED for
 * imports and edits, see AccessGuard), only owners and admins keep access
 * (every grant is revoked, with a key rotation), and its documents stay until
 * their retention periods end, when the 销毁清册 takes them as any other.
 * A legal hold stays as it is: it blocks destruction, never the ending.
 * Owners and admins only ('client.end').
 */
export class ClientEndService {
  constructor(
    private readonly vault: ShareVault,
    private readonly documents: DocumentService,
    private readonly access: AccessService,
    private readonly reports: ReportService,
    private readonly now: () => Date = () => new Date(),
    /** scrypt work factor of passphrase packages (tests lower it). */
    private readonly scryptWorkFactor = DEFAULT_SCRYPT_WORK_FACTOR,
  ) {}

  /** Writes the hand-back package where `pickTarget` says (null = cancelled). Recorded before any byte is written. */
  async handback(request: ClientHandbackRequest, pickTarget: (defaultName: string) => Promise<string | null>): Promise<ClientHandbackResult> {
    const client = this.vault.guard.requireClient('client.end', request.clientId, { auditAs: 'client.handback' });
    const rows = this.vault.view.documents.byClient(request.clientId, 'active');
    const tooBig = rows.find((r) => r.size > MAX_HANDBACK_FILE_BYTES);
    if (tooBig) throw new VaultError('INVALID_INPUT', { reason: `${tooBig.name} is over 512 MB`, field: 'documents' });
    const today = localDay(this.now());
    const target = await pickTarget(sanitizeFileName(`${client.name} 移交资料包 ${today}.tar.age`));
    if (!target) return { cancelled: true };
    this.vault.assertOpen();

    const passphrase = request.encryption.kind === 'passphrase' ? newPassphrase() : null;
    const encryption: Encryption = passphrase !== null ? { passphrase, workFactor: this.scryptWorkFactor } : { recipients: [request.encryption.kind === 'recipient' ? request.encryption.recipient : ''] };
    const handbackId = randomBytes(16).toString('hex');
    const createdAt = this.now().toISOString();
    // The access report is drawn up first, so the package's own event is not in it: the report says what happened before.
    const report = request.withAccessReport ? accessReportPdf(this.reports.accessReport(request.clientId)) : null;
    this.vault.audit.record({
      action: 'client.handback',
      clientId: request.clientId,
      detail: { handback: handbackId, reason: request.reason, documents: rows.length, credentials: request.withCredentials, accessReport: report !== null, encryption: request.encryption.kind },
    });
    const extras: HandbackExtra[] = [{ path: '客户资料.json', data: this.profile(client) }];
    const credentialFiles: Buffer[] = [];
    try {
      if (request.withCredentials) {
        const credentials = credentialsForExport(this.vault, client, credentialFiles);
        extras.push({ path: '账号密码.json', data: Buffer.from(`${JSON.stringify({ format: 'zhangdun-credentials', version: 1, credentials }, null, 2)}\n`, 'utf8') });
      }
      if (report) extras.push({ path: '客户信息访问报告.pdf', data: report });
      const sources: HandbackSource[] = rows.map((row) => ({
        name: row.name,
        category: row.category,
        periodYear: row.periodYear,
        periodMonth: row.periodMonth,
        read: () => collect(this.documents.plaintext(row.id)),
      }));
      const header = { handbackId, clientName: client.name, creditCode: client.creditCode, sender: this.vault.staff.name, createdAt, reason: request.reason };
      const written = await writeBeside(target, (handle) => writeHandbackPackage(handle, encryption, header, sources, extras), () => this.vault.assertOpen());
      return { cancelled: false, handbackId, path: target, size: written.bytes, documents: rows.length, files: written.files, passphrase };
    } catch (err) {
      const mapped = fsError(err, target);
      if (this.vault.isOpen) {
        this.vault.audit.record({
          action: 'client.handback',
          outcome: 'failure',
          clientId: request.clientId,
          detail: { handback: handbackId, code: mapped instanceof VaultError ? mapped.code : 'INTERNAL' },
        });
      }
      throw mapped;
    } finally {
      for (const f of credentialFiles) f.fill(0);
      for (const e of extras) e.data.fill(0);
    }
  }

  /**
   * Ends the engagement: every grant is revoked (the client key rotated, so a former grantee cannot open
   * what stays), then the record says 已解除委托 with the date, reason and who. Both recorded.
   */
  async end(request: ClientEndRequest): Promise<ClientEnding> {
    const before = this.vault.guard.requireClient('client.end', request.clientId);
    if (before.status === 'ended') throw new VaultError('CLIENT_ENDED');
    const revoked = await serialised(this.vault, async () => {
      const version = this.vault.repos.clientKeys.currentVersion(request.clientId);
      const grantees = version === null ? [] : this.vault.repos.clientKeys.grantees(request.clientId, version);
      if (grantees.length === 0) return 0;
      await this.access.rotateClient(request.clientId, {
        remove: grantees,
        record: (keyVersion) => {
          for (const staffId of grantees) this.vault.audit.record({ action: 'revoke', clientId: request.clientId, detail: { staffId, keyVersion, ended: true } });
        },
      });
      return grantees.length;
    });
    this.vault.assertOpen();
    const row = this.vault.view.clients.byId(request.clientId);
    if (!row) throw new VaultError('NOT_FOUND', { what: 'client' });
    const at = this.now().toISOString();
    const ending: ClientEnding = { on: localDay(this.now()), at, by: this.vault.staff.id, byName: this.vault.staff.name, reason: request.reason, handbackId: request.handbackId };
    this.vault.write(() => {
      this.vault.records.putClient(request.clientId, { ...recordOf(row), status: 'ended', ended: ending, updatedAt: at }, row.keyVersion, row.rev + 1);
      this.vault.audit.record({
        action: 'client.end',
        clientId: request.clientId,
        detail: { on: ending.on, reason: ending.reason, revoked, ...(ending.handbackId ? { handback: ending.handbackId } : {}) },
      });
    });
    return ending;
  }

  /** The client's profile as the package holds it: every field in clear (it is the client's own), the responsible accountant by name. */
  private profile(client: ClientRow): Buffer {
    const { sample: _s, legalHold: _h, ended: _e, assignedStaff, ...fields } = recordOf(client);
    void _s;
    void _h;
    void _e;
    const profile = { format: 'zhangdun-client/1', id: client.id, ...fields, assignedStaff: staffNames(this.vault)(assignedStaff) };
    return Buffer.from(`${JSON.stringify(profile, null, 2)}\n`, 'utf8');
  }
}
