import { hostname } from 'node:os';
import type { AuditAction } from '../../../shared/access';
import type { Db } from '../db/database';
import { transact } from '../db/transact';
import type { AuditRepo } from '../repositories/audit-repo';
import {
  detailMatches,
  eventHash,
  genesisHash,
  openDetail,
  plainDetailHash,
  sealDetail,
  signingBytes,
  type AuditEvent,
  type ChainHead,
  type UnsignedEvent,
} from './audit-event';
import { verifySignature } from '../keys/signing';

/** Every security-relevant action the log records (shared with the renderer's log viewer). */
export { AUDIT_ACTIONS, type AuditAction } from '../../../shared/access';

export interface Actor {
  id: string;
  name: string;
  role: string;
}

/** Values allowed in an event's detail: short facts, never secrets or document content. */
export type AuditDetail = Record<string, string | number | boolean | null>;

export interface AuditInput {
  action: AuditAction;
  outcome?: 'success' | 'failure' | 'denied';
  clientId?: string | null;
  documentId?: string | null;
  detail?: AuditDetail;
  /** When it happened, if not now (failed unlocks are written at the next unlock). */
  at?: Date;
  /** Who did it, if not the signed-in staff member. */
  actor?: Actor | null;
}

/** Who signs what this session records. */
export interface AuditSigner {
  /** A staff id, or 'master' (a session opened with the recovery key). */
  id: string;
  sign(data: Buffer): Buffer;
}

export interface AuditWriterDeps {
  db: Db;
  repo: AuditRepo;
  vaultId: string;
  signer: AuditSigner;
  /** The roster version the session works under. */
  rosterVersion: () => number;
  actor: () => Actor | null;
  /** The client's current key, when this session holds it: details about the client are sealed under it. */
  clientKey: (clientId: string) => { key: Buffer; version: number } | null;
  machine?: string;
  now?: () => Date;
  /**
   * Events that follow from one just written (the alerts it raises, core/alerts/): recorded at once, in the
   * same transaction, so neither can be committed without the other. Not asked about alert events themselves.
   */
  follow?: (event: AuditEvent, detail: AuditDetail) => AuditInput[];
}

/**
 * Appends signed, hash-chained audit events. Each `record` is atomic on its
 * own and, called inside a caller's transaction, commits or rolls back with
 * the action it records: an action without its event cannot be committed.
 */
export class AuditLog {
  private readonly machine: string;
  private readonly now: () => Date;

  constructor(private readonly deps: AuditWriterDeps) {
    this.machine = deps.machine ?? hostname();
    this.now = deps.now ?? (() => new Date());
  }

  record(input: AuditInput): AuditEvent {
    const { db, repo, vaultId, signer } = this.deps;
    return transact(db, () => {
      const last = repo.last();
      const seq = (last?.seq ?? 0) + 1;
      const actor = input.actor === undefined ? this.deps.actor() : input.actor;
      const clientId = input.clientId ?? null;
      const detailJson = JSON.stringify(input.detail ?? {});
      // What an event says about a client is sealed under its key, when this session holds it (a refusal's
      // reason is ours, not client data, and an ungranted session holds no key to seal it with).
      const key = clientId && detailJson !== '{}' ? this.deps.clientKey(clientId) : null;
      const sealed = key && clientId ? sealDetail(key.key, { vaultId, seq, clientId, keyVersion: key.version }, detailJson) : null;
      const unsigned: UnsignedEvent = {
        seq,
        at: (input.at ?? this.now()).toISOString(),
        actorId: actor?.id ?? null,
        actorName: actor?.name ?? null,
        role: actor?.role ?? null,
        action: input.action,
        outcome: input.outcome ?? 'success',
        machine: this.machine,
        clientId,
        documentId: input.documentId ?? null,
        detail: sealed ? '{}' : detailJson,
        sealed: sealed?.sealed ?? null,
        keyVersion: sealed ? key!.version : null,
        detailHash: sealed?.detailHash ?? plainDetailHash(detailJson),
        rosterVersion: this.deps.rosterVersion(),
        signer: signer.id,
        prev: last ? eventHash(vaultId, last) : genesisHash(vaultId),
      };
      const event: AuditEvent = { ...unsigned, sig: signer.sign(signingBytes(vaultId, unsigned)) };
      repo.insert(event);
      if (this.deps.follow && !input.action.startsWith('alert.')) {
        for (const next of this.deps.follow(event, input.detail ?? {})) this.record(next);
      }
      return event;
    });
  }

  head(): ChainHead | null {
    const last = this.deps.repo.last();
    return last ? { seq: last.seq, hash: eventHash(this.deps.vaultId, last).toString('hex') } : null;
  }
}

export type ChainVerdict =
  | { ok: true; head: ChainHead | null; count: number; unopened: number }
  | {
      ok: false;
      firstBadSeq: number;
      reason: 'edited' | 'missing' | 'reordered' | 'signature' | 'roster';
      head: ChainHead | null;
      count: number;
      unopened: number;
    };

export interface VerifyDeps {
  vaultId: string;
  /** Public keys that could have signed this event (empty: none could; see keys/key-file.ts signerKeysFor). */
  signerKeys: (event: AuditEvent) => Buffer[];
  /** The newest roster version: no event can claim a later one. */
  rosterVersion: number;
  /** A client key of `version`, when the verifier holds it (to check sealed details). */
  clientKey: (clientId: string, version: number) => Buffer | null;
}

/**
 * Walks the log in order. The first event whose number is not the next one,
 * whose `prev` is not the hash of the event before it, whose signature does
 * not verify under a key its signer held at its roster version, whose
 * roster version goes backwards, or whose detail does not match its hash, is
 * reported. Sealed details the verifier cannot open are counted as unopened.
 */
export function verifyLog(events: Iterable<AuditEvent>, deps: VerifyDeps): ChainVerdict {
  let prev = genesisHash(deps.vaultId);
  let expected = 1;
  let count = 0;
  let unopened = 0;
  let rosterFloor = 0;
  let carriedOver = true;
  let head: ChainHead | null = null;
  const bad = (firstBadSeq: number, reason: Extract<ChainVerdict, { ok: false }>['reason']): ChainVerdict => ({
    ok: false,
    firstBadSeq,
    reason,
    head,
    count,
    unopened,
  });
  for (const e of events) {
    count++;
    if (e.seq !== expected) return bad(expected, e.seq > expected ? 'missing' : 'reordered');
    if (!e.prev.equals(prev)) return bad(e.seq, 'missing');
    if (e.rosterVersion < rosterFloor || e.rosterVersion > deps.rosterVersion) return bad(e.seq, 'roster');
    if (!e.sealed && !plainDetailHash(e.detail).equals(e.detailHash)) return bad(e.seq, 'edited');
    // Events carried over from version 2 come first, or not at all.
    const legacy = e.signer.startsWith('legacy:');
    if (legacy && !carriedOver) return bad(e.seq, 'signature');
    carriedOver &&= legacy;
    const bytes = signingBytes(deps.vaultId, e);
    const keys = deps.signerKeys(e);
    if (!keys.some((k) => verifySignature(k, bytes, e.sig))) return bad(e.seq, keys.length === 0 ? 'roster' : 'signature');
    if (e.sealed) {
      const key = e.clientId && e.keyVersion !== null ? deps.clientKey(e.clientId, e.keyVersion) : null;
      if (!key || !e.clientId || e.keyVersion === null) unopened++;
      else {
        const opened = openDetail(key, { vaultId: deps.vaultId, seq: e.seq, clientId: e.clientId, keyVersion: e.keyVersion }, e.sealed);
        if (!opened || !detailMatches(e, opened)) return bad(e.seq, 'edited');
      }
    }
    prev = eventHash(deps.vaultId, e);
    rosterFloor = e.rosterVersion;
    head = { seq: e.seq, hash: prev.toString('hex') };
    expected++;
  }
  return { ok: true, head, count, unopened };
}
