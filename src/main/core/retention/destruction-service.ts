import { randomBytes } from 'node:crypto';
import type { FileSaved } from '../../../shared/access';
import { listLabel, missingApprovals, type DestructionItem, type DestructionList } from '../../../shared/retention';
import { truncateWal, withSecureDelete } from '../db/database';
import { VaultError } from '../errors';
import { writeFileDurable } from '../fs/durable';
import { sanitizeFileName } from '../fs/file-names';
import { destructionCertificatePdf } from '../reports/destruction-certificate';
import type { OpenVault } from '../vault/open-vault';
import { eraseEndedClients } from './client-erasure';
import { openDestructionList, sealDestructionList } from './destruction-seal';
import { RetentionService, retentionPeriodsOf } from './retention-service';

/** The parts of an open vault this service uses. */
export type DestructionVault = Pick<OpenVault, 'assertOpen' | 'audit' | 'blobs' | 'clientKeys' | 'db' | 'guard' | 'isOpen' | 'records' | 'repos' | 'staff' | 'vaultId' | 'view' | 'write'>;


/**
 * 销毁清册 (会计档案管理办法 第十六条 鉴定, 第十八条 销毁程序): what has passed its retention is
 * drawn up in a list, approved by the owner (and an admin, where the firm has
 * one: two people), then carried out by crypto-erasure — each document's
 * wrapped file key is deleted from vault.db with SQLite overwriting it, then
 * its encrypted blob is removed; its record leaves a tombstone — and a
 * certificate says what was destroyed, when, by whom, and who approved.
 */
export class DestructionService {
  private readonly retention: RetentionService;

  constructor(
    private readonly vault: DestructionVault,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.retention = new RetentionService(vault, now);
  }

  /** Documents whose retention has ended, not held, not already on an open list. */
  candidates(): DestructionItem[] {
    this.require('destruction.create');
    const periods = retentionPeriodsOf(this.vault);
    const listed = new Set(this.lists().filter((l) => l.state === 'open' || l.state === 'approved').flatMap((l) => l.items.map((i) => i.documentId)));
    const clients = new Map<string, ReturnType<OpenVault['view']['clients']['byId']>>();
    const clientOf = (id: string) => {
      if (!clients.has(id)) clients.set(id, this.vault.view.clients.byId(id));
      return clients.get(id) ?? null;
    };
    return this.vault.view.documents.all().flatMap((row) => {
      if (listed.has(row.id) || row.sample === 1) return [];
      const client = clientOf(row.clientId);
      const r = this.retention.describe(row, client, periods);
      if (r.held || !r.ended || r.keepUntil === null) return [];
      return [
        {
          documentId: row.id,
          clientId: row.clientId,
          clientName: client?.name ?? '',
          name: row.name,
          category: row.category,
          periodYear: row.periodYear,
          periodMonth: row.periodMonth,
          years: r.years,
          keepUntil: r.keepUntil,
          size: row.size,
          sha256: row.sha256,
          outcome: 'pending' as const,
        },
      ];
    });
  }

  lists(): DestructionList[] {
    this.require('destruction.create');
    const master = this.masterKey();
    return this.vault.repos.destructions.all().map((row) => openDestructionList(master, this.vault.vaultId, row));
  }

  get(id: string): DestructionList {
    this.require('destruction.create');
    return this.load(id).list;
  }

  /** Draws up a list of everything past retention (or of the given documents among them). */
  create(documentIds?: readonly string[]): DestructionList {
    const all = this.candidates();
    const items = documentIds ? all.filter((i) => documentIds.includes(i.documentId)) : all;
    if (items.length === 0 || (documentIds && items.length !== new Set(documentIds).size)) {
      throw new VaultError('INVALID_INPUT', { reason: 'no document past its retention period' });
    }
    const hasAdmin = this.vault.repos.staff.all().some((s) => s.role === 'admin' && s.status === 'active');
    const list: DestructionList = {
      id: randomBytes(16).toString('hex'),
      state: 'open',
      createdAt: this.now().toISOString(),
      createdBy: this.vault.staff.id,
      createdByName: this.vault.staff.name,
      items,
      approvals: [],
      needs: hasAdmin ? ['owner', 'admin'] : ['owner'],
      carriedOutAt: null,
      carriedOutBy: null,
      carriedOutByName: null,
    };
    this.vault.write(() => {
      this.store(list, 1);
      this.vault.audit.record({ action: 'destruction.create', detail: { list: listLabel(list.id), items: items.length } });
    });
    return list;
  }

  /** One approval by this staff member (owner or admin); the same person never counts twice. */
  approve(id: string): DestructionList {
    this.require('destruction.approve');
    const { list, rev } = this.load(id);
    if (list.state !== 'open') throw new VaultError('CONFLICT');
    const me = this.vault.staff;
    if (list.approvals.some((a) => a.staffId === me.id)) {
      this.vault.audit.record({ action: 'destruction.approve', outcome: 'denied', detail: { list: listLabel(id), reason: 'same-approver' } });
      throw new VaultError('SAME_APPROVER');
    }
    const approvals = [...list.approvals, { staffId: me.id, name: me.name, role: me.role, at: this.now().toISOString() }];
    const next: DestructionList = { ...list, approvals, state: missingApprovals({ needs: list.needs, approvals }).length === 0 ? 'approved' : 'open' };
    this.save(next, rev, () => this.vault.audit.record({ action: 'destruction.approve', detail: { list: listLabel(id), items: list.items.length } }));
    return next;
  }

  cancel(id: string): DestructionList {
    this.require('destruction.cancel');
    const { list, rev } = this.load(id);
    if (list.state !== 'open' && list.state !== 'approved') throw new VaultError('CONFLICT');
    const next: DestructionList = { ...list, state: 'cancelled' };
    this.save(next, rev, () => this.vault.audit.record({ action: 'destruction.cancel', detail: { list: listLabel(id), items: list.items.length } }));
    return next;
  }

  /**
   * Carries out an approved list. Each document is checked again (a hold set, or a period raised,
   * since the list was drawn up keeps it); the rest are erased in one transaction with secure
   * delete, and their blobs removed once it has committed.
   */
  async carryOut(id: string): Promise<DestructionList> {
    this.require('destruction.execute');
    const { list, rev } = this.load(id);
    if (list.state !== 'approved' || missingApprovals(list).length > 0) throw new VaultError('APPROVAL_REQUIRED');
    const periods = retentionPeriodsOf(this.vault);
    const blobs: string[] = [];
    const touched: string[] = [];
    let erased: string[] = [];
    const label = listLabel(id);
    const items = list.items.map((item): DestructionItem => {
      const row = this.vault.view.documents.byId(item.documentId);
      if (!row || !this.vault.repos.documentRecords.byId(item.documentId)) return { ...item, outcome: 'kept-missing' };
      const r = this.retention.describe(row, this.vault.view.clients.byId(row.clientId), periods);
      if (r.held) return { ...item, outcome: 'kept-held' };
      if (!r.ended) return { ...item, outcome: 'kept-retention' };
      return { ...item, outcome: 'destroyed' };
    });
    const done: DestructionList = {
      ...list,
      items,
      state: 'done',
      carriedOutAt: this.now().toISOString(),
      carriedOutBy: this.vault.staff.id,
      carriedOutByName: this.vault.staff.name,
    };
    withSecureDelete(this.vault.db, () =>
      this.save(done, rev, () => {
        for (const item of items) {
          if (item.outcome !== 'destroyed') continue;
          const row = this.vault.view.documents.byId(item.documentId)!;
          // The wrapped file key goes with the row: the blob's ciphertext can no longer be opened by anyone.
          this.vault.records.deleteDocument(row.id, row.clientId);
          touched.push(row.clientId);
          this.vault.repos.blobIntents.add([row.blobId]);
          blobs.push(row.blobId);
          this.vault.audit.record({ action: 'doc.destroy', clientId: row.clientId, documentId: row.id, detail: { name: row.name, list: label, keepUntil: item.keepUntil } });
        }
        // 解除委托: an ended client whose last document this was goes too (its key erased).
        erased = eraseEndedClients(this.vault, touched, label);
        const destroyed = blobs.length;
        this.vault.audit.record({ action: 'destruction.execute', detail: { list: label, destroyed, kept: items.length - destroyed, clients: erased.length } });
      }),
    );
    for (const clientId of erased) this.vault.clientKeys.forgetBelow(clientId, Number.POSITIVE_INFINITY);
    for (const blobId of blobs) {
      try {
        await this.vault.blobs.remove(blobId);
        this.vault.write(() => this.vault.repos.blobIntents.remove([blobId]));
      } catch {
        // Unreadable without its key already; an orphan the next open sweeps.
      }
    }
    truncateWal(this.vault.db);
    return done;
  }

  /** The destruction certificate of a carried-out list, where `pickTarget` says (null = cancelled). */
  async saveCertificate(id: string, pickTarget: (defaultName: string) => Promise<string | null>): Promise<FileSaved> {
    const list = this.get(id);
    if (list.state !== 'done') throw new VaultError('CONFLICT');
    const target = await pickTarget(sanitizeFileName(`会计档案销毁证明-${listLabel(id)}.pdf`));
    if (!target) return { cancelled: true };
    this.vault.assertOpen();
    this.vault.audit.record({ action: 'destruction.certificate', detail: { list: listLabel(id), items: list.items.length } });
    await writeFileDurable(target, destructionCertificatePdf(list, { label: listLabel(id), generatedAt: this.now().toISOString(), generatedBy: this.vault.staff.name }));
    return { cancelled: false, path: target, count: list.items.filter((i) => i.outcome === 'destroyed').length };
  }

  private require(auditAs: 'destruction.create' | 'destruction.approve' | 'destruction.cancel' | 'destruction.execute'): void {
    this.vault.guard.require('retention.manage', { auditAs });
  }

  private masterKey(): Buffer {
    const key = this.vault.clientKeys.masterKey;
    if (!key) throw new VaultError('PERMISSION_DENIED');
    return key;
  }

  private load(id: string): { list: DestructionList; rev: number } {
    const row = this.vault.repos.destructions.byId(id);
    if (!row) throw new VaultError('NOT_FOUND', { what: 'destruction list' });
    return { list: openDestructionList(this.masterKey(), this.vault.vaultId, row), rev: row.rev };
  }

  /** Writes the next revision (refusing one written meanwhile) with `also` in the same transaction. */
  private save(list: DestructionList, rev: number, also: () => void): void {
    this.vault.write(() => {
      if (this.vault.repos.destructions.byId(list.id)?.rev !== rev) throw new VaultError('CONFLICT');
      this.store(list, rev + 1);
      also();
    });
  }

  private store(list: DestructionList, rev: number): void {
    const { repos, vaultId, clientKeys } = this.vault;
    repos.destructions.put(sealDestructionList(this.masterKey(), vaultId, list, rev));
    // While the master key is being replaced, a copy under the next one too (promoted with the client keys' wraps).
    const next = clientKeys.nextMasterKey;
    if (next) repos.destructions.put(sealDestructionList(next, vaultId, list, rev, 'master-next'));
  }
}
