import { createHash, createPrivateKey, createPublicKey, hkdfSync, sign, verify, type KeyObject } from 'node:crypto';
import { wipe } from './keyring';

/**
 * Ed25519 signatures: every staff member signs their own audit events and
 * the records they write; the master signing key (derived from the master
 * key) signs the roster, backups and the backup schedule. Seeds are kept in
 * Buffers (zero-filled at lock); a KeyObject is made for each signature and
 * dropped at once, so no long-lived copy outside the KeyRing remains.
 */
export const SEED_BYTES = 32;
export const PUBLIC_KEY_BYTES = 32;
export const SIGNATURE_BYTES = 64;

/** PKCS#8 DER prefix of an Ed25519 private key (RFC 8410); the 32-byte seed follows. */
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
/** SPKI DER prefix of an Ed25519 public key; the 32-byte key follows. */
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

function privateKeyOf(seed: Buffer): KeyObject {
  if (seed.length !== SEED_BYTES) throw new RangeError('signing seed must be 32 bytes');
  const der = Buffer.concat([PKCS8_PREFIX, seed]);
  try {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } finally {
    wipe(der);
  }
}

function publicKeyObject(publicKey: Buffer): KeyObject {
  if (publicKey.length !== PUBLIC_KEY_BYTES) throw new RangeError('public key must be 32 bytes');
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, publicKey]), format: 'der', type: 'spki' });
}

/** The 32-byte public key of a seed. */
export function publicKeyOf(seed: Buffer): Buffer {
  const spki = createPublicKey(privateKeyOf(seed)).export({ format: 'der', type: 'spki' });
  return Buffer.from(spki.subarray(spki.length - PUBLIC_KEY_BYTES));
}

/** One signature with a seed (key changes, rare); sessions sign through a Signer. */
export function signWith(seed: Buffer, data: Buffer): Buffer {
  return sign(null, data, privateKeyOf(seed));
}

/** Signs with one key for the length of a session; `dispose()` at lock. */
export class Signer {
  private key: KeyObject | null;
  readonly publicKey: Buffer;

  constructor(seed: Buffer) {
    this.key = privateKeyOf(seed);
    const spki = createPublicKey(this.key).export({ format: 'der', type: 'spki' });
    this.publicKey = Buffer.from(spki.subarray(spki.length - PUBLIC_KEY_BYTES));
  }

  sign(data: Buffer): Buffer {
    if (!this.key) throw new Error('signer disposed');
    return sign(null, data, this.key);
  }

  dispose(): void {
    this.key = null;
  }
}

/** False for a bad signature, a malformed key or a signature of the wrong length; never throws. */
export function verifySignature(publicKey: Buffer, data: Buffer, signature: Buffer): boolean {
  if (publicKey.length !== PUBLIC_KEY_BYTES || signature.length !== SIGNATURE_BYTES) return false;
  try {
    return verify(null, data, publicKeyObject(publicKey), signature);
  } catch {
    return false;
  }
}

/** The master key's signing seed: whoever holds the master key can sign as the vault. */
export function masterSigningSeed(masterKey: Buffer, vaultId: string): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.from(vaultId, 'hex'), 'zhangdun/v3/master-signing', SEED_BYTES));
}

/**
 * A public key as people compare it: the first 20 bytes of its SHA-256 in
 * groups of four hex digits ("3f2a 91c0 …"), printed on the recovery sheet.
 */
export function fingerprint(publicKey: Buffer): string {
  const hex = createHash('sha256').update(publicKey).digest('hex').slice(0, 40).toUpperCase();
  return hex.match(/.{4}/g)!.join(' ');
}
