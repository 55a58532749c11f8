import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import type { ImportOutcome } from '../../../shared/domain';
import { errorMessage, type Locale } from '../../../shared/messages';
import { newBlobId, type WriteOptions, type WrittenBlob } from '../blobs/blob-store';
import { blobWriters } from '../blobs/blob-writer';
import { wrapFileKey } from '../keys/client-keys';
import { wipe } from '../keys/keyring';
import { VaultError, isVaultError } from '../errors';
import type { OpenVault } from '../vault/open-vault';
import { inParallel } from '../in-parallel';
import { mimeFor } from './mime';

/** One file's own category and 所属期, where a person (or a proposal they accepted) filed it apart from its batch. */
export interface FileFiling {
  category: string;
  periodYear: number | null;
  periodMonth: number | null;
}

export interface ImportOptions {
  category?: string;
  periodYear?: number | null;
  periodMonth?: number | null;
  tags?: string[];
  notes?: string;
  /** Store even when the same content is already stored for this client. */
  allowDuplicate?: boolean;
  /** Import what a symbolic link points to (command line --follow-symlinks); refused otherwise. */
  followSymlinks?: boolean;
  sample?: boolean;
  /** Each source's own filing, in the order of the sources; where absent, the fields above. */
  perFile?: readonly (FileFiling | undefined)[];
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/** Encrypts one source's plaintext into the blob `blobId` under `fileKey`, with the import's signal and `sync: false` (the batch fsyncs). */
export type BlobWriter = (source: string, blobId: string, fileKey: Buffer, options: WriteOptions) => Promise<WrittenBlob>;

interface Written {
  index: number;
  source: string;
  blobId: string;
  fileKey: Buffer;
  blob: WrittenBlob;
  /** The blob's bytes on their way to the disk, started as soon as it was written. */
  synced: Promise<void>;
}

/** A batch is made durable and committed once it holds this many files or bytes. */
const BATCH_FILES = 128;
const BATCH_BYTES = 128 * 1024 * 1024;

/** Blob ids recorded as intents at a time (one small commit), before their blobs are written. */
const RESERVE_IDS = 64;

/** Errors that end the whole import rather than one file's. */
const FATAL = new Set(['CANCELLED', 'VAULT_LOCKED', 'DISK_FULL', 'READ_ONLY']);

/** Returns an error that fails only its file; rethrows one that ends the import. */
function onlyFileError(err: unknown): VaultError {
  if (!isVaultError(err) || FATAL.has(err.code)) throw err;
  return err;
}


/** The parts of an open vault this service uses. */
export type ImportVault = Pick<OpenVault, 'audit' | 'blobs' | 'clientKeys' | 'isOpen' | 'records' | 'repos' | 'staff' | 'write'>;

/**
 * Imports a list of files into one client. Blobs are encrypted a few at a
 * time and written without waiting for the disk, each one's fdatasync
 * started as soon as it is written; a batch is then made durable at once
 * (those syncs awaited, every folder they went into fsynced) and committed
 * in one transaction, one row and one audit event per file.
 * An outcome is returned only after its batch committed, so whatever the
 * caller has been told survives a crash; blobs of a batch that never
 * committed are orphans the next open sweeps.
 */
export class DocumentImporter {
  private pending: Written[] = [];
  private pendingBytes = 0;
  /** Files finished out of order, waiting for the ones before them (null: failed). */
  private readonly finished = new Map<number, Written | null>();
  private nextToQueue = 0;
  /** Reserved (recorded as intents, committed) and not yet used. */
  private reserved: string[] = [];
  /** Intents to drop at the end: blobs removed again, and ids reserved but never used. */
  private settled: string[] = [];
  private readonly outcomes: (ImportOutcome | undefined)[];

  constructor(
    private readonly vault: ImportVault,
    private readonly clientId: string,
    private readonly options: ImportOptions,
    private readonly sources: readonly string[],
    private readonly locale: () => Locale,
    private readonly now: () => Date,
    /** Re-checks, inside the commit, that the session may still import into this client. */
    private readonly requireClient: () => { keyVersion: number },
  ) {
    this.outcomes = new Array<ImportOutcome | undefined>(sources.length);
  }

  async run(write: BlobWriter): Promise<ImportOutcome[]> {
    const writeOptions: WriteOptions = this.options.signal ? { signal: this.options.signal, sync: false } : { sync: false };
    let done = 0;
    let fatal: unknown;
    // Enough files in flight to keep every blob writer busy (see blobWriters().parallelism).
    await inParallel(this.sources, blobWriters().parallelism, async (source, index) => {
      // After an error that ends the import, the files not yet started are left alone.
      if (fatal !== undefined) return;
      if (this.options.signal?.aborted) {
        fatal ??= new VaultError('CANCELLED');
        return;
      }
      const fileKey = randomBytes(32);
      let blobId: string;
      try {
        blobId = this.reserve();
      } catch (err) {
        wipe(fileKey);
        fatal ??= err;
        return;
      }
      let written = false;
      try {
        const blob = await write(source, blobId, fileKey, writeOptions);
        written = true;
        const synced = this.vault.blobs.syncFile(blobId);
        // Awaited by the flush; marked handled now so a failure meanwhile is not an unhandled rejection.
        synced.catch(() => undefined);
        this.settle(index, { index, source, blobId, fileKey, blob, synced });
        if (this.pending.length >= BATCH_FILES || this.pendingBytes >= BATCH_BYTES) await this.flush();
      } catch (err) {
        wipe(fileKey);
        // A write that failed removed its temp file: nothing of this id is on disk.
        if (!written) this.settled.push(blobId);
        if (!isVaultError(err) || FATAL.has(err.code)) {
          fatal ??= err;
          return;
        }
        this.outcomes[index] = this.failed(source, err);
        this.settle(index, null);
      }
      done++;
      this.options.onProgress?.(done, this.sources.length);
    });
    // Whatever was written before a cancel or a failure is still committed, as if imported one by one.
    for (const index of [...this.finished.keys()].sort((a, b) => a - b)) {
      const w = this.finished.get(index);
      if (w) this.queue(w);
    }
    this.finished.clear();
    try {
      await this.flush();
    } catch (err) {
      fatal ??= err;
    }
    this.dropIntents();
    if (fatal !== undefined) throw fatal;
    return this.outcomes.map((o, i) => o ?? { source: this.sources[i]!, status: 'failed', code: 'INTERNAL', message: errorMessage('INTERNAL', this.locale()) });
  }

  /**
   * Records a file as finished (written, or failed: null) and queues for commit every finished file that
   * no earlier file is still ahead of, so files commit in the order given whichever finished first: of
   * two with the same content, the first in the list is the one imported.
   */
  private settle(index: number, written: Written | null): void {
    this.finished.set(index, written);
    while (this.finished.has(this.nextToQueue)) {
      const w = this.finished.get(this.nextToQueue);
      this.finished.delete(this.nextToQueue);
      this.nextToQueue++;
      if (w) this.queue(w);
    }
  }

  private queue(w: Written): void {
    this.pending.push(w);
    this.pendingBytes += w.blob.size;
  }

  /**
   * A blob id whose intent is committed: a crash after its blob is written and before its row commits
   * leaves an orphan the next open finds without reading every document.
   */
  private reserve(): string {
    if (this.reserved.length === 0) {
      const ids = Array.from({ length: Math.min(RESERVE_IDS, this.sources.length) }, newBlobId);
      this.vault.write(() => this.vault.repos.blobIntents.add(ids));
      this.reserved = ids;
    }
    return this.reserved.pop()!;
  }

  /** Best effort: an intent left behind costs the next open one check. */
  private dropIntents(): void {
    const ids = [...this.settled, ...this.reserved];
    this.settled = [];
    this.reserved = [];
    if (ids.length === 0 || !this.vault.isOpen) return;
    try {
      this.vault.write(() => this.vault.repos.blobIntents.remove(ids));
    } catch {
      // Left for the next open's sweep.
    }
  }

  /** Makes the pending blobs durable, then commits their rows; removes the blobs of rows that did not commit. */
  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    if (batch.length === 0) return;
    const unreferenced = new Set(batch.map((w) => w.blobId));
    try {
      // Every blob's bytes, then every folder's names, before any row references them.
      const syncs = await Promise.allSettled(batch.map((w) => w.synced));
      const failed = syncs.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
      await this.vault.blobs.syncFolders(batch.map((w) => w.blobId));
      // vault.write maps SQLite's errors to VaultErrors.
      try {
        this.vault.write(() => {
          for (const w of batch) this.commitOne(w, unreferenced);
        });
      } catch (err) {
        onlyFileError(err);
        // One file's row failed and the batch rolled back: commit the files one by one, so only that file fails.
        for (const w of batch) unreferenced.add(w.blobId);
        for (const w of batch) {
          try {
            this.vault.write(() => this.commitOne(w, unreferenced));
          } catch (one) {
            this.outcomes[w.index] = this.failed(w.source, onlyFileError(one));
          }
        }
      }
    } finally {
      for (const w of batch) wipe(w.fileKey);
      for (const blobId of unreferenced) {
        await this.vault.blobs.remove(blobId).then(
          () => this.settled.push(blobId),
          () => undefined,
        );
      }
    }
  }

  /** Inside the batch's transaction: a duplicate outcome, or the record and its audit event. */
  private commitOne(w: Written, unreferenced: Set<string>): void {
    // A key rotation may have run while the blob was written: seal and wrap under the version current now.
    const client = this.requireClient();
    const duplicate = this.vault.records.duplicatesOf(this.clientId, client.keyVersion, w.blob.sha256).find((d) => d.status === 'active');
    if (duplicate && !this.options.allowDuplicate) {
      this.outcomes[w.index] = { source: w.source, status: 'duplicate', documentId: duplicate.id };
      return;
    }
    const clientKey = this.vault.clientKeys.key(this.clientId, client.keyVersion);
    if (!clientKey) throw new VaultError('NOT_FOUND', { what: 'client' });
    const now = this.now().toISOString();
    const name = basename(w.source);
    const id = randomBytes(16).toString('hex');
    const own = this.options.perFile?.[w.index];
    const ref = { blobId: w.blobId, clientId: this.clientId, keyVersion: client.keyVersion };
    const doc = this.vault.records.putDocument(
      { id, ...ref, wrappedKey: wrapFileKey(clientKey, ref, w.fileKey), size: w.blob.size, rev: 1 },
      {
        name,
        category: own ? own.category : (this.options.category ?? ''),
        periodYear: own ? own.periodYear : (this.options.periodYear ?? null),
        periodMonth: own ? own.periodMonth : (this.options.periodMonth ?? null),
        tags: this.options.tags ?? [],
        notes: this.options.notes ?? '',
        sha256: w.blob.sha256,
        mime: mimeFor(name),
        status: 'active',
        sample: this.options.sample ?? false,
        createdBy: this.vault.staff.id,
        createdAt: now,
        updatedAt: now,
        trashedAt: null,
      },
    );
    // Referenced now: no longer a possible orphan.
    this.vault.repos.blobIntents.remove([w.blobId]);
    this.vault.audit.record({ action: 'doc.import', clientId: this.clientId, documentId: id, detail: { size: doc.size, category: doc.category } });
    unreferenced.delete(w.blobId);
    this.outcomes[w.index] = { source: w.source, status: 'imported', documentId: id };
  }

  private failed(source: string, err: VaultError): ImportOutcome {
    return { source, status: 'failed', code: err.code, message: errorMessage(err.code, this.locale(), err.values) };
  }
}
