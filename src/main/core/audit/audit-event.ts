import { createHash, randomBytes } from 'node:crypto';
import { open, seal } from '../crypto/aead';
import { canonicalJson } from '../crypto/canonical-json';
import { wipe } from '../keys/keyring';

/**
 * One audit event as stored, signed and chained.
 *
 * Who, when, which action and outcome, and the ids of the client and
 * document are in the clear (the auditor's view). What the event says about
 * a client (a document's name, an export's reason, which fields changed) is
 * sealed under that client's key; the event commits to it with
 * detailHash = SHA-256(salt ‖ detail), the salt sealed with it, so the hash
 * reveals nothing and a key rotation can reseal the detail without touching
 * the signature.
 *
 * Each event is signed (Ed25519) by the staff member who wrote it (or the
 * master key, for a session opened with the recovery key) and names the
 * hash of the event before it: nobody can edit, insert, delete or reorder
 * another person's events without breaking a signature or the chain.
 * Dropping events at the end is caught by anchors kept outside the folder.
 */
export interface AuditEvent {
  seq: number;
  at: string;
  actorId: string | null;
  actorName: string | null;
  role: string | null;
  action: string;
  outcome: 'success' | 'failure' | 'denied';
  machine: string;
  clientId: string | null;
  documentId: string | null;
  /** JSON of the detail when it is not sealed ('{}' when it is). */
  detail: string;
  sealed: Buffer | null;
  keyVersion: number | null;
  detailHash: Buffer;
  rosterVersion: number;
  /** A staff id, or 'master'. */
  signer: string;
  prev: Buffer;
  sig: Buffer;
}

export type UnsignedEvent = Omit<AuditEvent, 'sig'>;

export interface ChainHead {
  seq: number;
  hash: string;
}

export function genesisHash(vaultId: string): Buffer {
  return createHash('sha256').update(`zhangdun/v3/audit-genesis\0${vaultId}`).digest();
}

export function signingBytes(vaultId: string, e: UnsignedEvent): Buffer {
  return Buffer.from(
    `zhangdun/v3/audit\0${canonicalJson({
      vaultId,
      seq: e.seq,
      at: e.at,
      actorId: e.actorId,
      actorName: e.actorName,
      role: e.role,
      action: e.action,
      outcome: e.outcome,
      machine: e.machine,
      clientId: e.clientId,
      documentId: e.documentId,
      detail: e.detail,
      detailHash: e.detailHash.toString('hex'),
      rosterVersion: e.rosterVersion,
      signer: e.signer,
      prev: e.prev.toString('hex'),
    })}`,
  );
}

/** What the next event names as `prev`. */
export function eventHash(vaultId: string, e: AuditEvent): Buffer {
  return createHash('sha256').update(signingBytes(vaultId, e)).update(e.sig).digest();
}

export function plainDetailHash(detail: string): Buffer {
  return createHash('sha256').update('zhangdun/v3/plain-detail\0').update(detail).digest();
}

function sealedDetailHash(salt: Buffer, detail: string): Buffer {
  return createHash('sha256').update('zhangdun/v3/sealed-detail\0').update(salt).update(detail).digest();
}

function detailAd(vaultId: string, seq: number, clientId: string, keyVersion: number): Buffer {
  return Buffer.from(`zhangdun/v3/audit-detail\0${vaultId}\0${seq}\0${clientId}\0${keyVersion}`);
}

/** Seals a detail under a client key; returns the ciphertext and the hash the event commits to. */
export function sealDetail(
  clientKey: Buffer,
  at: { vaultId: string; seq: number; clientId: string; keyVersion: number },
  detail: string,
  salt: Buffer = randomBytes(16),
): { sealed: Buffer; detailHash: Buffer } {
  const plain = Buffer.from(JSON.stringify({ salt: salt.toString('hex'), detail }), 'utf8');
  try {
    return { sealed: seal(clientKey, plain, detailAd(at.vaultId, at.seq, at.clientId, at.keyVersion)), detailHash: sealedDetailHash(salt, detail) };
  } finally {
    wipe(plain);
  }
}

/** The detail's JSON and salt, or null when it does not open (wrong key, moved, altered). */
export function openDetail(
  clientKey: Buffer,
  at: { vaultId: string; seq: number; clientId: string; keyVersion: number },
  sealed: Buffer,
): { detail: string; salt: Buffer } | null {
  const plain = open(clientKey, sealed, detailAd(at.vaultId, at.seq, at.clientId, at.keyVersion));
  if (!plain) return null;
  try {
    const parsed = JSON.parse(plain.toString('utf8')) as { salt?: unknown; detail?: unknown };
    if (typeof parsed.salt !== 'string' || typeof parsed.detail !== 'string') return null;
    return { detail: parsed.detail, salt: Buffer.from(parsed.salt, 'hex') };
  } catch {
    return null;
  } finally {
    wipe(plain);
  }
}

/** Whether an opened detail is the one the event committed to. */
export function detailMatches(event: Pick<AuditEvent, 'detailHash'>, opened: { detail: string; salt: Buffer }): boolean {
  return sealedDetailHash(opened.salt, opened.detail).equals(event.detailHash);
}
