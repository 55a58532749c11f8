import { randomBytes } from 'node:crypto';
import { MAX_BULK_DOCUMENTS, MAX_BULK_EXPORT_BYTES, type BulkChange, type BulkFailure, type BulkItem, type BulkOutcome } from '../../../shared/bulk';
import type { DocumentFields } from '../../../shared/contract';
import type { DocumentMeta } from '../../../shared/domain';
import { errorMessage, type Locale } from '../../../shared/messages';
import type { Action } from '../../../shared/permissions';
import { isVaultError, VaultError } from '../errors';
import type { DocumentRow } from '../repositories/document-view-repo';
import type { DocumentService, DocumentVault } from './document-service';

/** A new batch id: every audit event of one batch carries it. */
export function newBatchId(): string {
  return randomBytes(16).toString('hex');
}

/** The refusal of a batch above the caps, with the caps in the message. */
export function batchTooLarge(count: number): VaultError {
  return new VaultError('BATCH_TOO_LARGE', { maxCount: MAX_BULK_DOCUMENTS, maxSize: `${(MAX_BULK_EXPORT_BYTES / 1024 ** 3).toFixed(1)} GB`, count });
}

/** Refuses a batch above the caps. */
export function checkBatchSize(count: number, bytes = 0): void {
  if (count > MAX_BULK_DOCUMENTS || bytes > MAX_BULK_EXPORT_BYTES) throw batchTooLarge(count);
}

/**
 * What the batches share: each document's client is checked once for the
 * action (a refusal is recorded once per client, as the single action would
 * record it, and reported for each of that client's documents); each failure
 * becomes a report in the person's language.
 */
export class BatchChecks {
  private readonly byClient = new Map<string, VaultError | null>();

  constructor(
    private readonly vault: DocumentVault,
    private readonly locale: () => Locale,
  ) {}

  /** The document as the session may see it for `action`; throws the refusal otherwise. */
  require(id: string, action: Action): DocumentRow {
    this.vault.assertOpen();
    const sealed = this.vault.repos.documentRecords.byId(id);
    if (!sealed) throw new VaultError('NOT_FOUND', { what: 'document' });
    let refusal = this.byClient.get(sealed.clientId);
    if (refusal === undefined) {
      try {
        this.vault.guard.requireClient(action, sealed.clientId, { what: 'document', documentId: id });
        refusal = null;
      } catch (err) {
        if (!isVaultError(err)) throw err;
        refusal = err;
      }
      this.byClient.set(sealed.clientId, refusal);
    }
    if (refusal) throw refusal;
    const row = this.vault.view.documents.byId(id);
    if (!row) throw new VaultError('NOT_FOUND', { what: 'document' });
    return row;
  }

  /** A report of one document's failure; rethrows what is not about the document (the vault locked). */
  failure(id: string, name: string | null, err: unknown): BulkFailure {
    if (!this.vault.isOpen) throw err;
    const code = isVaultError(err) ? err.code : 'INTERNAL';
    const values = isVaultError(err) ? err.values : {};
    return { id, name, error: { code, message: errorMessage(code, this.locale(), values), ...(Object.keys(values).length > 0 ? { detail: { ...values } } : {}) } };
  }
}

/**
 * 批量修改 / 移到回收站 / 恢复: each document through the single action
 * (same permission, same record, same audit event, with the batch id), one
 * transaction each, so one failure leaves the others done and is reported.
 */
export class DocumentBulk {
  constructor(
    private readonly vault: DocumentVault,
    private readonly documents: DocumentService,
    private readonly locale: () => Locale = () => 'zh-CN',
  ) {}

  update(items: readonly BulkItem[], change: BulkChange): BulkOutcome {
    return this.each(items, 'doc.edit', 'active', (doc, batch) => {
      const fields = changedFields(doc, change);
      if (!fields) return false;
      this.documents.update(doc.id, doc.name, fields, batch);
      return true;
    });
  }

  trash(items: readonly BulkItem[]): BulkOutcome {
    return this.each(items, 'doc.trash', 'active', (doc, batch) => {
      this.documents.trash(doc.id, batch);
      return true;
    });
  }

  restore(items: readonly BulkItem[]): BulkOutcome {
    return this.each(items, 'doc.trash', 'trashed', (doc, batch) => {
      this.documents.restore(doc.id, batch);
      return true;
    });
  }

  /** Runs `apply` on each document that is still as the page saw it; `apply` answers whether it wrote. */
  private each(
    items: readonly BulkItem[],
    action: Action,
    status: DocumentMeta['status'],
    apply: (doc: DocumentMeta, batch: string) => boolean,
  ): BulkOutcome {
    this.vault.assertOpen();
    checkBatchSize(new Set(items.map((i) => i.id)).size);
    const checks = new BatchChecks(this.vault, this.locale);
    const outcome: BulkOutcome = { batchId: newBatchId(), done: [], unchanged: [], failed: [] };
    const seen = new Set<string>();
    for (const item of items) {
      if (seen.has(item.id)) continue;
      seen.add(item.id);
      let name: string | null = null;
      try {
        const row = checks.require(item.id, action);
        name = row.name;
        // Changed, trashed or restored since the page listed it: left alone, and said so.
        if (row.rev !== item.rev || row.status !== status) throw new VaultError('CONFLICT', { what: row.name });
        const doc = this.documents.get(item.id);
        if (apply(doc, outcome.batchId)) outcome.done.push(item.id);
        else outcome.unchanged.push(item.id);
      } catch (err) {
        outcome.failed.push(checks.failure(item.id, name, err));
      }
    }
    return outcome;
  }
}

/** A document's filing fields with the batch's change applied; null when nothing would change. */
export function changedFields(doc: DocumentMeta, change: BulkChange): DocumentFields | null {
  const removed = new Set(change.removeTags);
  const tags = [...new Set([...doc.tags.filter((t) => !removed.has(t)), ...change.addTags])];
  if (tags.length > 20) throw new VaultError('INVALID_INPUT', { reason: 'more than 20 tags' });
  const fields: DocumentFields = {
    category: change.category ?? doc.category,
    periodYear: change.period ? change.period.year : doc.periodYear,
    periodMonth: change.period ? change.period.month : doc.periodMonth,
    tags,
    notes: doc.notes,
  };
  const same =
    fields.category === doc.category &&
    fields.periodYear === doc.periodYear &&
    fields.periodMonth === doc.periodMonth &&
    fields.tags.length === doc.tags.length &&
    fields.tags.every((t, i) => t === doc.tags[i]);
  return same ? null : fields;
}
