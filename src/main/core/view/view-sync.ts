import type { Db } from '../db/database';
import { holdColumn } from '../records/legal-hold';
import { transact } from '../db/transact';
import { endingColumn, type ClientData } from '../records/client-record';
import type { DocumentData } from '../records/document-record';
import type { RecordStore, ViewChange } from '../records/record-store';
import type { ClientRow, ClientViewRepo } from '../repositories/client-view-repo';
import type { CredentialViewRepo } from '../repositories/credential-view-repo';
import type { DocumentTextViewRepo } from '../repositories/document-text-view-repo';
import type { DocumentRow, DocumentViewRepo } from '../repositories/document-view-repo';
import type { ClientRecordRepo, CredentialRecordRepo, DocumentRecordRepo, SeqRepo, TextRecordRepo } from '../repositories/record-repos';
import { credentialRowOf } from './credential-row';

export interface ViewRepos {
  db: Db;
  clients: ClientViewRepo;
  documents: DocumentViewRepo;
  credentials: CredentialViewRepo;
  texts: DocumentTextViewRepo;
}

export interface ViewSyncDeps {
  view: ViewRepos;
  records: RecordStore;
  source: { clients: ClientRecordRepo; documents: DocumentRecordRepo; credentials: CredentialRecordRepo; texts: TextRecordRepo; seq: SeqRepo };
  /** The clients this session can read now, with the key version it reads them under. */
  accessible: () => Map<string, number>;
}

export interface CatchUpProgress {
  done: number;
  total: number;
}

/** Records written to the view per transaction while it catches up (the event loop runs in between). */
const BATCH = 500;

export function clientRowOf(c: ClientData): ClientRow {
  return {
    id: c.id,
    name: c.name,
    creditCode: c.creditCode,
    taxpayerType: c.taxpayerType,
    contactPerson: c.contactPerson,
    address: c.address,
    serviceStart: c.serviceStart,
    serviceEnd: c.serviceEnd,
    assignedStaff: c.assignedStaff,
    notes: c.notes,
    phone: c.phone,
    bankAccount: c.bankAccount,
    label: c.label,
    status: c.status,
    sample: c.sample ? 1 : 0,
    keyVersion: c.keyVersion,
    rev: c.rev,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    legalHold: holdColumn(c.legalHold),
    ended: endingColumn(c.ended),
  };
}

export function documentRowOf(d: DocumentData): DocumentRow {
  return {
    id: d.id,
    clientId: d.clientId,
    blobId: d.blobId,
    keyVersion: d.keyVersion,
    rev: d.rev,
    name: d.name,
    category: d.category,
    periodYear: d.periodYear,
    periodMonth: d.periodMonth,
    tags: JSON.stringify(d.tags),
    notes: d.notes,
    size: d.size,
    sha256: d.sha256,
    mime: d.mime,
    status: d.status,
    sample: d.sample ? 1 : 0,
    createdBy: d.createdBy,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    trashedAt: d.trashedAt,
    legalHold: holdColumn(d.legalHold),
  };
}

/**
 * Keeps a staff member's view in step with vault.db. Every write of the
 * session reaches the view right after it commits (apply); at unlock the
 * view catches up with what others wrote since it was last in step (its
 * mark, a write sequence number), takes in clients newly granted and drops
 * those no longer readable.
 */
export class ViewSync {
  /** Set when a write could not be brought to the view: the next catch-up repairs it. */
  private stale = false;

  constructor(private readonly deps: ViewSyncDeps) {}

  mark(): number {
    const row = this.deps.view.db.prepare("SELECT value FROM view_meta WHERE key = 'mark'").get() as { value: string } | undefined;
    return Number(row?.value ?? 0);
  }

  private setMark(seq: number): void {
    this.deps.view.db.prepare("UPDATE view_meta SET value = ? WHERE key = 'mark'").run(String(seq));
  }

  private applyOne(change: ViewChange): void {
    const { clients, documents, credentials, texts } = this.deps.view;
    switch (change.kind) {
      case 'client':
        clients.upsert(clientRowOf(change.data));
        return;
      case 'document':
        documents.upsert(documentRowOf(change.data));
        return;
      case 'document-deleted':
        texts.forget(change.id);
        documents.delete(change.id);
        return;
      case 'text':
        texts.upsert(change.data);
        return;
      case 'credential':
        credentials.upsert(credentialRowOf(change.data));
        return;
      case 'credential-deleted':
        credentials.delete(change.id);
        return;
      case 'client-deleted':
        this.purge(change.id);
        return;
      default: {
        const unreachable: never = change;
        return unreachable;
      }
    }
  }

  /** Brings the session's own committed writes to the view. */
  apply(changes: readonly ViewChange[]): void {
    if (changes.length === 0) return;
    if (!this.stale) {
      try {
        transact(this.deps.view.db, () => {
          for (const change of changes) this.applyOne(change);
          this.setMark(this.deps.source.seq.current());
        });
        return;
      } catch {
        this.stale = true;
      }
    }
    // The view missed a write (a full disk, say): catch up from vault.db now, or at the next unlock.
    try {
      this.catchUpNow();
    } catch {
      // Still stale; the next unlock catches up.
    }
  }

  /** The whole catch-up in one go (after a failed apply). */
  catchUpNow(): void {
    this.dropIfAhead();
    const plan = this.plan();
    transact(this.deps.view.db, () => {
      for (const id of plan.purge) this.purge(id);
      for (const id of plan.load) this.loadClient(id);
      this.applySince(plan.mark, plan.accessible, new Set(plan.load));
      this.setMark(plan.seq);
    });
    this.stale = false;
  }

  /**
   * At unlock: drops clients no longer readable, loads newly readable ones in
   * batches (reporting progress and letting the event loop run), then applies
   * every change since the mark.
   */
  async catchUp(onProgress?: (p: CatchUpProgress) => void, signal?: AbortSignal): Promise<{ loaded: number; purged: number }> {
    this.dropIfAhead();
    const plan = this.plan();
    const { view } = this.deps;
    if (plan.purge.length > 0) transact(view.db, () => plan.purge.forEach((id) => this.purge(id)));
    let done = 0;
    const total = plan.load.length;
    for (let i = 0; i < plan.load.length; ) {
      if (signal?.aborted) return { loaded: done, purged: plan.purge.length };
      let budget = BATCH;
      transact(view.db, () => {
        while (i < plan.load.length && budget > 0) budget -= this.loadClient(plan.load[i++]!);
      });
      done = i;
      onProgress?.({ done, total });
      if (i < plan.load.length) await new Promise((resolve) => setImmediate(resolve));
    }
    transact(view.db, () => {
      this.applySince(plan.mark, plan.accessible, new Set(plan.load));
      this.setMark(plan.seq);
    });
    this.stale = false;
    return { loaded: plan.load.length, purged: plan.purge.length };
  }

  /**
   * A view marked later than vault.db's last write holds what vault.db no longer has (an older
   * vault.db was put back): it is emptied and made again from vault.db.
   */
  private dropIfAhead(): void {
    if (this.mark() <= this.deps.source.seq.current()) return;
    const { view } = this.deps;
    transact(view.db, () => {
      for (const id of view.clients.versions().keys()) this.purge(id);
      view.db.prepare('DELETE FROM documents').run();
      view.db.prepare('DELETE FROM document_search').run();
      view.credentials.removeAll();
      view.texts.removeAll();
      this.setMark(0);
    });
  }

  private plan() {
    const accessible = this.deps.accessible();
    const inView = this.deps.view.clients.versions();
    return {
      accessible,
      mark: this.mark(),
      seq: this.deps.source.seq.current(),
      purge: [...inView.keys()].filter((id) => !accessible.has(id)),
      // Newly readable, or read under another key version than the view holds (rotated while away).
      load: [...accessible].filter(([id, version]) => inView.get(id) !== version).map(([id]) => id),
    };
  }

  private purge(clientId: string): void {
    this.deps.view.credentials.removeClient(clientId);
    this.deps.view.texts.removeClient(clientId);
    this.deps.view.documents.removeClient(clientId);
    this.deps.view.clients.remove(clientId);
  }

  /** A client and all its documents, from vault.db; returns how many records it read. */
  private loadClient(clientId: string): number {
    const { records, source, view } = this.deps;
    const row = source.clients.byId(clientId);
    const client = row ? records.openClient(row) : null;
    if (!client) return 1;
    view.documents.removeClient(clientId);
    view.credentials.removeClient(clientId);
    view.texts.removeClient(clientId);
    view.clients.upsert(clientRowOf(client));
    const docs = source.documents.byClient(clientId);
    for (const doc of docs) {
      const data = records.openDocument(doc);
      if (data) view.documents.upsert(documentRowOf(data));
    }
    const creds = source.credentials.byClient(clientId);
    for (const row of creds) {
      const data = records.openCredential(row);
      if (data) view.credentials.upsert(credentialRowOf(data));
    }
    const texts = source.texts.byClient(clientId);
    for (const row of texts) {
      const data = records.openText(row);
      if (data) view.texts.upsert(data);
    }
    return 1 + docs.length + creds.length + texts.length;
  }

  private applySince(mark: number, accessible: Map<string, number>, loaded: Set<string>): void {
    const { records, source, view } = this.deps;
    const readable = (clientId: string) => accessible.has(clientId) && !loaded.has(clientId);
    for (const row of source.clients.changedSince(mark)) {
      if (!readable(row.id)) continue;
      const client = records.openClient(row);
      if (client) view.clients.upsert(clientRowOf(client));
    }
    for (const row of source.documents.changedSince(mark)) {
      if (!readable(row.clientId)) continue;
      const doc = records.openDocument(row);
      if (doc) view.documents.upsert(documentRowOf(doc));
    }
    for (const row of source.credentials.changedSince(mark)) {
      if (!readable(row.clientId)) continue;
      const data = records.openCredential(row);
      if (data) view.credentials.upsert(credentialRowOf(data));
    }
    for (const row of source.texts.changedSince(mark)) {
      if (!readable(row.clientId)) continue;
      const data = records.openText(row);
      if (data) view.texts.upsert(data);
    }
    for (const t of source.seq.tombstonesSince(mark)) {
      if (!readable(t.clientId)) continue;
      if (t.kind === 'document') {
        view.texts.forget(t.id);
        view.documents.delete(t.id);
      }
      else if (t.kind === 'credential') view.credentials.delete(t.id);
    }
  }
}
