import { createCipheriv, createDecipheriv } from 'node:crypto';

/**
 * Chunked AEAD in the style of the STREAM construction (Hoang–Reyhanitabar–
 * Rogaway–Vizár): AES-256-GCM per 64 KiB chunk, nonce = 7-byte prefix ||
 * 32-bit chunk counter || final flag, header bound as associated data. Detects
 * truncation, reordering, duplication, appending and swapping files.
 */
export const CHUNK_SIZE = 64 * 1024;
export const TAG_SIZE = 16;
export const NONCE_PREFIX_SIZE = 7;

export function chunkNonce(prefix: Buffer, counter: number, final: boolean): Buffer {
  if (counter > 0xffffffff) throw new RangeError('too many chunks');
  const nonce = Buffer.alloc(12);
  prefix.copy(nonce, 0, 0, NONCE_PREFIX_SIZE);
  nonce.writeUInt32BE(counter, NONCE_PREFIX_SIZE);
  nonce[11] = final ? 1 : 0;
  return nonce;
}

/** Seals one chunk into `out` at `offset` (ciphertext then tag); returns the bytes written. */
export function sealChunkInto(out: Buffer, offset: number, key: Buffer, prefix: Buffer, counter: number, final: boolean, ad: Buffer, plain: Buffer): number {
  const cipher = createCipheriv('aes-256-gcm', key, chunkNonce(prefix, counter, final));
  cipher.setAAD(ad);
  const written = cipher.update(plain).copy(out, offset);
  cipher.final();
  cipher.getAuthTag().copy(out, offset + written);
  return written + TAG_SIZE;
}

/** Returns the chunk's plaintext, or null if it does not authenticate at this position. */
export function openChunk(key: Buffer, prefix: Buffer, counter: number, final: boolean, ad: Buffer, sealed: Buffer): Buffer | null {
  if (sealed.length < TAG_SIZE) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, chunkNonce(prefix, counter, final));
    decipher.setAAD(ad);
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_SIZE));
    const plain = decipher.update(sealed.subarray(0, sealed.length - TAG_SIZE));
    decipher.final();
    return plain;
  } catch {
    return null;
  }
}
