import type { Locale } from '../../../shared/messages';
import { isVaultError } from '../errors';
import { CredentialService } from '../credentials/credential-service';
import { CredentialTransfer } from '../credentials/credential-transfer';
import { ClientTransfer } from '../clients/client-transfer';
import { AccessService } from '../services/access-service';
import { AlertService } from '../alerts/alert-service';
import { IncidentService } from '../incidents/incident-service';
import { StaffComplianceService } from '../people/staff-compliance-service';
import { ComplianceService } from '../compliance/compliance-service';
import { DestructionService } from '../retention/destruction-service';
import { RetentionService } from '../retention/retention-service';
import { ContentIndexer, type ContentReader } from '../search/content-indexer';
import { bytesSource, proposeImport } from '../services/import-proposal';
import { PickedImport } from '../services/picked-import';
import type { ImportProposal } from '../../../shared/document-guess';
import { AuditService } from '../services/audit-service';
import { ClientService } from '../services/client-service';
import { DocumentArchive } from '../services/document-archive';
import { ShareService } from '../shares/share-service';
import { ClientEndService } from '../handback/client-end-service';
import { DocumentBulk } from '../services/document-bulk';
import { DocumentService } from '../services/document-service';
import { PasswordService } from '../services/password-service';
import { ReportService } from '../services/report-service';
import { SearchService } from '../services/search-service';
import { StaffService } from '../services/staff-service';
import type { OpenVault } from './open-vault';

/** What an unlocked staff member works with; gone the moment the vault locks. */
export class VaultSession {
  readonly clients: ClientService;
  /** Clients from a firm's own list (.xlsx/.csv), and the client list out as .xlsx. */
  readonly clientTransfer: ClientTransfer;
  readonly documents: DocumentService;
  /** 导入文件 / 导入文件夹: files picked in a dialog, held under a token until imported; dropped on lock. */
  readonly picked: PickedImport;
  /** 批量: category, period, tags, trash and restore of many documents, each audited. */
  readonly bulk: DocumentBulk;
  /** 打包导出: many documents as one .zip. */
  readonly archive: DocumentArchive;
  /** 对外分享: packages for outside parties and the share register. */
  readonly shares: ShareService;
  /** 解除委托: the hand-back package and the ended state. */
  readonly handback: ClientEndService;
  readonly search: SearchService;
  readonly staff: StaffService;
  /** The password policy, changing one's own password, resetting a colleague's. */
  readonly passwords: PasswordService;
  /** Grants, revocations, key rotation. */
  readonly access: AccessService;
  readonly audit: AuditService;
  readonly reports: ReportService;
  /** A client's logins, PINs, certificates; and their import and export. */
  readonly credentials: CredentialService;
  readonly credentialTransfer: CredentialTransfer;
  /** Alerts the rules raised, their acknowledgement, suspending staff. */
  readonly alerts: AlertService;
  /** The incident register: opened from alerts or by hand, notification drafts, closing. */
  readonly incidents: IncidentService;
  /** Staff agreements (保密协议), training, policy acknowledgements; the owner's NDA rule. */
  readonly compliance: StaffComplianceService;
  /** 合规自查报告: the policy's sections with live evidence. */
  readonly selfCheck: ComplianceService;
  /** 保管期限, legal holds. */
  readonly retention: RetentionService;
  /** 销毁清册: draw up, approve, carry out, certificate. */
  readonly destruction: DestructionService;
  /** Reads what is inside documents in the background (null where no reader was given: tests, some commands). */
  readonly content: ContentIndexer | null;
  /** Aborted when the vault locks: long operations (imports, exports) stop at the next chunk. */
  readonly abort = new AbortController();
  /** Operations still running in this session; lock waits for them to stop before wiping keys. */
  readonly inFlight = new Set<Promise<unknown>>();

  constructor(readonly vault: OpenVault, locale: () => Locale, reader: ContentReader | null = null, now: () => Date = () => new Date()) {
    this.clients = new ClientService(vault);
    this.clientTransfer = new ClientTransfer(vault);
    this.documents = new DocumentService(vault, locale, undefined, this.abort.signal);
    this.picked = new PickedImport(this.documents, reader, this.abort.signal);
    this.bulk = new DocumentBulk(vault, this.documents, locale);
    this.archive = new DocumentArchive(vault, this.documents, locale);
    this.shares = new ShareService(vault, this.documents);
    this.search = new SearchService(vault);
    this.staff = new StaffService(vault);
    this.passwords = new PasswordService(vault);
    this.access = new AccessService(vault);
    this.audit = new AuditService(vault);
    this.reports = new ReportService(vault);
    this.handback = new ClientEndService(vault, this.documents, this.access, this.reports);
    this.credentials = new CredentialService(vault);
    this.credentialTransfer = new CredentialTransfer(vault);
    this.alerts = new AlertService(vault);
    this.incidents = new IncidentService(vault, this.alerts);
    this.compliance = new StaffComplianceService(vault, now);
    this.selfCheck = new ComplianceService(vault, now);
    this.retention = new RetentionService(vault);
    this.destruction = new DestructionService(vault);
    this.content = reader ? new ContentIndexer(vault, (id, max) => this.documents.read(id, max), reader, this.abort.signal) : null;
    this.reader = reader;
  }

  private readonly reader: ContentReader | null;

  /** The 所属期 and category a dropped file's name and text layers suggest, before it is imported (nothing stored). */
  proposeImport(clientId: string, name: string, bytes: Buffer): Promise<ImportProposal> {
    this.documents.assertCanImport(clientId);
    return proposeImport(this.reader, bytesSource(name, bytes), this.abort.signal);
  }

  /**
   * Reads what is inside documents not read yet, in the background (at unlock, after an import).
   * Not awaited and not in flight: a lock cancels the file being read rather than waiting for it.
   */
  indexContent(): void {
    void this.content?.start().catch(() => undefined);
  }

  /**
   * Finishes key rotations an interrupted offboarding or demotion left owed
   * (owners and admins only). A failure does not block the unlock; it is
   * recorded, and the next unlock tries again.
   */
  async resumePendingRotation(): Promise<void> {
    try {
      await this.staff.resumeOffboarding();
      await this.passwords.resumeReset();
      await this.access.resumePending();
      await this.compliance.syncRoster();
    } catch (err) {
      if (!this.vault.isOpen) throw err;
      this.vault.audit.record({ action: 'key.rotate', outcome: 'failure', detail: { code: isVaultError(err) ? err.code : 'INTERNAL' } });
    }
  }
}
