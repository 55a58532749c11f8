import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { open, seal } from '../crypto/aead';
import { canonicalJson } from '../crypto/canonical-json';
import { wipe } from './keyring';
import { unwrapWithIdentity, wrapForRecipient } from './age-keys';

/**
 * The per-client layer of the key hierarchy, as plain functions so that tests
 * can attack it directly:
 *
 *   master key ──AES-256-GCM──► client key (per client, versioned)
 *   staff age recipient ──age──► client key (a grant)
 *   client key ──AES-256-GCM──► document file keys, sensitive client fields
 *
 * Every ciphertext is bound by associated data to the client, the key version
 * and what it is, so nothing can be moved to another client or field.
 */
export const CLIENT_KEY_BYTES = 32;

/** Fields of a client stored encrypted under its client key. */
export const SENSITIVE_FIELDS = ['phone', 'bankAccount'] as const;
export type SensitiveField = (typeof SENSITIVE_FIELDS)[number];

const MASTER_LABELS = {
  /** Lets a master-key holder recognise the current master key (and a forged one). */
  check: 'zhangdun/v2/master-check',
  /** Endorses a staff member's age recipient, so grants cannot be redirected. */
  endorsement: 'zhangdun/v2/staff-endorsement',
} as const;

function masterSubkey(masterKey: Buffer, vaultId: string, label: keyof typeof MASTER_LABELS): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.from(vaultId, 'hex'), MASTER_LABELS[label], 32));
}

function hmacHex(key: Buffer, text: string): string {
  try {
    return createHmac('sha256', key).update(text).digest('hex');
  } finally {
    wipe(key);
  }
}

export function equalHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

/** A value only the holder of this master key can compute: stored to detect a substituted master key. */
export function masterCheck(masterKey: Buffer, vaultId: string): string {
  return hmacHex(masterSubkey(masterKey, vaultId, 'check'), `zhangdun/v2/master-check\0${vaultId}`);
}

/**
 * Binds a staff member's age recipient to their staff id under the master key.
 * Every staff member holds the common key and could rewrite the key file; the
 * endorsement stops them from swapping a colleague's recipient for their own.
 */
export function endorseRecipient(masterKey: Buffer, vaultId: string, staffId: string, recipient: string): string {
  return hmacHex(masterSubkey(masterKey, vaultId, 'endorsement'), canonicalJson({ vaultId, staffId, recipient }));
}

export function endorsementValid(masterKey: Buffer, vaultId: string, staffId: string, recipient: string, endorsement: string): boolean {
  return equalHex(endorseRecipient(masterKey, vaultId, staffId, recipient), endorsement);
}

function clientKeyAd(clientId: string, version: number): Buffer {
  return Buffer.from(`zhangdun/v2/client-key\0${clientId}\0${version}`);
}

/** The 'master' holder's wrap of a client key. */
export function wrapClientKeyForMaster(masterKey: Buffer, clientId: string, version: number, clientKey: Buffer): Buffer {
  return seal(masterKey, clientKey, clientKeyAd(clientId, version));
}

export function unwrapClientKeyWithMaster(masterKey: Buffer, clientId: string, version: number, wrapped: Buffer): Buffer | null {
  const key = open(masterKey, wrapped, clientKeyAd(clientId, version));
  if (key && key.length !== CLIENT_KEY_BYTES) {
    wipe(key);
    return null;
  }
  return key;
}

/**
 * A grant: the client key, prefixed with what it is for, age-encrypted to the
 * grantee's recipient (age has no associated data, so the binding travels inside).
 */
export async function wrapClientKeyForStaff(recipient: string, clientId: string, version: number, clientKey: Buffer): Promise<Buffer> {
  const label = grantLabel(clientId, version);
  const payload = Buffer.concat([label, clientKey]);
  try {
    return await wrapForRecipient(recipient, payload);
  } finally {
    wipe(payload);
  }
}

export async function unwrapClientKeyWithIdentity(identity: string, clientId: string, version: number, wrapped: Buffer): Promise<Buffer | null> {
  const payload = await unwrapWithIdentity(identity, wrapped);
  if (!payload) return null;
  try {
    const label = grantLabel(clientId, version);
    if (payload.length !== label.length + CLIENT_KEY_BYTES || !payload.subarray(0, label.length).equals(label)) return null;
    return Buffer.from(payload.subarray(label.length));
  } finally {
    wipe(payload);
  }
}

function grantLabel(clientId: string, version: number): Buffer {
  return Buffer.from(`zhangdun/v2/grant\0${clientId}\0${version}\0`);
}

function fileKeyAd(blobId: string, clientId: string, version: number): Buffer {
  return Buffer.from(`zhangdun/v2/file-key\0${blobId}\0${clientId}\0${version}`);
}

export function wrapFileKey(clientKey: Buffer, ref: { blobId: string; clientId: string; keyVersion: number }, fileKey: Buffer): Buffer {
  return seal(clientKey, fileKey, fileKeyAd(ref.blobId, ref.clientId, ref.keyVersion));
}

export function unwrapFileKey(clientKey: Buffer, ref: { blobId: string; clientId: string; keyVersion: number }, wrapped: Buffer): Buffer | null {
  return open(clientKey, wrapped, fileKeyAd(ref.blobId, ref.clientId, ref.keyVersion));
}

function fieldAd(clientId: string, field: SensitiveField, version: number): Buffer {
  return Buffer.from(`zhangdun/v2/client-field\0${clientId}\0${field}\0${version}`);
}

export function sealField(clientKey: Buffer, clientId: string, field: SensitiveField, version: number, value: string | null): Buffer | null {
  if (value === null) return null;
  const plain = Buffer.from(value, 'utf8');
  try {
    return seal(clientKey, plain, fieldAd(clientId, field, version));
  } finally {
    wipe(plain);
  }
}

/** The field's text, or undefined when it does not open (wrong key, moved or altered). */
export function openField(clientKey: Buffer, clientId: string, field: SensitiveField, version: number, sealed: Buffer | null): string | null | undefined {
  if (sealed === null) return null;
  const plain = open(clientKey, sealed, fieldAd(clientId, field, version));
  if (!plain) return undefined;
  try {
    return plain.toString('utf8');
  } finally {
    wipe(plain);
  }
}
