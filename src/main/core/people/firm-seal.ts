import { hkdfSync, randomBytes } from 'node:crypto';
import { open, seal } from '../crypto/aead';
import { wipe } from '../keys/keyring';
import { openJson, sealJson } from '../crypto/sealed-json';

/**
 * Firm-level records (staff agreements, training, acknowledgements) belong to
 * no client, so no client key seals them. Each record has its own random key,
 * wrapped under the firm key: HKDF of the master key, so only owners and
 * admins (and the recovery key) open them. The record key seals the record's
 * fields and, through a second label, the scan's blob; a replaced master key
 * rewraps the record keys only (see StaffRecordRepo's next wraps).
 */
const FIRM_LABEL = 'zhangdun/v3/firm-records';
const BODY_LABEL = 'zhangdun/v3/firm-record-body';
const BLOB_LABEL = 'zhangdun/v3/firm-record-blob';
export const RECORD_KEY_BYTES = 32;

export function firmKey(masterKey: Buffer, vaultId: string): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.from(vaultId, 'hex'), FIRM_LABEL, 32));
}

export function newRecordKey(): Buffer {
  return randomBytes(RECORD_KEY_BYTES);
}

function wrapAd(vaultId: string, recordId: string): Buffer {
  return Buffer.from(`zhangdun/v3/firm-record-key\0${vaultId}\0${recordId}`);
}

export function wrapRecordKey(masterKey: Buffer, vaultId: string, recordId: string, recordKey: Buffer): Buffer {
  const key = firmKey(masterKey, vaultId);
  try {
    return seal(key, recordKey, wrapAd(vaultId, recordId));
  } finally {
    wipe(key);
  }
}

/** The record key, or null when the wrap does not open under this master key. */
export function unwrapRecordKey(masterKey: Buffer, vaultId: string, recordId: string, wrapped: Buffer): Buffer | null {
  const key = firmKey(masterKey, vaultId);
  try {
    const out = open(key, wrapped, wrapAd(vaultId, recordId));
    return out && out.length === RECORD_KEY_BYTES ? out : null;
  } finally {
    wipe(key);
  }
}

function derived(recordKey: Buffer, label: string, recordId: string): Buffer {
  return Buffer.from(hkdfSync('sha256', recordKey, Buffer.from(recordId, 'hex'), label, 32));
}

/** The key the scan's blob is encrypted with (blob-store's chunked format). */
export function recordBlobKey(recordKey: Buffer, recordId: string): Buffer {
  return derived(recordKey, BLOB_LABEL, recordId);
}

function bodyAd(recordId: string, staffId: string, kind: string): Buffer {
  return Buffer.from(`zhangdun/v3/firm-record\0${recordId}\0${staffId}\0${kind}`);
}

export function sealRecordBody(recordKey: Buffer, head: { id: string; staffId: string; kind: string }, value: unknown): Buffer {
  const key = derived(recordKey, BODY_LABEL, head.id);
  try {
    return sealJson(key, value, bodyAd(head.id, head.staffId, head.kind));
  } finally {
    wipe(key);
  }
}

/** The fields, or undefined when the body does not open under this key and head (moved or altered). */
export function openRecordBody(recordKey: Buffer, head: { id: string; staffId: string; kind: string }, body: Buffer): unknown {
  const key = derived(recordKey, BODY_LABEL, head.id);
  try {
    return openJson(key, body, bodyAd(head.id, head.staffId, head.kind));
  } finally {
    wipe(key);
  }
}
