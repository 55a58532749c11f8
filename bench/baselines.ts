import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newBlobHeader } from '../src/main/core/blob-format';
import { argon2id, DEFAULT_KDF } from '../src/main/core/crypto/kdf';
import { CHUNK_SIZE, TAG_SIZE, sealChunkInto } from '../src/main/core/crypto/stream-aead';
import { planSampleData, renderPlannedDocument } from '../src/main/core/demo/generator';
import { medianOf } from './stats';

/** The same Argon2id derivation unlock does, alone: the physical floor of an unlock. */
export async function bareKdfMs(runs: number): Promise<number> {
  const password = Buffer.from('benchmark password 1');
  const salt = Buffer.alloc(16, 7);
  return medianOf(runs, 1, async () => {
    await argon2id(password, salt, DEFAULT_KDF);
  });
}

export interface FileSet {
  dir: string;
  files: string[];
  bytes: number;
}

/** Writes a realistic mix of documents (many small scans, some multi-MB PDFs, a few large files) totalling ~`bytes`. */
export function writeFileSet(dir: string, bytes: number, seed = 8): FileSet {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const plan = planSampleData({ clients: 50, documents: 20_000, seed, realisticSizes: true });
  const files: string[] = [];
  let total = 0;
  for (let i = 0; i < plan.documents.length && total < bytes; i++) {
    const data = renderPlannedDocument(plan, i);
    const path = join(dir, `${String(i).padStart(5, '0')}-${plan.documents[i]?.name ?? 'doc'}`);
    writeFileSync(path, data);
    files.push(path);
    total += data.length;
  }
  return { dir, files, bytes: total };
}

/** `cp -r` of the files followed by `sync`: what copying to a folder costs on this disk. */
export function cpSyncMs(source: string, target: string): number {
  rmSync(target, { recursive: true, force: true });
  spawnSync('sync');
  const t = performance.now();
  const cp = spawnSync('cp', ['-r', source, target]);
  if (cp.status !== 0) throw new Error(`cp failed: ${cp.stderr.toString()}`);
  spawnSync('sync');
  const ms = performance.now() - t;
  rmSync(target, { recursive: true, force: true });
  return ms;
}

/** `tar -c DIR | age -r RECIPIENT > FILE` with the standard tools, then `sync`. */
export function tarAgeMs(dir: string, recipient: string, out: string): number {
  rmSync(out, { force: true });
  spawnSync('sync');
  const t = performance.now();
  const r = spawnSync('sh', ['-c', 'tar -C "$1" -cf - . | age -r "$2" > "$3" && sync', 'sh', dir, recipient, out]);
  if (r.status !== 0) throw new Error(`tar | age failed (is Debian's age installed?): ${r.stderr.toString()}`);
  const ms = performance.now() - t;
  rmSync(out, { force: true });
  return ms;
}

/**
 * What an import must compute, alone: SHA-256 and the 64 KiB AES-256-GCM
 * chunks of every file, read from memory on one thread, nothing written. The
 * import cannot be faster than this on one core.
 */
export function importCryptoMs(files: readonly string[]): Promise<number> {
  const contents = files.map((f) => readFileSync(f));
  const key = randomBytes(32);
  const out = Buffer.allocUnsafe(CHUNK_SIZE + TAG_SIZE);
  return medianOf(3, 1, () => {
    for (const data of contents) {
      const header = newBlobHeader(randomBytes(16));
      createHash('sha256').update(data).digest();
      const chunks = Math.max(1, Math.ceil(data.length / CHUNK_SIZE));
      for (let i = 0; i < chunks; i++) {
        const piece = data.subarray(i * CHUNK_SIZE, (i + 1) * CHUNK_SIZE);
        sealChunkInto(out, 0, key, header.noncePrefix, i, i === chunks - 1, header.bytes, piece);
      }
    }
  });
}

export function hasAge(): boolean {
  return spawnSync('age', ['--version']).status === 0;
}

export function writeFileDurably(path: string, data: Buffer): void {
  writeFileSync(path, data);
}
