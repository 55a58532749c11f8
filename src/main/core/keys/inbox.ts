import { createCipheriv, createDecipheriv, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';
import { wipe } from './keyring';

/**
 * The vault's inbox: an X25519 key pair derived from the common key, whose
 * public half the signed roster names. Something written while the vault is
 * locked (the name tried at a failed unlock) is sealed to it, so whoever
 * unlocks next — every staff member holds the common key — can read it and
 * write it to the audit log, while the folder shows nothing to anyone else.
 */
const PKCS8_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');
const KEY = 32;

function inboxSecret(commonKey: Buffer, vaultId: string): Buffer {
  return Buffer.from(hkdfSync('sha256', commonKey, Buffer.from(vaultId, 'hex'), 'zhangdun/v3/inbox', KEY));
}

function privateKeyOf(secret: Buffer): KeyObject {
  const der = Buffer.concat([PKCS8_PREFIX, secret]);
  try {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } finally {
    wipe(der);
  }
}

function rawPublic(key: KeyObject): Buffer {
  const spki = (key.type === 'public' ? key : createPublicKey(key)).export({ format: 'der', type: 'spki' });
  return Buffer.from(spki.subarray(spki.length - KEY));
}

/** The inbox's public key (32 bytes) for a common key. */
export function inboxPublicKey(commonKey: Buffer, vaultId: string): Buffer {
  const secret = inboxSecret(commonKey, vaultId);
  try {
    return rawPublic(privateKeyOf(secret));
  } finally {
    wipe(secret);
  }
}

function boxKey(shared: Buffer, ephemeral: Buffer, recipient: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', shared, Buffer.concat([ephemeral, recipient]), 'zhangdun/v3/inbox-box', KEY));
}

/** Seals `text` to the inbox: ephemeral public key ‖ nonce ‖ AES-256-GCM ciphertext ‖ tag. */
export function sealToInbox(inbox: Buffer, text: string): Buffer {
  const { privateKey, publicKey } = generateKeyPairSync('x25519');
  const ephemeral = rawPublic(publicKey);
  const shared = diffieHellman({ privateKey, publicKey: createPublicKey({ key: Buffer.concat([SPKI_PREFIX, inbox]), format: 'der', type: 'spki' }) });
  const key = boxKey(shared, ephemeral, inbox);
  try {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, nonce);
    const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
    return Buffer.concat([ephemeral, nonce, body, cipher.getAuthTag()]);
  } finally {
    wipe(shared, key);
  }
}

/** The text, or null when it was not sealed to this inbox (or was altered). */
export function openFromInbox(commonKey: Buffer, vaultId: string, sealed: Buffer): string | null {
  if (sealed.length < KEY + 12 + 16) return null;
  const secret = inboxSecret(commonKey, vaultId);
  try {
    const privateKey = privateKeyOf(secret);
    const inbox = rawPublic(privateKey);
    const ephemeral = sealed.subarray(0, KEY);
    const shared = diffieHellman({ privateKey, publicKey: createPublicKey({ key: Buffer.concat([SPKI_PREFIX, ephemeral]), format: 'der', type: 'spki' }) });
    const key = boxKey(shared, ephemeral, inbox);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(KEY, KEY + 12));
      decipher.setAuthTag(sealed.subarray(sealed.length - 16));
      return Buffer.concat([decipher.update(sealed.subarray(KEY + 12, sealed.length - 16)), decipher.final()]).toString('utf8');
    } catch {
      return null;
    } finally {
      wipe(shared, key);
    }
  } catch {
    return null;
  } finally {
    wipe(secret);
  }
}
