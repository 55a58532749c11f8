import { timingSafeEqual } from 'node:crypto';
import { open, seal } from '../crypto/aead';
import { wipe } from './keyring';
import { unwrapWithIdentity, wrapForRecipient } from './age-keys';

/**
 * The per-client layer of the key hierarchy, as plain functions so that tests
 * can attack it directly:
 *
 *   master key ──AES-256-GCM──► client key (per client, versioned)
 *   staff age recipient ──age──► client key (a grant)
 *   client key ──AES-256-GCM──► document file keys, and every record of the
 *                               client (records/record-seal.ts)
 *
 * Every ciphertext is bound by associated data to the client, the key version
 * and what it is, so nothing can be moved to another client or field.
 */
export const CLIENT_KEY_BYTES = 32;

export function equalHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
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

