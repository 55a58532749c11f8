import { open, seal } from './aead';
import { wipe } from '../keys/keyring';

/** A value as JSON, sealed with AES-256-GCM under `key` with `ad` bound to it; the plaintext bytes are wiped after. */
export function sealJson(key: Buffer, value: unknown, ad: Buffer): Buffer {
  const plain = Buffer.from(JSON.stringify(value), 'utf8');
  try {
    return seal(key, plain, ad);
  } finally {
    wipe(plain);
  }
}

/** The JSON value, or undefined when it does not open under this key and associated data (or is not JSON). */
export function openJson(key: Buffer, sealed: Buffer, ad: Buffer): unknown {
  const plain = open(key, sealed, ad);
  if (!plain) return undefined;
  try {
    return JSON.parse(plain.toString('utf8')) as unknown;
  } catch {
    return undefined;
  } finally {
    wipe(plain);
  }
}
