import { can } from '../../../shared/permissions';
import { VaultError, isVaultError } from '../errors';
import { EXTRACTOR_VERSION, TEXT_RECORD_MAX_CHARS, type TextData, type TextRecord } from '../records/text-record';
import type { OpenVault } from '../vault/open-vault';

/** What reading a document's content gives (text layers first, OCR where there are none). */
export interface ContentRead {
  status: TextRecord['status'];
  text: string;
  pages: number | null;
  damaged: boolean;
  reason: string | null;
  truncated: boolean;
  method: TextRecord['method'];
}

/** The port to the extraction and OCR workers (see extract/): isolated, time- and memory-capped per file. */
export interface ContentReader {
  /** `ocr: false` reads text layers only (seconds of OCR per page are too slow for a dialog waiting on it). */
  read(bytes: Buffer, fileName: string, mime: string, signal?: AbortSignal, options?: { ocr?: boolean }): Promise<ContentRead>;
}

/** Largest file read for its text; bigger ones are recorded as not read ('failed', too-large). */
export const INDEX_MAX_BYTES = 64 * 1024 * 1024;
/** Documents taken from the queue at a time. */
const BATCH = 16;

export type IndexVault = Pick<OpenVault, 'assertOpen' | 'isOpen' | 'records' | 'repos' | 'staff' | 'view' | 'write'>;

export interface IndexProgress {
  /** Documents of the session's clients whose content has not been read yet. */
  pending: number;
  /** Read in this run. */
  done: number;
  running: boolean;
  paused: boolean;
}

/**
 * Reads what is inside documents and seals it as each document's text record
 * (under its client's key), which the session's view indexes for search. Runs
 * in the background after an import and for documents imported before; can be
 * paused; stops with the session (its signal aborts at lock) and takes up the
 * queue again at the next unlock, since the queue is simply "documents with
 * no text record", then those an older extractor version could not read.
 */
export class ContentIndexer {
  private running: Promise<void> | null = null;
  private paused = false;
  private done = 0;
  /** Documents still to read, as last counted; null counts again. */
  private pending: number | null = null;

  constructor(
    private readonly vault: IndexVault,
    /** A document's plaintext, at most `maxBytes` (the document service's read: no audit event, not a view). */
    private readonly readDocument: (id: string, maxBytes: number) => Promise<Buffer>,
    private readonly reader: ContentReader,
    private readonly signal: AbortSignal,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Only staff who may change a client's documents write their text records (auditors read what others indexed). */
  private clients(): string[] {
    if (!can(this.vault.staff.role, 'doc.edit', { granted: true })) return [];
    return this.vault.view.clients.all().map((c) => c.id);
  }

  /**
   * Polled every few seconds while documents are read: the count over every client of the view is taken
   * once per run (and after each import), then kept by the run itself as it reads.
   */
  progress(): IndexProgress {
    if (!this.vault.isOpen) return { pending: 0, done: this.done, running: this.running !== null, paused: this.paused };
    if (this.pending === null) {
      const clients = this.clients();
      this.pending = this.vault.repos.textRecords.unreadCount(clients) + this.vault.view.texts.staleCount(clients, EXTRACTOR_VERSION);
    }
    return { pending: this.pending, done: this.done, running: this.running !== null, paused: this.paused };
  }

  pause(): void {
    this.paused = true;
  }

  /** Resumes (or starts) the background run. */
  resume(): void {
    this.paused = false;
    this.start();
  }

  /** Starts the background run unless one is going or it is paused; resolves when the queue is empty, paused or the session ends. */
  start(): Promise<void> {
    // New documents may have come in (an import): counted again at the next poll.
    this.pending = null;
    if (this.paused || this.signal.aborted) return Promise.resolve();
    // A failure outside any one document (the vault closing under it) ends this run; the next start picks up the queue.
    this.running ??= this.drain().catch(() => undefined).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async drain(): Promise<void> {
    for (;;) {
      if (this.paused || this.signal.aborted || !this.vault.isOpen) return;
      const clients = this.clients();
      const unread = this.vault.repos.textRecords.unread(clients, BATCH);
      // Then what an older extractor could not read (each written back at this version, so tried once).
      const batch = unread.length > 0 ? unread : this.vault.view.texts.stale(clients, EXTRACTOR_VERSION, BATCH);
      if (batch.length === 0) {
        this.pending = 0;
        return;
      }
      for (const { id } of batch) {
        if (this.paused || this.signal.aborted || !this.vault.isOpen) return;
        try {
          await this.index(id);
        } catch (err) {
          // The session ended mid-file: what was read is dropped, the document stays queued.
          if (this.signal.aborted || !this.vault.isOpen || isVaultError(err, 'VAULT_LOCKED') || isVaultError(err, 'CANCELLED')) return;
          // Anything else (a blob that does not open, a vanished document) is this document's status, so the queue moves on.
          this.recordFailure(id, isVaultError(err) ? err.code : 'INTERNAL');
        }
        this.done++;
        if (this.pending !== null) this.pending = Math.max(0, this.pending - 1);
      }
    }
  }

  /** Reads one document's content now and seals it (a re-read replaces the earlier record). */
  async index(documentId: string): Promise<TextData> {
    const doc = this.vault.view.documents.byId(documentId);
    if (!doc) throw new VaultError('NOT_FOUND', { what: 'document' });
    const read = doc.size > INDEX_MAX_BYTES ? notRead('too-large') : await this.readContent(documentId, doc.name, doc.mime);
    this.vault.assertOpen();
    const written = this.seal(documentId, read);
    if (!written) throw new VaultError('NOT_FOUND', { what: 'document' });
    return written;
  }

  /**
   * A document that could not be read at all (a blob that does not open, say): recorded, so the queue moves on.
   * One vault.db no longer holds (deleted meanwhile) has nothing to record against: the view's stale text row is
   * dropped instead, or the queue would offer it again forever.
   */
  private recordFailure(documentId: string, code: string): void {
    if (!this.seal(documentId, { ...notRead(code), damaged: code === 'TAMPERED' })) this.vault.view.texts.forget(documentId);
  }

  private seal(documentId: string, read: ContentRead): TextData | null {
    const text = read.text.length > TEXT_RECORD_MAX_CHARS ? read.text.slice(0, TEXT_RECORD_MAX_CHARS) : read.text;
    const record: TextRecord = {
      status: read.status,
      damaged: read.damaged,
      reason: read.reason,
      method: read.method,
      text,
      truncated: read.truncated || text.length < read.text.length,
      pages: read.pages,
      extractor: EXTRACTOR_VERSION,
      extractedAt: this.now().toISOString(),
    };
    return this.vault.write(() => {
      const sealed = this.vault.repos.documentRecords.byId(documentId);
      if (!sealed) return null;
      const current = this.vault.repos.textRecords.byId(documentId);
      return this.vault.records.putText({ id: documentId, clientId: sealed.clientId, keyVersion: sealed.keyVersion, rev: (current?.rev ?? 0) + 1 }, record);
    });
  }

  private async readContent(id: string, name: string, mime: string): Promise<ContentRead> {
    const bytes = await this.readDocument(id, INDEX_MAX_BYTES);
    try {
      return await this.reader.read(bytes, name, mime, this.signal);
    } finally {
      bytes.fill(0);
    }
  }
}

function notRead(reason: string): ContentRead {
  return { status: 'failed', text: '', pages: null, damaged: false, reason, truncated: false, method: 'none' };
}
