import { createHash, createHmac, hkdfSync } from 'node:crypto';
import { open, seal } from '../crypto/aead';
import { canonicalJson } from '../crypto/canonical-json';
import { openJson, sealJson } from '../crypto/sealed-json';
import { wipe } from '../keys/keyring';

/**
 * A record is one thing a client owns (the client's own fields, a
 * document's metadata, a document's extracted text …), stored as a
 * self-contained ciphertext: the JSON of its fields sealed with AES-256-GCM
 * under the client key of `keyVersion`, with its header as associated data,
 * so a body cannot be moved to another record, client, revision or key.
 * Only staff holding the client's key can read any of it; the header
 * (kind, ids, revision, key version) is what everyone with the common key sees.
 * A record is also signed by its author (see recordSigningBytes), so that a
 * copy travelling through a server that only holds ciphertext (the planned
 * multi-PC sync) can be checked against the signed roster.
 */
export const RECORD_KINDS = ['client', 'document', 'text', 'credential', 'credential-file'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export interface RecordHeader {
  kind: RecordKind;
  id: string;
  clientId: string;
  /** Increases with every write of the record. */
  rev: number;
  keyVersion: number;
}

function recordAd(h: RecordHeader): Buffer {
  return Buffer.from(`zhangdun/v3/record\0${h.kind}\0${h.id}\0${h.clientId}\0${h.rev}\0${h.keyVersion}`);
}

export function sealRecord(clientKey: Buffer, header: RecordHeader, value: unknown): Buffer {
  return sealJson(clientKey, value, recordAd(header));
}

/** Raw bytes (an attached file) sealed under a record header. */
export function sealBytes(clientKey: Buffer, header: RecordHeader, bytes: Buffer): Buffer {
  return seal(clientKey, bytes, recordAd(header));
}

/** The bytes, or null when they do not open under this key and header. */
export function openBytes(clientKey: Buffer, header: RecordHeader, sealed: Buffer): Buffer | null {
  return open(clientKey, sealed, recordAd(header));
}

/** The record's fields as JSON, or undefined when the body does not open under this key and header. */
export function openRecord(clientKey: Buffer, header: RecordHeader, body: Buffer): unknown {
  return openJson(clientKey, body, recordAd(header));
}

/** What an author signs: the header, the plaintext columns beside it, and the body's hash. */
export function recordSigningBytes(header: RecordHeader, columns: Record<string, string | number | null>, body: Buffer): Buffer {
  const bodyHash = createHash('sha256').update(body).digest('hex');
  return Buffer.from(`zhangdun/v3/record-signature\0${canonicalJson({ ...header, ...columns, body: bodyHash })}`);
}

/**
 * A document's duplicate tag: its content hash keyed per client and key
 * version, so two copies of a file are found within one client and nowhere
 * else, and nobody without the key can test whether a client holds a given file.
 */
export function duplicateTag(clientKey: Buffer, clientId: string, keyVersion: number, sha256: string): Buffer {
  const key = Buffer.from(hkdfSync('sha256', clientKey, Buffer.from(clientId, 'hex'), `zhangdun/v3/duplicate-tag\0${keyVersion}`, 32));
  try {
    return createHmac('sha256', key).update(sha256).digest().subarray(0, 16);
  } finally {
    wipe(key);
  }
}
