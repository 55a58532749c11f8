import { randomBytes } from 'node:crypto';
import { BLOCK_CHUNKS, PLAIN_CHUNK, openChunks, sealPayload } from '../src/main/core/crypto/age-stream';

/**
 * The age payload alone (STREAM over libsodium's ChaCha20-Poly1305, in
 * memory, no file I/O): what a backup's encryption and verification cost per
 * MiB before the disk and the tar layer. The same code runs under Node and
 * Electron. Standalone: `npx tsx bench/age-payload.ts [MiB]`.
 */

export interface PayloadRate {
  encrypt_mib_s: number;
  decrypt_mib_s: number;
}

const MiB = 1024 * 1024;

/** `bytes` of plaintext as 1 MiB pieces of one random block (the cipher does not care). */
async function* plaintext(bytes: number, block: Buffer): AsyncGenerator<Buffer> {
  for (let left = bytes; left > 0; left -= block.length) yield block.subarray(0, Math.min(left, block.length));
}

async function rate(bytes: number): Promise<PayloadRate> {
  const key = randomBytes(32);
  const block = randomBytes(BLOCK_CHUNKS * PLAIN_CHUNK);
  let first: Buffer | null = null;
  const t0 = performance.now();
  for await (const sealed of sealPayload(plaintext(bytes, block), key)) first ??= Buffer.from(sealed);
  const encryptMs = performance.now() - t0;
  if (!first) throw new Error('nothing sealed');
  // Decrypt throughput: the first sealed block (chunks 0–15, none final) opened over and over, in place
  // like the reader does, from a fresh copy each time.
  const sealedBlock = first;
  const work = Buffer.allocUnsafe(sealedBlock.length);
  const blocks = Math.max(1, Math.round(bytes / block.length));
  let openMs = 0;
  for (let i = 0; i < blocks; i++) {
    sealedBlock.copy(work);
    const t = performance.now();
    openChunks(key, work, 0, Number.MAX_SAFE_INTEGER);
    openMs += performance.now() - t;
  }
  const decrypted = blocks * Math.min(bytes, block.length);
  return {
    encrypt_mib_s: Math.round(bytes / MiB / (encryptMs / 1000)),
    decrypt_mib_s: Math.round(decrypted / MiB / (openMs / 1000)),
  };
}

/** Encrypt and decrypt MiB/s of `bytes` of payload. */
export async function measureAgePayload(bytes: number): Promise<PayloadRate> {
  await rate(8 * MiB); // warm-up
  return rate(bytes);
}

if (process.argv[1]?.endsWith('age-payload.ts')) {
  const mib = Number(process.argv[2] ?? 256);
  measureAgePayload(mib * MiB).then(
    (figures) => console.log(JSON.stringify({ mib, ...figures })),
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
