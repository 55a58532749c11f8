import { createHash } from 'node:crypto';
import { canonicalJson } from '../crypto/canonical-json';
import { signerKeysFor, type KeyFile } from '../keys/key-file';
import { verifySignature } from '../keys/signing';
import { recordSigningBytes, type RecordHeader, type RecordKind } from '../records/record-seal';
import type { PulledRow, ServerRecordRow, ServerTombstoneRow, ServerWrapRow } from './server-repository';

/**
 * What binds a pushed row to the device that pushed it and to its place in
 * that device's stream: the author signs {table, device, devSeq, roster
 * version, the row's own signature or content hash}. A device's counter only
 * goes up, so a server that serves a row twice, serves an old row again under a
 * new number, or reorders a device's rows is caught by every other PC; a row
 * the server (or anyone without a member's key) made up does not verify.
 * The pusher may differ from a record's author (a PC pushes what every
 * member wrote there); both must be members at the roster version named.
 */

const hex = (b: Buffer) => b.toString('hex');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

type RecordEnvelopeFields = Pick<ServerRecordRow, 'device' | 'devSeq' | 'kind' | 'id' | 'clientId' | 'rev' | 'keyVersion' | 'author' | 'pusher' | 'blobHash' | 'sig' | 'rosterVersion'>;
type TombstoneEnvelopeFields = Omit<ServerTombstoneRow, 'serverSeq' | 'envSig'>;
type WrapEnvelopeFields = Omit<ServerWrapRow, 'serverSeq' | 'envSig'>;

function envelope(table: string, fields: Record<string, string | number | null>): Buffer {
  return Buffer.from(`zhangdun/v3/sync-envelope\0${canonicalJson({ table, ...fields })}`);
}

export function recordEnvelope(r: RecordEnvelopeFields): Buffer {
  return envelope('records', {
    device: r.device,
    devSeq: r.devSeq,
    kind: r.kind,
    id: r.id,
    clientId: r.clientId,
    rev: r.rev,
    keyVersion: r.keyVersion,
    author: r.author,
    pusher: r.pusher,
    blobHash: r.blobHash,
    sig: hex(r.sig),
    rosterVersion: r.rosterVersion,
  });
}

export function tombstoneEnvelope(r: TombstoneEnvelopeFields): Buffer {
  return envelope('tombstones', { ...r });
}

export function wrapEnvelope(r: WrapEnvelopeFields): Buffer {
  return envelope('key_wraps', {
    device: r.device,
    devSeq: r.devSeq,
    clientId: r.clientId,
    keyVersion: r.keyVersion,
    holder: r.holder,
    wrapped: sha(r.wrapped),
    grantedBy: r.grantedBy,
    pusher: r.pusher,
    rosterVersion: r.rosterVersion,
  });
}

/** The record kinds this version syncs. */
export const SYNCED_KINDS = ['client', 'document'] as const satisfies readonly RecordKind[];
export type SyncedKind = (typeof SYNCED_KINDS)[number];

export function isSyncedKind(kind: string): kind is SyncedKind {
  return (SYNCED_KINDS as readonly string[]).includes(kind);
}

/** The plain columns a record's author signed beside its header (records/record-store.ts). */
export function recordSignedBytes(r: Pick<ServerRecordRow, 'kind' | 'id' | 'clientId' | 'rev' | 'keyVersion' | 'author' | 'blobId' | 'wrappedKey' | 'size' | 'dupTag' | 'body'>): Buffer | null {
  if (!isSyncedKind(r.kind)) return null;
  const header: RecordHeader = { kind: r.kind, id: r.id, clientId: r.clientId, rev: r.rev, keyVersion: r.keyVersion };
  if (r.kind === 'client') return recordSigningBytes(header, { author: r.author }, r.body);
  if (r.blobId === null || r.wrappedKey === null || r.size === null || r.dupTag === null) return null;
  return recordSigningBytes(header, { blobId: r.blobId, wrappedKey: hex(r.wrappedKey), size: r.size, dupTag: hex(r.dupTag), author: r.author }, r.body);
}

export type Verdict = { ok: true } | { ok: false; problem: 'not-member' | 'tampered' | 'malformed' };

/**
 * Checks a pulled row against the signed roster of `keyFile`: the envelope must be signed by a
 * member valid at the roster version it names (never a version this PC has not seen), and a
 * record's own signature by its author, a member at that version too, must match its bytes.
 */
export function verifyPulled(keyFile: KeyFile, row: PulledRow): Verdict {
  if (row.rosterVersion < 1 || row.rosterVersion > keyFile.body.roster.version) return { ok: false, problem: 'not-member' };
  const keysOf = (signer: string) => signerKeysFor(keyFile, { signer, actorId: null, rosterVersion: row.rosterVersion });
  const pusherKeys = keysOf(row.pusher);
  if (pusherKeys.length === 0) return { ok: false, problem: 'not-member' };
  let env: Buffer;
  switch (row.table) {
    case 'records':
      env = recordEnvelope(row);
      break;
    case 'tombstones':
      env = tombstoneEnvelope({ device: row.device, devSeq: row.devSeq, kind: row.kind, id: row.id, clientId: row.clientId, rev: row.rev, pusher: row.pusher, rosterVersion: row.rosterVersion });
      break;
    case 'key_wraps':
      env = wrapEnvelope(row);
      break;
    default: {
      const unreachable: never = row;
      return unreachable;
    }
  }
  if (!pusherKeys.some((k) => verifySignature(k, env, row.envSig))) return { ok: false, problem: 'tampered' };
  if (row.table === 'records') {
    const authorKeys = keysOf(row.author);
    if (authorKeys.length === 0) return { ok: false, problem: 'not-member' };
    const bytes = recordSignedBytes(row);
    if (!bytes) return { ok: false, problem: 'malformed' };
    if (!authorKeys.some((k) => verifySignature(k, bytes, row.sig))) return { ok: false, problem: 'tampered' };
  }
  return { ok: true };
}

/**
 * The conflict rule: of two revisions of one record, the higher `rev` wins; equal revisions
 * (written on two PCs from the same one) are ordered by author, then by signature bytes, so
 * every PC picks the same winner. Positive: `a` wins.
 */
export function compareRevisions(a: { rev: number; author: string; sig: Buffer }, b: { rev: number; author: string; sig: Buffer }): number {
  if (a.rev !== b.rev) return a.rev - b.rev;
  if (a.author !== b.author) return a.author < b.author ? -1 : 1;
  return Buffer.compare(a.sig, b.sig);
}
