import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import type { DocumentMeta, ImportOutcome } from '../../../shared/domain';
import { errorMessage, type Locale } from '../../../shared/messages';
import { newBlobId } from '../blob-store';
import { open, seal } from '../crypto/aead';
import { wipe } from '../crypto/keyring';
import { mapSqliteError } from '../db/database';
import { VaultError, isVaultError } from '../errors';
import type { DocumentRow } from '../repositories/document-repo';
import type { OpenVault } from '../vault';
import { mimeFor } from './mime';

export interface ImportOptions {
  category?: string;
  periodYear?: number | null;
  periodMonth?: number | null;
  tags?: string[];
  notes?: string;
  /** Store even when the same content is already stored for this client. */
  allowDuplicate?: boolean;
  sample?: boolean;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

function keyAd(blobId: string): Buffer {
  return Buffer.from(`zhangdun/v1/file-key\0${blobId}`);
}

export class DocumentService {
  constructor(
    private readonly vault: OpenVault,
    private readonly locale: () => Locale = () => 'zh-CN',
    private readonly now: () => Date = () => new Date(),
  ) {}

  list(clientId: string, status: DocumentRow['status'] = 'active'): DocumentMeta[] {
    this.vault.assertOpen();
    this.requireClient(clientId);
    return this.vault.repos.documents.byClient(clientId, status).map(toMeta);
  }

  get(id: string): DocumentMeta {
    return toMeta(this.requireRow(id));
  }

  /** Imports files one by one; each file gets its own outcome and the batch goes on past failures. */
  async importFiles(clientId: string, sources: string[], options: ImportOptions = {}): Promise<ImportOutcome[]> {
    this.vault.assertOpen();
    this.requireClient(clientId);
    const outcomes: ImportOutcome[] = [];
    for (const [index, source] of sources.entries()) {
      if (options.signal?.aborted) throw new VaultError('CANCELLED');
      try {
        outcomes.push(await this.importOne(clientId, source, options));
      } catch (err) {
        if (isVaultError(err, 'CANCELLED') || isVaultError(err, 'VAULT_LOCKED') || isVaultError(err, 'DISK_FULL') || isVaultError(err, 'READ_ONLY')) throw err;
        if (!isVaultError(err)) throw err;
        outcomes.push({ source, status: 'failed', code: err.code, message: errorMessage(err.code, this.locale(), err.values) });
      }
      options.onProgress?.(index + 1, sources.length);
    }
    return outcomes;
  }

  private async importOne(clientId: string, source: string, options: ImportOptions): Promise<ImportOutcome> {
    const blobId = newBlobId();
    const fileKey = randomBytes(32);
    try {
      const written = await this.vault.blobs.writeFromFile(blobId, fileKey, source, options.signal ? { signal: options.signal } : {});
      this.vault.assertOpen();
      const duplicate = this.vault.repos.documents.byHash(clientId, written.sha256);
      if (duplicate && !options.allowDuplicate) {
        await this.vault.blobs.remove(blobId);
        return { source, status: 'duplicate', documentId: duplicate.id };
      }
      const now = this.now().toISOString();
      const name = basename(source);
      const row: DocumentRow = {
        id: randomBytes(16).toString('hex'),
        clientId,
        blobId,
        wrappedKey: seal(this.vault.documentKey, fileKey, keyAd(blobId)),
        name,
        category: options.category ?? '',
        periodYear: options.periodYear ?? null,
        periodMonth: options.periodMonth ?? null,
        tags: JSON.stringify(options.tags ?? []),
        notes: options.notes ?? '',
        size: written.size,
        sha256: written.sha256,
        mime: mimeFor(name),
        status: 'active',
        sample: options.sample ? 1 : 0,
        createdBy: this.vault.staff.id,
        createdAt: now,
        updatedAt: now,
        trashedAt: null,
      };
      try {
        this.vault.repos.documents.insert(row);
      } catch (err) {
        await this.vault.blobs.remove(blobId);
        throw mapSqliteError(err, 'vault.db');
      }
      return { source, status: 'imported', documentId: row.id };
    } finally {
      wipe(fileKey);
    }
  }

  /** Decrypts a document to `dest`; the file appears only once every chunk verified. */
  async exportTo(id: string, dest: string, overwrite = false): Promise<number> {
    const row = this.requireRow(id);
    const fileKey = this.unwrapFileKey(row);
    try {
      return await this.vault.blobs.exportTo(row.blobId, fileKey, dest, overwrite);
    } finally {
      wipe(fileKey);
    }
  }

  /** Full plaintext in memory, for previews only. */
  async read(id: string, maxBytes: number): Promise<Buffer> {
    const row = this.requireRow(id);
    const fileKey = this.unwrapFileKey(row);
    try {
      return await this.vault.blobs.readAll(row.blobId, fileKey, maxBytes);
    } finally {
      wipe(fileKey);
    }
  }

  rename(id: string, name: string): DocumentMeta {
    this.requireRow(id);
    this.vault.repos.documents.rename(id, name, this.now().toISOString());
    return this.get(id);
  }

  trash(id: string): DocumentMeta {
    this.requireRow(id);
    this.vault.repos.documents.setStatus(id, 'trashed', this.now().toISOString());
    return this.get(id);
  }

  restore(id: string): DocumentMeta {
    this.requireRow(id);
    this.vault.repos.documents.setStatus(id, 'active', this.now().toISOString());
    return this.get(id);
  }

  /** Permanently deletes: the row first (committed), then the blob; a crash in between leaves an orphan the next open sweeps. */
  async deletePermanently(id: string): Promise<void> {
    const row = this.requireRow(id);
    this.vault.repos.documents.delete(id);
    await this.vault.blobs.remove(row.blobId);
  }

  /** Checks one document end to end: its key unwraps, every chunk authenticates, size and hash match. */
  async verify(row: { id: string; blobId: string; wrappedKey: Buffer; size: number; sha256: string }): Promise<void> {
    const fileKey = this.unwrapFileKey(row);
    try {
      const result = await this.vault.blobs.verify(row.blobId, fileKey);
      if (result.size !== row.size || result.sha256 !== row.sha256) throw new VaultError('TAMPERED', { what: `document ${row.id}` });
    } finally {
      wipe(fileKey);
    }
  }

  private unwrapFileKey(row: { id: string; blobId: string; wrappedKey: Buffer }): Buffer {
    const key = open(this.vault.documentKey, row.wrappedKey, keyAd(row.blobId));
    if (!key) throw new VaultError('TAMPERED', { what: `document ${row.id} key` });
    return key;
  }

  private requireRow(id: string): DocumentRow {
    this.vault.assertOpen();
    const row = this.vault.repos.documents.byId(id);
    if (!row) throw new VaultError('NOT_FOUND', { what: 'document' });
    return row;
  }

  private requireClient(clientId: string): void {
    if (!this.vault.repos.clients.byId(clientId)) throw new VaultError('NOT_FOUND', { what: 'client' });
  }
}

function toMeta(row: DocumentRow): DocumentMeta {
  let tags: string[] = [];
  try {
    const parsed: unknown = JSON.parse(row.tags);
    if (Array.isArray(parsed)) tags = parsed.filter((t): t is string => typeof t === 'string');
  } catch {
    tags = [];
  }
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
  };
}
