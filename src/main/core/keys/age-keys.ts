import { hkdfSync, webcrypto } from 'node:crypto';
import { base64nopad, bech32 } from '@scure/base';
import { Decrypter, Encrypter, generateX25519Identity, identityToRecipient, type Identity, type Stanza } from 'age-encryption';
import sodium from 'sodium-native';
import { FILE_NONCE_BYTES, chunkCount, openChunks, payloadKey } from '../crypto/age-stream';

/**
 * The firm's recovery key: an age X25519 identity (AGE-SECRET-KEY-1…). Only its
 * recipient (age1…) is stored in the vault; the identity is shown once.
 */
export async function newRecoveryIdentity(): Promise<{ identity: string; recipient: string }> {
  const identity = await generateX25519Identity();
  return { identity, recipient: await identityToRecipient(identity) };
}

export function isRecoveryIdentity(value: string): boolean {
  return /^AGE-SECRET-KEY-1[02-9AC-HJ-NP-Z]{58}$/.test(value.trim());
}

export async function recipientOf(identity: string): Promise<string> {
  return identityToRecipient(identity.trim());
}

export async function wrapForRecipient(recipient: string, secret: Buffer): Promise<Buffer> {
  const enc = new Encrypter();
  enc.addRecipient(recipient);
  return Buffer.from(await enc.encrypt(new Uint8Array(secret)));
}

/** Returns the unwrapped secret, or null when the identity does not match or the data was altered. */
export async function unwrapWithIdentity(identity: string | PreparedIdentity, wrapped: Buffer): Promise<Buffer | null> {
  if (typeof identity !== 'string') return identity.unwrap(wrapped);
  return decryptWith(identity.trim(), wrapped);
}

/**
 * Opens a small age file (a wrapped key): the library checks the header (the
 * stanzas, the header MAC) and gives the file key; the payload, one chunk,
 * is opened with our STREAM code (crypto/age-stream.ts, the backups'). The
 * library's own decrypt runs the payload through web streams, which cost an
 * unlock more than the cryptography.
 */
async function decryptWith(identity: string | Identity, wrapped: Buffer): Promise<Buffer | null> {
  const end = headerEnd(wrapped);
  if (end === null) return null;
  let fileKey: Uint8Array;
  try {
    const dec = new Decrypter();
    dec.addIdentity(identity);
    fileKey = await dec.decryptHeader(wrapped.subarray(0, end));
  } catch {
    return null;
  }
  const nonce = wrapped.subarray(end, end + FILE_NONCE_BYTES);
  const sealed = Buffer.from(wrapped.subarray(end + FILE_NONCE_BYTES));
  const total = chunkCount(sealed.length);
  if (nonce.length !== FILE_NONCE_BYTES || total === null) return null;
  const key = payloadKey(fileKey, nonce);
  try {
    return Buffer.concat(openChunks(key, sealed, 0, total));
  } catch {
    return null;
  } finally {
    key.fill(0);
    fileKey.fill(0);
    sealed.fill(0);
  }
}

const MAC_LINE = Buffer.from('\n--- ', 'latin1');

/** Where an age header ends: after the line that starts with "--- " (the MAC); null if there is none. */
function headerEnd(file: Buffer): number | null {
  const mac = file.indexOf(MAC_LINE);
  if (mac === -1) return null;
  const newline = file.indexOf(0x0a, mac + 1);
  return newline === -1 ? null : newline + 1;
}

/**
 * An identity made ready once for several unwraps: an unlock opens three to
 * five wraps with the same one. The age library imports the private key and
 * recomputes the public key for every file (each about as costly as the
 * unwrap itself); here the key is imported and the recipient computed once.
 * Where WebCrypto has no X25519, the library's own path is used.
 */
export interface PreparedIdentity {
  readonly recipient: string;
  unwrap(wrapped: Buffer): Promise<Buffer | null>;
}

const X25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');
/** The X25519 base point u = 9. */
const BASE_POINT = Buffer.concat([Buffer.from([9]), Buffer.alloc(31)]);
const X25519_LABEL = 'age-encryption.org/v1/X25519';

export async function prepareIdentity(identity: string): Promise<PreparedIdentity> {
  const text = identity.trim();
  const decoded = isRecoveryIdentity(text) ? bech32.decodeToBytes(text) : null;
  if (!decoded || decoded.bytes.length !== 32) return libraryIdentity(text);
  const pkcs8 = Buffer.concat([X25519_PKCS8_PREFIX, decoded.bytes]);
  try {
    const key = await webcrypto.subtle.importKey('pkcs8', pkcs8, { name: 'X25519' }, false, ['deriveBits']);
    const publicKey = await x25519(key, BASE_POINT);
    const unwrapper: Identity = { unwrapFileKey: (stanzas) => unwrapX25519(stanzas, key, publicKey) };
    return { recipient: bech32.encodeFromBytes('age', publicKey), unwrap: (wrapped) => decryptWith(unwrapper, wrapped) };
  } catch (err) {
    if (err instanceof Error && err.name === 'NotSupportedError') return libraryIdentity(text);
    throw err;
  } finally {
    pkcs8.fill(0);
    decoded.bytes.fill(0);
  }
}

async function libraryIdentity(identity: string): Promise<PreparedIdentity> {
  return { recipient: await identityToRecipient(identity), unwrap: (wrapped) => decryptWith(identity, wrapped) };
}

async function x25519(key: webcrypto.CryptoKey, u: Uint8Array): Promise<Buffer> {
  const peer = await webcrypto.subtle.importKey('raw', u, { name: 'X25519' }, false, []);
  return Buffer.from(await webcrypto.subtle.deriveBits({ name: 'X25519', public: peer }, key, 256));
}

/** age's X25519 stanza (age-encryption.org/v1): HKDF-SHA256 of the shared secret, then ChaCha20-Poly1305 of the file key. */
async function unwrapX25519(stanzas: Stanza[], key: webcrypto.CryptoKey, publicKey: Buffer): Promise<Uint8Array | null> {
  for (const stanza of stanzas) {
    if (stanza.args[0] !== 'X25519') continue;
    if (stanza.args.length !== 2 || stanza.body.length !== 32) throw new Error('invalid X25519 stanza');
    const share = base64nopad.decode(stanza.args[1]!);
    if (share.length !== 32) throw new Error('invalid X25519 stanza');
    const secret = await x25519(key, share);
    // A low-order share gives an all-zero secret: the spec says to refuse it.
    if (secret.every((b) => b === 0)) throw new Error('invalid X25519 stanza');
    const wrapKey = Buffer.from(hkdfSync('sha256', secret, Buffer.concat([share, publicKey]), X25519_LABEL, 32));
    const fileKey = Buffer.alloc(16);
    try {
      sodium.crypto_aead_chacha20poly1305_ietf_decrypt(fileKey, null, stanza.body, null, Buffer.alloc(12), wrapKey);
      return fileKey;
    } catch {
      // Not for this key (or altered): try the next stanza.
    } finally {
      secret.fill(0);
      wrapKey.fill(0);
    }
  }
  return null;
}
