import { createHash, hkdfSync } from 'node:crypto';
import sodium from 'sodium-native';
import { wipe } from './keyring';

/**
 * Ed25519 signatures (RFC 8032, libsodium's native build): every staff
 * member signs their own audit events and the records they write; the
 * master signing key (derived from the master key) signs the roster,
 * backups and the backup schedule. Seeds and secret keys are kept in
 * Buffers that are zero-filled when done (a Signer's at lock). libsodium
 * rather than node:crypto because making an Ed25519 KeyObject costs about
 * a millisecond, and an unlock makes a dozen; signatures are the same bytes.
 */
export const SEED_BYTES = 32;
export const PUBLIC_KEY_BYTES = 32;
export const SIGNATURE_BYTES = 64;
const SECRET_KEY_BYTES = 64;

/** The key pair of a seed; the caller wipes `secretKey`. */
function keyPairOf(seed: Buffer): { publicKey: Buffer; secretKey: Buffer } {
  if (seed.length !== SEED_BYTES) throw new RangeError('signing seed must be 32 bytes');
  const publicKey = Buffer.alloc(PUBLIC_KEY_BYTES);
  const secretKey = Buffer.alloc(SECRET_KEY_BYTES);
  sodium.crypto_sign_seed_keypair(publicKey, secretKey, seed);
  return { publicKey, secretKey };
}

/** The 32-byte public key of a seed. */
export function publicKeyOf(seed: Buffer): Buffer {
  const { publicKey, secretKey } = keyPairOf(seed);
  wipe(secretKey);
  return publicKey;
}

/** One signature with a seed (key changes, rare); sessions sign through a Signer. */
export function signWith(seed: Buffer, data: Buffer): Buffer {
  const { secretKey } = keyPairOf(seed);
  try {
    const signature = Buffer.alloc(SIGNATURE_BYTES);
    sodium.crypto_sign_detached(signature, data, secretKey);
    return signature;
  } finally {
    wipe(secretKey);
  }
}

/** Signs with one key for the length of a session; `dispose()` at lock zero-fills it. */
export class Signer {
  private secretKey: Buffer | null;
  readonly publicKey: Buffer;

  constructor(seed: Buffer) {
    const pair = keyPairOf(seed);
    this.secretKey = pair.secretKey;
    this.publicKey = pair.publicKey;
  }

  sign(data: Buffer): Buffer {
    if (!this.secretKey) throw new Error('signer disposed');
    const signature = Buffer.alloc(SIGNATURE_BYTES);
    sodium.crypto_sign_detached(signature, data, this.secretKey);
    return signature;
  }

  dispose(): void {
    wipe(this.secretKey);
    this.secretKey = null;
  }
}

/** False for a bad signature, a malformed key or a signature of the wrong length; never throws. */
export function verifySignature(publicKey: Buffer, data: Buffer, signature: Buffer): boolean {
  if (publicKey.length !== PUBLIC_KEY_BYTES || signature.length !== SIGNATURE_BYTES) return false;
  try {
    return sodium.crypto_sign_verify_detached(signature, data, publicKey);
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
