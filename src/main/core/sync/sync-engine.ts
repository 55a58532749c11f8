import { VaultError } from '../errors';
import { pathExists } from '../fs/durable';
import { unwrapClientKeyWithIdentity } from '../keys/client-keys';
import type { LocalRecord, SyncProblem, SyncRepo, WrapRow } from '../repositories/sync-repo';
import type { OpenVault } from '../vault/open-vault';
import { downloadBlob, uploadBlob } from './blob-sync';
import type { KeyFile } from '../keys/key-file';
import { currentRoster } from './key-file-parts';
import type { PulledRow, ServerRecordRow, ServerRepository } from './server-repository';
import { compareRevisions, isSyncedKind, recordEnvelope, tombstoneEnvelope, verifyPulled, wrapEnvelope } from './sync-envelope';

/** Rows fetched per pull round. */
const PULL_BATCH = 500;

export interface PushResult {
  records: number;
  wraps: number;
  history: number;
  /** Document deletions sent. */
  deleted: number;
  blobs: number;
}

export interface PullResult {
  applied: number;
  /** Pulled revisions that lost to what this PC holds (kept as history). */
  kept: number;
  /** Rows refused because their signer is not a member at the roster version they name. */
  refused: number;
  blobs: number;
}

type Problem = { problem: SyncProblem; serverSeq: number; what: string };

/**
 * Pushes this PC's changes to the server and applies what other PCs pushed
 * (see docs/design/multi-pc.md). Runs in an unlocked session: what it writes
 * to vault.db is what the records' authors signed, never re-signed; the
 * session's view catches up afterwards as it does at unlock.
 */
export class SyncEngine {
  private readonly sync: SyncRepo;

  constructor(
    private readonly vault: OpenVault,
    private readonly server: ServerRepository,
    private readonly device: string,
    private readonly now: () => Date = () => new Date(),
    private readonly pullBatch = PULL_BATCH,
  ) {
    this.sync = vault.repos.sync;
  }

  /** Everything written here since the last push (and revisions that lost a conflict here), in one server transaction. */
  async push(): Promise<PushResult> {
    const { vault, sync, device } = this;
    // The roster first: another PC checks what follows against it.
    await currentRoster(this.server, vault.keyFile);
    const upTo = vault.repos.seq.current();
    const pushedSeq = sync.counter('pushed_seq');
    const records = sync.unpushedRecords(pushedSeq).filter((r) => r.seq <= upTo);
    const history = sync.unpushedHistory();
    const wraps = sync.unsentWraps();
    const tombstones = sync.unpushedTombstones(pushedSeq).filter((t) => t.seq <= upTo);
    // Blobs first: a record never reaches another PC before the file it names.
    const blobHashes = new Map<string, string>();
    for (const r of [...records, ...history]) {
      if (r.kind === 'document' && r.blobId && !blobHashes.has(r.blobId)) blobHashes.set(r.blobId, await uploadBlob(this.server, vault.blobs, r.blobId));
    }
    const rosterVersion = vault.keyFile.body.roster.version;
    const pusher = vault.signerId;
    const sent = await this.server.push(async (tx) => {
      let devSeq = await tx.lastDevSeq(device);
      const sendRecord = async (r: LocalRecord) => {
        const { seq: _seq, ...record } = r;
        const row: Omit<ServerRecordRow, 'serverSeq'> = {
          ...record,
          device,
          devSeq: devSeq + 1,
          pusher,
          blobHash: r.blobId ? (blobHashes.get(r.blobId) ?? null) : null,
          rosterVersion,
          envSig: Buffer.alloc(0),
        };
        row.envSig = vault.sign(recordEnvelope(row));
        if (await tx.insertRecord(row)) devSeq++;
      };
      const sendWrap = async (w: WrapRow) => {
        const row = { device, devSeq: devSeq + 1, clientId: w.clientId, keyVersion: w.version, holder: w.holder, wrapped: w.wrapped, grantedBy: w.grantedBy, pusher, rosterVersion };
        if (await tx.insertWrap({ ...row, envSig: vault.sign(wrapEnvelope(row)) })) devSeq++;
      };
      // Clients, then the key wraps of clients, then documents: the order a PC applies them in.
      for (const r of records.filter((x) => x.kind === 'client')) await sendRecord(r);
      for (const w of wraps) await sendWrap(w);
      for (const r of records.filter((x) => x.kind === 'document')) await sendRecord(r);
      for (const r of history) await sendRecord(r);
      // A deletion covers every revision the server holds of the record; one the server never had concerns nobody else.
      const deleted: { kind: string; id: string; rev: number }[] = [];
      for (const t of tombstones) {
        const rev = await tx.maxRev(t.kind, t.id);
        if (rev === 0) continue;
        const row = { device, devSeq: devSeq + 1, kind: t.kind, id: t.id, clientId: t.clientId, rev, pusher, rosterVersion };
        if (await tx.insertTombstone({ ...row, envSig: vault.sign(tombstoneEnvelope(row)) })) devSeq++;
        deleted.push({ kind: t.kind, id: t.id, rev });
      }
      return { records: records.length, wraps: wraps.length, history: history.length, deleted, devSeq };
    });
    vault.write(() => {
      sync.setCounter('pushed_seq', upTo);
      // This device's own rows are checked like everyone's when they come back in the next pull.
      sync.setCounter('dev_seq', sent.devSeq);
      sync.prunePulled(upTo);
      for (const w of wraps) sync.markWrapSent({ clientId: w.clientId, version: w.version, holder: w.holder });
      for (const r of history) sync.markHistoryPushed(r);
      for (const t of sent.deleted) sync.setTombstoneRev(t.kind, t.id, t.rev);
    });
    return { records: sent.records, wraps: sent.wraps, history: sent.history, deleted: sent.deleted.length, blobs: blobHashes.size };
  }

  /**
   * Applies rows above the last server number seen. Each is checked first (verifyPulled, and
   * each device's counter must go up by one): a row not signed by a member is refused and
   * reported; a tampered, replayed or withheld one makes the whole batch refused and the server
   * reported untrusted (SERVER_UNTRUSTED), with nothing of the batch applied.
   */
  async pull(): Promise<PullResult> {
    const total: PullResult = { applied: 0, kept: 0, refused: 0, blobs: 0 };
    const roster = await currentRoster(this.server, this.vault.keyFile);
    for (;;) {
      const after = this.sync.counter('pulled_server_seq');
      const { rows, upTo, more } = await this.server.pull(after, this.pullBatch);
      if (rows.length === 0) return total;
      const { accepted, problems, lastSeen } = this.check(rows, after, roster);
      const fatal = problems.filter((p) => p.problem !== 'not-member');
      if (fatal.length > 0) {
        this.report(problems);
        throw new VaultError('SERVER_UNTRUSTED', { what: fatal[0]!.what });
      }
      total.blobs += await this.fetchBlobs(accepted);
      const keys: WrapRow[] = [];
      const gone: string[] = [];
      this.vault.write(() => {
        for (const row of accepted) this.apply(row, total, keys, gone);
        for (const [device, devSeq] of lastSeen) this.sync.setDeviceSeq(device, devSeq);
        for (const p of problems) this.sync.addProblem(p.problem, p.serverSeq, p.what, this.now().toISOString());
        this.sync.setCounter('pulled_server_seq', upTo);
      });
      total.refused += problems.length;
      await this.removeBlobs(gone);
      await this.takeGrants(keys);
      this.vault.viewSync.catchUpNow();
      if (!more) return total;
    }
  }

  /** Push, then pull until the server has nothing newer. */
  async run(): Promise<{ push: PushResult; pull: PullResult }> {
    const push = await this.push();
    const pull = await this.pull();
    return { push, pull };
  }

  private report(problems: readonly Problem[]): void {
    this.vault.write(() => {
      for (const p of problems) this.sync.addProblem(p.problem, p.serverSeq, p.what, this.now().toISOString());
    });
  }

  private check(rows: readonly PulledRow[], after: number, keyFile: KeyFile): { accepted: PulledRow[]; problems: Problem[]; lastSeen: Map<string, number> } {
    const accepted: PulledRow[] = [];
    const problems: Problem[] = [];
    const lastSeen = new Map<string, number>();
    let prev = after;
    for (const row of rows) {
      const what = `server row #${row.serverSeq} from device ${row.device}`;
      if (row.serverSeq <= prev) {
        problems.push({ problem: 'replay', serverSeq: row.serverSeq, what: `${what} out of order` });
        continue;
      }
      prev = row.serverSeq;
      const verdict = verifyPulled(keyFile, row);
      const last = lastSeen.get(row.device) ?? this.sync.deviceSeq(row.device);
      if (!verdict.ok) {
        problems.push({ problem: verdict.problem, serverSeq: row.serverSeq, what });
        // A refused row still takes its place in its device's stream (the next one is not "withheld").
        if (verdict.problem === 'not-member' && row.devSeq > last) lastSeen.set(row.device, row.devSeq);
        continue;
      }
      if (row.devSeq <= last) {
        problems.push({ problem: 'replay', serverSeq: row.serverSeq, what: `${what} replayed` });
        continue;
      }
      if (row.devSeq !== last + 1) {
        problems.push({ problem: 'withheld', serverSeq: row.serverSeq, what: `${what} after rows withheld` });
        continue;
      }
      lastSeen.set(row.device, row.devSeq);
      accepted.push(row);
    }
    return { accepted, problems, lastSeen };
  }

  private async fetchBlobs(rows: readonly PulledRow[]): Promise<number> {
    let fetched = 0;
    for (const row of rows) {
      if (row.table !== 'records' || row.device === this.device || row.kind !== 'document' || !row.blobId || !row.blobHash) continue;
      if (await pathExists(this.vault.blobs.pathFor(row.blobId))) continue;
      await downloadBlob(this.server, this.vault.blobs, row.blobId, row.blobHash);
      fetched++;
    }
    return fetched;
  }

  /** Inside vault.write. */
  private apply(row: PulledRow, total: PullResult, keys: WrapRow[], gone: string[]): void {
    const { sync } = this;
    // This PC's own rows come back: it has them already.
    if (row.device === this.device) return;
    const at = this.now().toISOString();
    switch (row.table) {
      case 'records': {
        if (!isSyncedKind(row.kind)) return;
        const incoming: Omit<LocalRecord, 'seq'> = {
          kind: row.kind,
          id: row.id,
          clientId: row.clientId,
          rev: row.rev,
          keyVersion: row.keyVersion,
          author: row.author,
          blobId: row.blobId,
          wrappedKey: row.wrappedKey,
          size: row.size,
          dupTag: row.dupTag,
          body: row.body,
          sig: row.sig,
        };
        if (row.kind === 'document' && !sync.clientExists(row.clientId)) return;
        // Deleted at or after this revision: it does not come back (kept as history).
        if (sync.tombstoneRev(row.kind, row.id) >= row.rev) {
          sync.addHistory(incoming, true, at);
          total.kept++;
          return;
        }
        const local = sync.local(row.kind, row.id);
        if (local && local.rev === incoming.rev && local.sig.equals(incoming.sig)) return;
        if (local && compareRevisions(incoming, local) < 0) {
          sync.addHistory(incoming, true, at);
          total.kept++;
          return;
        }
        if (local) {
          // Replaced by a revision from another PC: kept as history (it may have lost a conflict; an ancestor kept too
          // does no harm), and still sent if it was written here and never reached the server.
          const origin = sync.pulledFrom(local.seq);
          const unpushed = origin === null && local.seq > sync.counter('pushed_seq');
          if (unpushed || (origin ?? this.device) !== row.device) sync.addHistory(local, !unpushed, at);
        }
        this.put(incoming, row.device);
        total.applied++;
        return;
      }
      case 'key_wraps': {
        if (!sync.clientExists(row.clientId)) return;
        const wrap: WrapRow = { clientId: row.clientId, version: row.keyVersion, holder: row.holder, wrapped: row.wrapped, grantedBy: row.grantedBy };
        if (sync.insertWrap(wrap, at)) {
          total.applied++;
          if (row.holder === this.vault.staff.id) keys.push(wrap);
        }
        return;
      }
      case 'tombstones': {
        if (row.kind !== 'document' || sync.tombstoneRev(row.kind, row.id) >= row.rev) return;
        sync.setTombstoneRev(row.kind, row.id, row.rev);
        const local = sync.local('document', row.id);
        // A revision newer than the deletion (written after it, elsewhere) wins: a restore.
        if (!local || local.rev > row.rev) return;
        const { repos } = this.vault;
        repos.textRecords.delete(row.id);
        repos.documentRecords.delete(row.id);
        const seq = repos.seq.next();
        repos.seq.tombstone('document', row.id, local.clientId, seq);
        sync.markPulled(seq, row.device);
        if (local.blobId) {
          repos.blobIntents.add([local.blobId]);
          gone.push(local.blobId);
        }
        total.applied++;
        return;
      }
      default: {
        const unreachable: never = row;
        return unreachable;
      }
    }
  }

  private put(r: Omit<LocalRecord, 'seq'>, device: string): void {
    const { repos } = this.vault;
    const seq = repos.seq.next();
    if (r.kind === 'client') {
      repos.clientRecords.put({ id: r.id, keyVersion: r.keyVersion, rev: r.rev, seq, author: r.author, body: r.body, sig: r.sig });
    } else {
      repos.documentRecords.put({
        id: r.id,
        clientId: r.clientId,
        blobId: r.blobId!,
        wrappedKey: r.wrappedKey!,
        size: r.size!,
        keyVersion: r.keyVersion,
        dupTag: r.dupTag!,
        rev: r.rev,
        seq,
        author: r.author,
        body: r.body,
        sig: r.sig,
      });
    }
    this.sync.markPulled(seq, device);
  }

  /** Files of documents deleted elsewhere; one not removed now is an orphan the next open sweeps. */
  private async removeBlobs(blobIds: readonly string[]): Promise<void> {
    for (const blobId of blobIds) {
      try {
        await this.vault.blobs.remove(blobId);
        this.vault.write(() => this.vault.repos.blobIntents.remove([blobId]));
      } catch {
        // Left for the orphan sweep.
      }
    }
  }

  /** Grants to this session's member that arrived: unwrapped now, so their clients show at once. */
  private async takeGrants(wraps: readonly WrapRow[]): Promise<void> {
    const identity = this.vault.identity;
    if (!identity || this.vault.clientKeys.hasMaster) return;
    for (const w of wraps) {
      const key = await unwrapClientKeyWithIdentity(identity, w.clientId, w.version, w.wrapped);
      if (key) this.vault.clientKeys.remember(w.clientId, w.version, key);
    }
  }
}
