import { randomBytes } from 'node:crypto';
import { NONCE_PREFIX_SIZE } from '../crypto/stream-aead';

/**
 * Encrypted blob file layout (all integers big-endian):
 *   0  magic "ZDBLOB\0\x01" (8)
 *   8  format version u8 = 1
 *   9  log2(chunk size) u8 = 16
 *  10  reserved u16 = 0
 *  12  blob id (16)
 *  28  nonce prefix (7)
 *  35  reserved u8 = 0
 *  36  chunks: ciphertext || 16-byte tag, each chunk 64 KiB of plaintext except the last
 * The whole 36-byte header is the associated data of every chunk.
 */
export const BLOB_MAGIC = Buffer.from('ZDBLOB\0\x01', 'latin1');
export const BLOB_VERSION = 1;
export const HEADER_SIZE = 36;
const CHUNK_LOG2 = 16;

export interface BlobHeader {
  blobId: Buffer;
  noncePrefix: Buffer;
  bytes: Buffer;
}

export function newBlobHeader(blobId: Buffer): BlobHeader {
  const bytes = Buffer.alloc(HEADER_SIZE);
  BLOB_MAGIC.copy(bytes, 0);
  bytes[8] = BLOB_VERSION;
  bytes[9] = CHUNK_LOG2;
  blobId.copy(bytes, 12);
  const noncePrefix = randomBytes(NONCE_PREFIX_SIZE);
  noncePrefix.copy(bytes, 28);
  return { blobId, noncePrefix, bytes };
}

export type HeaderProblem = 'magic' | 'version' | 'blob-id';

/** Parses a header and checks it belongs to the expected blob. */
export function parseBlobHeader(bytes: Buffer, expectedId: Buffer): BlobHeader | HeaderProblem {
  if (bytes.length !== HEADER_SIZE || !bytes.subarray(0, 8).equals(BLOB_MAGIC)) return 'magic';
  if (bytes[8] !== BLOB_VERSION || bytes[9] !== CHUNK_LOG2 || bytes.readUInt16BE(10) !== 0 || bytes[35] !== 0) return 'version';
  const blobId = bytes.subarray(12, 28);
  if (!blobId.equals(expectedId)) return 'blob-id';
  return { blobId: Buffer.from(blobId), noncePrefix: Buffer.from(bytes.subarray(28, 35)), bytes: Buffer.from(bytes) };
}
