import { promises as fsp } from 'node:fs';
import { basename } from 'node:path';
import type { DocumentFields } from '../../../shared/contract';
import type { DocumentMeta, DocumentPreview, ExportResult, ImportOutcome } from '../../../shared/domain';
import type { Locale } from '../../../shared/messages';
import type { Action } from '../../../shared/permissions';
import { unwrapFileKey } from '../keys/client-keys';
import { wipe } from '../keys/keyring';
import { VaultError, fsError, isVaultError } from '../errors';
import { importLimitOf } from './settings-service';
import type { DocumentRecord } from '../records/document-record';
import type { SealedDocumentRow } from '../repositories/record-repos';
import { textState, type DocumentRow } from '../repositories/document-view-repo';
import type { OpenVault } from '../vault/open-vault';
import { documentRowOf } from '../view/view-sync';
import { sanitizeFileName } from '../fs/file-names';
import { holdOf } from './client-service';
import { assertDeletable } from '../retention/retention-service';
import { localDay } from '../credentials/credential-service';
import { DocumentImporter, type ImportOptions, type ImportVault } from './document-import';
import { fileKind } from '../extract/sniff';
import { readOfficePreview } from '../preview/office-preview-runner';

export type { ImportOptions };

/** Previews decrypt into memory; larger files are exported instead. */
export const MAX_PREVIEW_BYTES = 64 * 1024 * 1024;


/** The parts of an open vault this service uses. */
export type DocumentVault = ImportVault & Pick<OpenVault, 'assertOpen' | 'audit' | 'blobs' | 'clientKeys' | 'guard' | 'isOpen' | 'records' | 'repos' | 'view' | 'write'>;

export class DocumentService {
  constructor(
    private readonly vault: DocumentVault,
    private readonly locale: () => Locale = () => 'zh-CN',
    private readonly now: () => Date = () => new Date(),
    /** The session's lock signal: every long operation stops when it fires. */
    private readonly sessionSignal?: AbortSignal,
    /** Builds a Word or Excel file's preview model (a capped worker thread). */
    private readonly readOffice: typeof readOfficePreview = readOfficePreview,
  ) {}

  private signalFor(options: { signal?: AbortSignal }): AbortSignal | undefined {
    const signals = [options.signal, this.sessionSignal].filter((s): s is AbortSignal => s !== undefined);
    return signals.length > 1 ? AbortSignal.any(signals) : signals[0];
  }

  list(clientId: string, status: DocumentRow['status'] = 'active'): DocumentMeta[] {
    this.requireClient(clientId, 'doc.list');
    return this.vault.view.documents.byClient(clientId, status).map(toMeta);
  }

  get(id: string): DocumentMeta {
    return toMeta(this.requireRow(id, 'doc.list'));
  }

  /** Refuses early (before a file dialog opens) when the session may not import into this client. */
  assertCanImport(clientId: string): void {
    this.requireClient(clientId, 'doc.import');
  }

  /**
   * Imports files; each gets its own outcome and the import goes on past a file that fails. Outcomes
   * are returned once the files are durable and committed (see DocumentImporter).
   */
  async importFiles(clientId: string, sources: string[], options: ImportOptions = {}): Promise<ImportOutcome[]> {
    this.requireClient(clientId, 'doc.import');
    const limit = importLimitOf(this.vault);
    return this.importer(clientId, sources, options).run(async (source, blobId, key, write) => {
      await checkSource(source, { followSymlinks: options.followSymlinks ?? false, limit });
      return this.vault.blobs.writeFromFile(blobId, key, source, write);
    });
  }

  /** Imports bytes handed over by the renderer (drag and drop of small files; the contract caps their size). */
  async importBytes(clientId: string, name: string, data: Uint8Array, options: ImportOptions = {}): Promise<ImportOutcome> {
    this.requireClient(clientId, 'doc.import');
    const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const [outcome] = await this.importer(clientId, [name], options).run((_name, blobId, key, write) => this.vault.blobs.writeFromBuffer(blobId, key, bytes, write));
    return outcome!;
  }

  private importer(clientId: string, sources: readonly string[], options: ImportOptions): DocumentImporter {
    const signal = this.signalFor(options);
    return new DocumentImporter(this.vault, clientId, signal ? { ...options, signal } : options, sources, this.locale, this.now, () =>
      this.requireClient(clientId, 'doc.import'),
    );
  }

  /** Decrypts a document to `dest`; the file appears only once every chunk verified. */
  async exportTo(id: string, dest: string, overwrite = false): Promise<number> {
    const row = this.requireRow(id, 'doc.export');
    const fileKey = this.unwrapFileKey(this.sealedRow(row.id));
    try {
      return await this.vault.blobs.exportTo(row.blobId, fileKey, dest, overwrite, this.sessionSignal);
    } finally {
      wipe(fileKey);
    }
  }

  /**
   * Export with the firm's rules: a confidential or secret client's document
   * needs a reason. `pickTarget` asks where to save (null = cancelled).
   */
  async exportWithPolicy(
    id: string,
    reason: string,
    pickTarget: (defaultName: string) => Promise<string | null>,
    /** false: refuse to replace an existing file (the command line, where no dialog asked). */
    options: { overwrite?: boolean } = {},
  ): Promise<ExportResult> {
    const row = this.requireRow(id, 'doc.export');
    const client = this.vault.view.clients.byId(row.clientId);
    if (client && exportNeedsReason(client.label) && reason.trim() === '') {
      throw new VaultError('REASON_REQUIRED');
    }
    const target = await pickTarget(sanitizeFileName(row.name));
    if (!target) return { cancelled: true };
    // Recorded before any byte is written: an export without its record is impossible.
    this.vault.audit.record({ action: 'doc.export', clientId: row.clientId, documentId: id, detail: { reason: reason.trim() } });
    try {
      // The save dialog already asked before replacing an existing file.
      const size = await this.exportTo(id, target, options.overwrite ?? true);
      return { cancelled: false, path: target, size };
    } catch (err) {
      if (this.vault.isOpen) {
        this.vault.audit.record({ action: 'doc.export', outcome: 'failure', clientId: row.clientId, documentId: id, detail: { code: isVaultError(err) ? err.code : 'INTERNAL' } });
      }
      throw err;
    }
  }

  async preview(id: string): Promise<DocumentPreview> {
    const row = this.requireRow(id, 'doc.preview');
    this.vault.audit.record({ action: 'doc.view', clientId: row.clientId, documentId: id });
    const data = await this.read(id, MAX_PREVIEW_BYTES);
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    const kind = fileKind(row.name, row.mime, bytes);
    // Word and Excel are read here, in a capped worker; the renderer gets a model to draw, never HTML.
    const office = kind === 'docx' || kind === 'xlsx' ? await this.readOffice(bytes, kind, {}, this.sessionSignal) : undefined;
    return { id: row.id, name: row.name, mime: row.mime, data: bytes, ...(office ? { office } : {}) };
  }

  /** A preview is about to be printed: recorded first, like every view and export. */
  recordPrint(id: string): void {
    const row = this.requireRow(id, 'doc.print');
    this.vault.audit.record({ action: 'doc.print', clientId: row.clientId, documentId: id });
  }

  /**
   * A document's plaintext as it decrypts, chunk by chunk, for a writer that
   * keeps nothing until the whole stream ended well (the last chunk is checked last).
   */
  async *plaintext(id: string): AsyncGenerator<Buffer> {
    const row = this.requireRow(id, 'doc.export');
    const fileKey = this.unwrapFileKey(this.sealedRow(row.id));
    try {
      yield* this.vault.blobs.decrypt(row.blobId, fileKey, this.sessionSignal);
    } finally {
      wipe(fileKey);
    }
  }

  /** Full plaintext in memory, for previews only. */
  async read(id: string, maxBytes: number): Promise<Buffer> {
    const row = this.requireRow(id, 'doc.preview');
    const fileKey = this.unwrapFileKey(this.sealedRow(row.id));
    try {
      return await this.vault.blobs.readAll(row.blobId, fileKey, maxBytes, this.sessionSignal);
    } finally {
      wipe(fileKey);
    }
  }

  /** Name and filing fields (category, period, tags, notes); `batch` names the 批量 batch it was part of. */
  update(id: string, name: string, fields: DocumentFields, batch?: string): DocumentMeta {
    const row = this.requireRow(id, 'doc.edit');
    return this.vault.write(() => {
      const meta = this.rewrite(row, { ...fields, name, updatedAt: this.now().toISOString() });
      this.vault.audit.record({ action: 'doc.update', clientId: row.clientId, documentId: id, ...batchDetail(batch) });
      return meta;
    });
  }

  rename(id: string, name: string): DocumentMeta {
    const row = this.requireRow(id, 'doc.edit');
    return this.vault.write(() => {
      const meta = this.rewrite(row, { name, updatedAt: this.now().toISOString() });
      this.vault.audit.record({ action: 'doc.update', clientId: row.clientId, documentId: id });
      return meta;
    });
  }

  trash(id: string, batch?: string): DocumentMeta {
    return this.setStatus(id, 'trashed', 'doc.trash', batch);
  }

  restore(id: string, batch?: string): DocumentMeta {
    return this.setStatus(id, 'active', 'doc.restore', batch);
  }

  private setStatus(id: string, status: DocumentRow['status'], action: 'doc.trash' | 'doc.restore', batch?: string): DocumentMeta {
    const row = this.requireRow(id, 'doc.trash');
    return this.vault.write(() => {
      const now = this.now().toISOString();
      const meta = this.rewrite(row, { status, updatedAt: now, trashedAt: status === 'trashed' ? now : null });
      this.vault.audit.record({ action, clientId: row.clientId, documentId: id, ...batchDetail(batch) });
      return meta;
    });
  }

  /** The next revision of a document's record with `change` applied (inside vault.write). */
  private rewrite(row: DocumentRow, change: Partial<DocumentRecord>): DocumentMeta {
    const sealed = this.sealedRow(row.id);
    const current = recordOf(row);
    const data = this.vault.records.putDocument(
      { id: row.id, clientId: row.clientId, blobId: row.blobId, wrappedKey: sealed.wrappedKey, size: row.size, keyVersion: sealed.keyVersion, rev: sealed.rev + 1 },
      { ...current, ...change },
    );
    return toMeta(documentRowOf(data));
  }

  /** Permanently deletes: the row first (committed), then the blob; a crash in between leaves an orphan the next open sweeps. */
  async deletePermanently(id: string): Promise<void> {
    const row = this.requireRow(id, 'doc.delete');
    try {
      assertDeletable(this.vault, row, localDay(this.now()));
    } catch (err) {
      if (isVaultError(err)) this.vault.audit.record({ action: 'doc.delete', outcome: 'denied', clientId: row.clientId, documentId: id, detail: { code: err.code } });
      throw err;
    }
    this.vault.write(() => {
      this.vault.records.deleteDocument(id, row.clientId);
      // Until its file is gone the blob is an orphan to sweep, should the removal below not happen.
      this.vault.repos.blobIntents.add([row.blobId]);
      this.vault.audit.record({ action: 'doc.delete', clientId: row.clientId, documentId: id, detail: { name: row.name } });
    });
    try {
      await this.vault.blobs.remove(row.blobId);
      this.vault.write(() => this.vault.repos.blobIntents.remove([row.blobId]));
    } catch {
      // The deletion is committed (and recorded): a blob that cannot be removed now (a folder turned
      // read-only) is an orphan, still encrypted, that the next open sweeps. Reporting a failure here
      // would say the document is still there.
    }
  }

  /** Checks one document end to end: its key unwraps, every chunk authenticates, size and hash match its record. */
  async verify(id: string): Promise<void> {
    const sealed = this.sealedRow(id);
    const doc = this.vault.records.openDocument(sealed);
    if (!doc) throw new VaultError('NOT_FOUND', { what: 'document' });
    const fileKey = this.unwrapFileKey(sealed);
    try {
      const result = await this.vault.blobs.verify(sealed.blobId, fileKey, this.sessionSignal);
      if (result.size !== sealed.size || result.sha256 !== doc.sha256) throw new VaultError('TAMPERED', { what: `document ${id}` });
    } finally {
      wipe(fileKey);
    }
  }

  /** Whether this session holds the client key that wraps this document's file key. */
  canOpen(ref: { clientId: string; keyVersion: number }): boolean {
    return this.vault.clientKeys.key(ref.clientId, ref.keyVersion) !== null;
  }

  private sealedRow(id: string): SealedDocumentRow {
    const sealed = this.vault.repos.documentRecords.byId(id);
    if (!sealed) throw new VaultError('NOT_FOUND', { what: 'document' });
    return sealed;
  }

  private unwrapFileKey(row: SealedDocumentRow): Buffer {
    const clientKey = this.vault.clientKeys.key(row.clientId, row.keyVersion);
    if (!clientKey) throw new VaultError('NOT_FOUND', { what: 'document' });
    const key = unwrapFileKey(clientKey, row, row.wrappedKey);
    if (!key) throw new VaultError('TAMPERED', { what: `document ${row.id} key` });
    return key;
  }

  /** A document of a client the session may see, checked for `action` (NOT_FOUND for a client it may not see). */
  private requireRow(id: string, action: Action): DocumentRow {
    this.vault.assertOpen();
    // The sealed row says which client it belongs to (the view holds only readable ones).
    const sealed = this.vault.repos.documentRecords.byId(id);
    if (!sealed) throw new VaultError('NOT_FOUND', { what: 'document' });
    this.vault.guard.requireClient(action, sealed.clientId, { what: 'document', documentId: id });
    const row = this.vault.view.documents.byId(id);
    if (!row) throw new VaultError('NOT_FOUND', { what: 'document' });
    return row;
  }

  private requireClient(clientId: string, action: Action) {
    return this.vault.guard.requireClient(action, clientId);
  }
}

/** A confidential or secret client's documents leave the vault only with a reason (recorded in the audit). */
export function exportNeedsReason(label: string | null): boolean {
  return label === 'confidential' || label === 'secret';
}

/** The audit detail naming a 批量 batch, when there is one. */
function batchDetail(batch: string | undefined): { detail?: { batch: string } } {
  return batch ? { detail: { batch } } : {};
}

/** A document's record as its view row holds it. */
export function recordOf(row: DocumentRow): DocumentRecord {
  const meta = toMeta(row);
  return {
    name: row.name,
    category: row.category,
    periodYear: row.periodYear,
    periodMonth: row.periodMonth,
    tags: meta.tags,
    notes: row.notes,
    sha256: row.sha256,
    mime: row.mime,
    status: row.status,
    sample: row.sample === 1,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    trashedAt: row.trashedAt,
    ...holdOf(row.legalHold),
  };
}

/**
 * What an import takes: a regular file (never a device, a pipe or a
 * folder), not a symbolic link unless asked (a link given to an import once
 * took /etc/shadow), and no larger than the firm's limit.
 */
export async function checkSource(source: string, rules: { followSymlinks: boolean; limit: number }): Promise<void> {
  let stat;
  try {
    stat = await fsp.lstat(source);
    if (stat.isSymbolicLink()) {
      if (!rules.followSymlinks) throw new VaultError('INVALID_INPUT', { reason: 'a symbolic link (not followed)', what: basename(source) });
      stat = await fsp.stat(source);
    }
  } catch (err) {
    if (err instanceof VaultError) throw err;
    throw fsError(err, basename(source));
  }
  if (!stat.isFile()) throw new VaultError('INVALID_INPUT', { reason: 'not a regular file', what: basename(source) });
  if (stat.size > rules.limit) throw new VaultError('INVALID_INPUT', { reason: 'larger than the import limit', what: basename(source), limit: rules.limit });
}

export function toMeta(row: DocumentRow): DocumentMeta {
  let tags: string[] = [];
  try {
    const parsed: unknown = JSON.parse(row.tags);
    if (Array.isArray(parsed)) tags = parsed.filter((t): t is string => typeof t === 'string');
  } catch {
    tags = [];
  }
  const text = textState(row);
  return {
    id: row.id,
    clientId: row.clientId,
    name: row.name,
    category: row.category,
    periodYear: row.periodYear,
    periodMonth: row.periodMonth,
    tags,
    notes: row.notes,
    size: row.size,
    sha256: row.sha256,
    mime: row.mime,
    status: row.status,
    sample: row.sample === 1,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    rev: row.rev,
    textStatus: text?.status ?? 'pending',
    damaged: text?.damaged ?? false,
    textReason: text?.reason ?? null,
  };
}
