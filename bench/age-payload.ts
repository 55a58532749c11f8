import { randomBytes } from 'node:crypto';
import { BLOCK_CHUNKS, PLAIN_CHUNK, openChunks, sealPayload } from '../src/main/core/backup/format/age-stream';
import { hasNativeChaCha, payloadCipher, type ChunkCipher, type PayloadCipherName } from '../src/main/core/backup/format/chacha';

/**
 * The age payload alone (STREAM over ChaCha20-Poly1305, in memory, no file
 * I/O) with each backend: what a backup's encryption and verification cost
 * per MiB before the disk and the tar layer. Standalone: `npx tsx bench/age-payload.ts [MiB]`.
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

async function rate(cipher: ChunkCipher, bytes: number): Promise<PayloadRate> {
  const key = randomBytes(32);
  const block = randomBytes(BLOCK_CHUNKS * PLAIN_CHUNK);
  let first: Buffer | null = null;
  const t0 = performance.now();
  for await (const parts of sealPayload(plaintext(bytes, block), cipher, key)) first ??= Buffer.concat(parts);
  const encryptMs = performance.now() - t0;
  if (!first) throw new Error('nothing sealed');
  // Decrypt throughput: the first sealed block (chunks 0–15, none final) opened over and over.
  const sealedBlock = first;
  const blocks = Math.max(1, Math.round(bytes / block.length));
  const t1 = performance.now();
  for (let i = 0; i < blocks; i++) openChunks(cipher, key, sealedBlock, 0, Number.MAX_SAFE_INTEGER);
  const decryptMs = performance.now() - t1;
  const decrypted = blocks * Math.min(bytes, block.length);
  return {
    encrypt_mib_s: Math.round(bytes / MiB / (encryptMs / 1000)),
    decrypt_mib_s: Math.round(decrypted / MiB / (decryptMs / 1000)),
  };
}

/** Encrypt and decrypt MiB/s of `bytes` of payload per backend; native is null where node:crypto lacks the cipher. */
export async function measureAgePayload(bytes: number): Promise<Record<PayloadCipherName, PayloadRate | null>> {
  const out: Record<PayloadCipherName, PayloadRate | null> = { native: null, wasm: null };
  for (const name of ['native', 'wasm'] as const) {
    if (name === 'native' && !hasNativeChaCha()) continue;
    const cipher = await payloadCipher(name);
    await rate(cipher, 8 * MiB); // warm-up: JIT, WebAssembly tier-up
    out[name] = await rate(cipher, bytes);
  }
  return out;
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
