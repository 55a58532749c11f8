import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { BulkExportResult, BulkFailure } from '../../../shared/bulk';
import type { Locale } from '../../../shared/messages';
import { fsError, isVaultError, VaultError } from '../errors';
import { fsyncDir } from '../fs/durable';
import { sanitizeFileName } from '../fs/file-names';
import type { DocumentRow } from '../repositories/document-view-repo';
import { ZipTooLargeError, ZipWriter, type ZipMethod } from '../zip/zip-writer';
import { BatchChecks, batchTooLarge, checkBatchSize, newBatchId } from './document-bulk';
import { exportNeedsReason, type DocumentService, type DocumentVault } from './document-service';

/**
 * 打包导出: several documents as one .zip, written through the save dialog's
 * choice. The archive grows in a hidden file beside the target and takes its
 * name only once complete; on any failure that file is removed, so no
 * plaintext is left behind. A document that cannot be decrypted is cut out
 * of the archive again and reported; the others are still exported.
 */
export class DocumentArchive {
  constructor(
    private readonly vault: DocumentVault,
    private readonly documents: DocumentService,
    private readonly locale: () => Locale = () => 'zh-CN',
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * One reason for the whole batch (required when any document's client is
   * 机密 or 绝密), recorded in each document's doc.export event with the batch id.
   */
  async export(ids: readonly string[], reason: string, pickTarget: (defaultName: string) => Promise<string | null>): Promise<BulkExportResult> {
    this.vault.assertOpen();
    const unique = [...new Set(ids)];
    checkBatchSize(unique.length);
    const checks = new BatchChecks(this.vault, this.locale);
    const failed: BulkFailure[] = [];
    const rows: DocumentRow[] = [];
    for (const id of unique) {
      try {
        rows.push(checks.require(id, 'doc.export'));
      } catch (err) {
        failed.push(checks.failure(id, null, err));
      }
    }
    // Nothing the session may export: refused as the single export would be, before any dialog.
    if (rows.length === 0) throw errorOf(failed[0]!);
    checkBatchSize(rows.length, rows.reduce((sum, r) => sum + r.size, 0));
    const clients = [...new Set(rows.map((r) => r.clientId))].map((id) => this.vault.view.clients.byId(id));
    const why = reason.trim();
    if (why === '' && clients.some((c) => c && exportNeedsReason(c.label))) throw new VaultError('REASON_REQUIRED');

    const single = clients.length === 1 ? clients[0] : null;
    const target = await pickTarget(this.defaultName(single?.name ?? null));
    if (!target) return { cancelled: true };

    const batch = newBatchId();
    const names = uniqueEntryNames(rows.map((r) => r.name));
    const tmp = join(dirname(target), `.${basename(target)}.zdpart-${randomBytes(6).toString('hex')}`);
    const recorded: DocumentRow[] = [];
    let zip: ZipWriter | undefined;
    try {
      zip = await ZipWriter.create(tmp);
      for (const [i, row] of rows.entries()) {
        // Recorded before any of its bytes are written, as a single export is.
        this.vault.audit.record({ action: 'doc.export', clientId: row.clientId, documentId: row.id, detail: { reason: why, batch } });
        recorded.push(row);
        let fromSource = false;
        const source = watched(this.documents.plaintext(row.id), () => (fromSource = true));
        try {
          await zip.add(names[i]!, source, { method: zipMethodFor(row.mime), modified: new Date(row.updatedAt) });
        } catch (err) {
          // A document that fails to decrypt (damaged, missing) is left out; a lock, a full disk or a write error ends the batch.
          if (!fromSource || !isVaultError(err) || err.code === 'CANCELLED' || !this.vault.isOpen) throw err;
          recorded.pop();
          this.recordFailure(row, batch, err);
          failed.push(checks.failure(row.id, row.name, err));
        }
      }
      if (recorded.length === 0) throw errorOf(failed[failed.length - 1]!);
      const size = await zip.finish();
      // The save dialog already asked before replacing an existing file.
      await fsp.rename(tmp, target);
      await fsyncDir(dirname(target)).catch(() => undefined);
      return { cancelled: false, batchId: batch, path: target, size, exported: recorded.length, failed };
    } catch (err) {
      await zip?.close().catch(() => undefined);
      await fsp.rm(tmp, { force: true }).catch(() => undefined);
      const mapped = err instanceof ZipTooLargeError ? batchTooLarge(rows.length) : fsError(err, target);
      if (this.vault.isOpen) for (const row of recorded) this.recordFailure(row, batch, mapped);
      throw mapped;
    }
  }

  private recordFailure(row: DocumentRow, batch: string, err: unknown): void {
    this.vault.audit.record({
      action: 'doc.export',
      outcome: 'failure',
      clientId: row.clientId,
      documentId: row.id,
      detail: { code: isVaultError(err) ? err.code : 'INTERNAL', batch },
    });
  }

  /** 某某公司 资料 2025-03-31.zip (or a neutral name when the batch spans clients). */
  private defaultName(clientName: string | null): string {
    const d = this.now();
    const date = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    const words = this.locale() === 'en' ? 'documents' : '资料';
    return sanitizeFileName(`${clientName ?? (this.locale() === 'en' ? 'Zhangdun' : '账盾')} ${words} ${date}.zip`);
  }
}

function errorOf(failure: BulkFailure): VaultError {
  return new VaultError(failure.error.code, failure.error.detail ?? {});
}

/** Passes a stream through, telling `onError` when the stream itself failed (not its consumer). */
async function* watched(source: AsyncIterable<Buffer>, onError: () => void): AsyncGenerator<Buffer> {
  try {
    yield* source;
  } catch (err) {
    onError();
    throw err;
  }
}

/** Formats that are compressed already: stored as they are (deflating them again only costs time). */
const STORED = /^(image\/(jpeg|png|gif|webp|heic|heif|avif)|application\/(pdf|zip|gzip|x-7z-compressed|x-rar-compressed|vnd\.openxmlformats-.*|vnd\.oasis\.opendocument\..*)|audio\/.*|video\/.*)$/;

export function zipMethodFor(mime: string): ZipMethod {
  return STORED.test(mime) ? 'store' : 'deflate';
}

/**
 * Entry names safe on every system, each once: a second 发票.pdf becomes
 * 发票 (2).pdf. Compared without case, as Windows and macOS would unpack them.
 */
export function uniqueEntryNames(names: readonly string[]): string[] {
  const taken = new Set<string>();
  return names.map((raw) => {
    const name = sanitizeFileName(raw);
    const ext = extname(name);
    const stem = ext && ext !== name ? name.slice(0, -ext.length) : name;
    let candidate = name;
    for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${stem} (${n})${ext}`;
    taken.add(candidate.toLowerCase());
    return candidate;
  });
}
