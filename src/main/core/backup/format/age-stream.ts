import { hkdfSync } from 'node:crypto';
import { TAG_BYTES, type ChunkCipher } from './chacha';

/**
 * age v1's payload (age-encryption.org/v1, "Payload"): after the header, a
 * 16-byte nonce; the payload key is HKDF-SHA256(file key, salt = nonce,
 * info = "payload"); the plaintext is cut into 64 KiB chunks, each sealed with
 * ChaCha20-Poly1305 under the nonce 11-byte big-endian counter ‖ last flag.
 * Only the last chunk may be short, it may be full, and it is empty only when
 * it is the only chunk. No file I/O here: age-file.ts reads and writes.
 */

export const PLAIN_CHUNK = 64 * 1024;
export const SEALED_CHUNK = PLAIN_CHUNK + TAG_BYTES;
export const FILE_NONCE_BYTES = 16;
/** Chunks per read and per write: one system call per MiB. */
export const BLOCK_CHUNKS = 16;
/** The counter has 11 bytes; 6 of them (2^48 chunks, 16 EiB) are more than any file needs. */
const MAX_CHUNKS = 2 ** 48;

export function payloadKey(fileKey: Uint8Array, nonce: Uint8Array): Buffer {
  return Buffer.from(hkdfSync('sha256', fileKey, nonce, 'payload', 32));
}

export function chunkNonce(index: number, last: boolean): Buffer {
  if (!Number.isSafeInteger(index) || index < 0 || index >= MAX_CHUNKS) throw new RangeError('age chunk counter out of range');
  const nonce = Buffer.alloc(12);
  nonce.writeUIntBE(index, 5, 6);
  nonce[11] = last ? 1 : 0;
  return nonce;
}

/** The sealed length of a payload of this plaintext length. */
export function sealedLength(plainLength: number): number {
  return plainLength + TAG_BYTES * Math.max(1, Math.ceil(plainLength / PLAIN_CHUNK));
}

/** How many chunks a sealed payload of this length holds, or null for a length age never writes. */
export function chunkCount(sealed: number): number | null {
  if (sealed < TAG_BYTES) return null;
  const last = sealed % SEALED_CHUNK;
  if (sealed > TAG_BYTES && last > 0 && last <= TAG_BYTES) return null;
  return Math.max(1, Math.ceil(sealed / SEALED_CHUNK));
}

/** A chunk that failed: its index, so a damaged backup can say where. */
export class ChunkError extends Error {
  override readonly name = 'ChunkError';
  constructor(
    readonly chunk: number,
    message: string,
  ) {
    super(`${message} (chunk ${chunk})`);
  }
}

/**
 * Seals `source` into blocks of up to BLOCK_CHUNKS chunks, each yielded as
 * the parts to write, in order. Input is gathered into one reused 1 MiB
 * block; a full block is sealed only when more input arrives, so the end of
 * the source always finds the final chunk unsealed and can flag it. Each
 * input piece is copied before the next is asked for, so the source may
 * reuse a piece's memory from then on (the backup writer does).
 */
export async function* sealPayload(source: AsyncIterable<Uint8Array>, cipher: ChunkCipher, key: Uint8Array): AsyncGenerator<Uint8Array[]> {
  const block = Buffer.allocUnsafe(BLOCK_CHUNKS * PLAIN_CHUNK);
  let filled = 0;
  let index = 0;
  const seal = (final: boolean): Uint8Array[] => {
    const parts: Uint8Array[] = [];
    const count = Math.max(1, Math.ceil(filled / PLAIN_CHUNK));
    for (let i = 0; i < count; i++) {
      const plain = block.subarray(i * PLAIN_CHUNK, Math.min(filled, (i + 1) * PLAIN_CHUNK));
      parts.push(...cipher.seal(key, chunkNonce(index++, final && i === count - 1), plain));
    }
    return parts;
  };
  try {
    for await (const piece of source) {
      let offset = 0;
      while (offset < piece.length) {
        if (filled === block.length) {
          yield seal(false);
          filled = 0;
        }
        const n = Math.min(block.length - filled, piece.length - offset);
        block.set(piece.subarray(offset, offset + n), filled);
        filled += n;
        offset += n;
      }
    }
    yield seal(true);
  } finally {
    block.fill(0);
  }
}

/**
 * Opens consecutive sealed chunks, the first being chunk `first` of a payload
 * of `total` chunks. Throws ChunkError at the first that does not authenticate.
 */
export function openChunks(cipher: ChunkCipher, key: Uint8Array, sealed: Uint8Array, first: number, total: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let offset = 0, index = first; offset < sealed.length; offset += SEALED_CHUNK, index++) {
    const last = index === total - 1;
    const chunk = sealed.subarray(offset, offset + SEALED_CHUNK);
    if (!last && chunk.length !== SEALED_CHUNK) throw new ChunkError(index, 'short chunk before the end');
    const plain = cipher.open(key, chunkNonce(index, last), chunk);
    if (plain === null) throw new ChunkError(index, 'chunk does not authenticate');
    if (last && index > 0 && plain.length === 0) throw new ChunkError(index, 'empty final chunk');
    out.push(plain);
  }
  return out;
}
