import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import { MAX_BULK_DOCUMENTS } from '../../../shared/bulk';
import type { ShareCreateRequest, ShareCreateResult, ShareEntry } from '../../../shared/shares';
import { DEFAULT_SCRYPT_WORK_FACTOR, type Encryption } from '../backup/format/age-file';
import { fsError, VaultError } from '../errors';
import { sanitizeFileName } from '../fs/file-names';
import type { DocumentRow } from '../repositories/document-view-repo';
import { batchTooLarge, checkBatchSize } from '../services/document-bulk';
import type { DocumentService, DocumentVault } from '../services/document-service';
import type { OpenVault } from '../vault/open-vault';
import { collect, newPassphrase, writeBeside } from './package-writer';
import { openShare, sealShare } from './share-seal';
import { writeSharePackage, type ShareSource } from './share-package';

export type ShareVault = DocumentVault & Pick<OpenVault, 'staff'>;

/** The largest document a package takes: each file is stamped in memory. */
const MAX_SHARE_FILE_BYTES = 512 * 1024 ** 2;

/**
 * 分享给外部: documents of one client as an encrypted package for an outside
 * party, and the share register. Sharing is an export: it needs the right to
 * export the client's documents (a grant, for an accountant). The package is
 * encrypted to a passphrase generated here and returned once (never stored),
 * or to the recipient's age key. The expiry is written into the package and
 * the register; nothing can make a file already handed over expire.
 */
export class ShareService {
  constructor(
    private readonly vault: ShareVault,
    private readonly documents: DocumentService,
    private readonly now: () => Date = () => new Date(),
    /** scrypt work factor of passphrase packages (tests lower it). */
    private readonly scryptWorkFactor = DEFAULT_SCRYPT_WORK_FACTOR,
  ) {}

  /** The client's share register, newest first. */
  list(clientId: string): ShareEntry[] {
    this.vault.assertOpen();
    this.vault.guard.requireClient('doc.list', clientId);
    return this.vault.repos.shares.byClient(clientId).map((row) => {
      const key = this.vault.clientKeys.key(clientId, row.keyVersion);
      if (!key) throw new VaultError('NOT_FOUND', { what: 'client' });
      return openShare(key, row);
    });
  }

  async create(request: ShareCreateRequest, pickTarget: (defaultName: string) => Promise<string | null>): Promise<ShareCreateResult> {
    this.vault.assertOpen();
    const client = this.vault.guard.requireClient('doc.export', request.clientId, { auditAs: 'share.create' });
    const today = localDate(this.now());
    if (!isDate(request.until) || request.until < today) throw new VaultError('INVALID_INPUT', { reason: 'an expiry from today on', field: 'until' });
    const ids = [...new Set(request.documentIds)];
    checkBatchSize(ids.length);
    const rows = ids.map((id) => this.requireDocument(id, request.clientId));
    checkBatchSize(rows.length, rows.reduce((sum, r) => sum + r.size, 0));
    if (rows.length > MAX_BULK_DOCUMENTS) throw batchTooLarge(rows.length);
    const tooBig = rows.find((r) => r.size > MAX_SHARE_FILE_BYTES);
    if (tooBig) throw new VaultError('INVALID_INPUT', { reason: `${tooBig.name} is over 512 MB`, field: 'documents' });

    const target = await pickTarget(sanitizeFileName(`${client.name} 分享给 ${request.recipient} ${today}.tar.age`));
    if (!target) return { cancelled: true };
    this.vault.assertOpen();

    const passphrase = request.encryption.kind === 'passphrase' ? newPassphrase() : null;
    const encryption: Encryption = passphrase !== null ? { passphrase, workFactor: this.scryptWorkFactor } : { recipients: [request.encryption.kind === 'recipient' ? request.encryption.recipient : ''] };
    const shareId = randomBytes(16).toString('hex');
    const createdAt = this.now().toISOString();
    const detail = {
      share: shareId,
      to: request.recipient,
      reason: request.purpose,
      until: request.until,
      documents: rows.length,
      encryption: request.encryption.kind,
    };
    // Recorded before any byte is written, as an export is: a package without its record is impossible.
    this.vault.audit.record({ action: 'share.create', clientId: request.clientId, detail });
    const sources: ShareSource[] = rows.map((row) => ({
      documentId: row.id,
      name: row.name,
      mime: row.mime,
      read: () => collect(this.documents.plaintext(row.id)),
    }));
    const entry = (files: ShareEntry['files']): ShareEntry => ({
      id: shareId,
      clientId: request.clientId,
      createdAt,
      createdBy: { id: this.vault.staff.id, name: this.vault.staff.name },
      recipient: request.recipient,
      purpose: request.purpose,
      until: request.until,
      encryption: request.encryption.kind,
      ageRecipient: request.encryption.kind === 'recipient' ? request.encryption.recipient : null,
      fileName: basename(target),
      files,
    });
    try {
      const header = { recipient: request.recipient, purpose: request.purpose, until: request.until, clientName: client.name, sender: this.senderName(), createdAt, shareId };
      const written = await writeBeside(target, (handle) => writeSharePackage(handle, encryption, header, sources), ({ files }) => {
        this.vault.assertOpen();
        const current = this.vault.view.clients.byId(request.clientId);
        const key = current ? this.vault.clientKeys.key(request.clientId, current.keyVersion) : null;
        if (!current || !key) throw new VaultError('NOT_FOUND', { what: 'client' });
        this.vault.write(() => this.vault.repos.shares.put(sealShare(key, entry(files), current.keyVersion)));
      });
      return { cancelled: false, path: target, size: written.bytes, share: entry(written.files), passphrase };
    } catch (err) {
      const mapped = fsError(err, target);
      if (this.vault.isOpen) {
        this.vault.audit.record({
          action: 'share.create',
          outcome: 'failure',
          clientId: request.clientId,
          detail: { share: shareId, code: mapped instanceof VaultError ? mapped.code : 'INTERNAL' },
        });
      }
      throw mapped;
    }
  }

  private requireDocument(id: string, clientId: string): DocumentRow {
    const row = this.vault.view.documents.byId(id);
    // Another client's document is as unknown here as one that never existed.
    if (!row || row.clientId !== clientId || row.status !== 'active') throw new VaultError('NOT_FOUND', { what: 'document' });
    return row;
  }

  private senderName(): string {
    return this.vault.staff.name;
  }
}

function isDate(value: string): boolean {
  const t = Date.parse(`${value}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === value;
}

function localDate(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
