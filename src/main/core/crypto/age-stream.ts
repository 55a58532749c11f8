import { hkdfSync } from 'node:crypto';
import { CHACHA_TAG_BYTES as TAG_BYTES, chachaOpenInto, chachaSealInto } from './chacha20-poly1305';

/**
 * age v1's payload (age-encryption.org/v1, "Payload"): after the header, a
 * 16-byte nonce; the payload key is HKDF-SHA256(file key, salt = nonce,
 * info = "payload"); the plaintext is cut into 64 KiB chunks, each sealed with
 * ChaCha20-Poly1305 under the nonce 11-byte big-endian counter ‖ last flag.
 * Only the last chunk may be short, it may be full, and it is empty only when
 * it is the only chunk. No file I/O here: age-file.ts reads and writes.
 * Chunks are sealed and opened in place, in blocks of up to 16 chunks laid
 * out as they are on disk (each chunk's plaintext in the slot its ciphertext
 * and tag will fill), so no chunk gets a buffer of its own.
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

/** Writes the nonce of chunk `index` into `nonce` (12 bytes): 11-byte big-endian counter ‖ last flag. */
export function chunkNonceInto(nonce: Buffer, index: number, last: boolean): Buffer {
  if (!Number.isSafeInteger(index) || index < 0 || index >= MAX_CHUNKS) throw new RangeError('age chunk counter out of range');
  nonce.fill(0, 0, 5);
  nonce.writeUIntBE(index, 5, 6);
  nonce[11] = last ? 1 : 0;
  return nonce;
}

export function chunkNonce(index: number, last: boolean): Buffer {
  return chunkNonceInto(Buffer.alloc(12), index, last);
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
 * one buffer to write, in order. Input is copied into the slots of one of two
 * reused blocks and sealed there; a full block is sealed only when more input
 * arrives, so the end of the source always finds the final chunk unsealed and
 * can flag it. Each input piece is copied before the next is asked for, so
 * the source may reuse a piece's memory from then on (the backup writer
 * does). A yielded block stays untouched until the generator is resumed a
 * second time: one block can be written while the next is sealed.
 */
export async function* sealPayload(source: AsyncIterable<Uint8Array>, key: Uint8Array): AsyncGenerator<Buffer> {
  const blocks = [Buffer.allocUnsafeSlow(BLOCK_CHUNKS * SEALED_CHUNK), Buffer.allocUnsafeSlow(BLOCK_CHUNKS * SEALED_CHUNK)] as const;
  const nonce = Buffer.alloc(12);
  let turn = 0;
  let block: Buffer = blocks[0];
  let filled = 0;
  let index = 0;
  const seal = (final: boolean): Buffer => {
    const count = Math.max(1, Math.ceil(filled / PLAIN_CHUNK));
    let end = 0;
    for (let i = 0; i < count; i++) {
      const length = Math.min(PLAIN_CHUNK, filled - i * PLAIN_CHUNK);
      const slot = block.subarray(i * SEALED_CHUNK, i * SEALED_CHUNK + length + TAG_BYTES);
      chachaSealInto(slot, slot.subarray(0, length), null, chunkNonceInto(nonce, index++, final && i === count - 1), key);
      end = i * SEALED_CHUNK + slot.length;
    }
    const sealed = block.subarray(0, end);
    block = blocks[++turn % 2] ?? blocks[0];
    filled = 0;
    return sealed;
  };
  try {
    for await (const piece of source) {
      let offset = 0;
      while (offset < piece.length) {
        if (filled === BLOCK_CHUNKS * PLAIN_CHUNK) yield seal(false);
        // Into the current chunk's slot, up to its end.
        const inChunk = filled % PLAIN_CHUNK;
        const n = Math.min(PLAIN_CHUNK - inChunk, piece.length - offset);
        block.set(piece.subarray(offset, offset + n), Math.floor(filled / PLAIN_CHUNK) * SEALED_CHUNK + inChunk);
        filled += n;
        offset += n;
      }
    }
    yield seal(true);
  } finally {
    // Only the block being gathered may hold plaintext; the other holds ciphertext, perhaps still being written.
    block.fill(0);
  }
}

/**
 * Opens consecutive sealed chunks in place, the first being chunk `first` of
 * a payload of `total` chunks; returns each chunk's plaintext as a view into
 * `sealed`. Throws ChunkError at the first that does not authenticate.
 */
export function openChunks(key: Uint8Array, sealed: Buffer, first: number, total: number): Buffer[] {
  const out: Buffer[] = [];
  const nonce = Buffer.alloc(12);
  for (let offset = 0, index = first; offset < sealed.length; offset += SEALED_CHUNK, index++) {
    const last = index === total - 1;
    const chunk = sealed.subarray(offset, offset + SEALED_CHUNK);
    if (!last && chunk.length !== SEALED_CHUNK) throw new ChunkError(index, 'short chunk before the end');
    if (chunk.length < TAG_BYTES) throw new ChunkError(index, 'chunk does not authenticate');
    const plain = chunk.subarray(0, chunk.length - TAG_BYTES);
    if (!chachaOpenInto(plain, chunk, null, chunkNonceInto(nonce, index, last), key)) throw new ChunkError(index, 'chunk does not authenticate');
    if (last && index > 0 && plain.length === 0) throw new ChunkError(index, 'empty final chunk');
    out.push(plain);
  }
  return out;
}
