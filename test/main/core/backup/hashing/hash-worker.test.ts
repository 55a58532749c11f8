import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HashWorker } from '../../../../../src/main/core/backup/hashing/hash-worker';
import { DigestChecks, hashFiles } from '../../../../../src/main/core/backup/hashing/parallel-hash';
import { isBackupError } from '../../../../../src/main/core/backup/backup-errors';
import { isVaultError } from '../../../../../src/main/core/errors';

/**
 * The hash worker against a plain, one-by-one SHA-256: files of sizes around
 * the 1 MiB stage (the unit the worker reads in and hands over in), several
 * small files packed into one stage, files split across stages, and the
 * verification path fed pieces of odd sizes.
 */
const STAGE = 1024 * 1024;
const SIZES = [0, 1, 511, STAGE - 1, STAGE, STAGE + 1, 2 * STAGE - 1, 2 * STAGE, 2 * STAGE + 1, 3 * STAGE + 12_345, 100_000, 300_000, 700_001, 0, 2];

let root: string;
let files: { path: string; bytes: Buffer }[];
const workers: HashWorker[] = [];
const worker = () => {
  const w = new HashWorker();
  workers.push(w);
  return w;
};
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'zd-hash-worker-'));
  // Many small files (they share stages) around the boundary sizes.
  const sizes = [...SIZES, ...Array.from({ length: 40 }, (_, i) => (i * 37_813) % 250_000)];
  files = sizes.map((size, i) => {
    const path = join(root, `f-${i}-${size}`);
    const bytes = randomBytes(size);
    writeFileSync(path, bytes);
    return { path, bytes };
  });
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.close()));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('hash worker', () => {
  it('first pass: two workers sharing the list give every file its size and SHA-256, in order', async () => {
    let reported = 0;
    const hashes = await hashFiles(files.map((f) => f.path), [worker(), worker()], { onHashed: (done) => (reported = done) });
    expect(hashes).toEqual(files.map((f) => ({ size: f.bytes.length, sha256: sha256(f.bytes) })));
    expect(reported).toBe(files.length);
  });

  it('first pass: a missing file is vault-changed, named by its file name', async () => {
    const paths = [...files.map((f) => f.path)];
    paths.splice(5, 0, join(root, 'gone'));
    await expect(hashFiles(paths, [worker(), worker()])).rejects.toSatisfy((e) => isBackupError(e, 'vault-changed') && e.detail === 'gone');
  });

  it('first pass: an aborted signal stops it as CANCELLED', async () => {
    const controller = new AbortController();
    const run = hashFiles(files.map((f) => f.path), [worker()], {
      signal: controller.signal,
      onHashed: (done) => {
        if (done === 2) controller.abort();
      },
    });
    await expect(run).rejects.toSatisfy((e) => isVaultError(e, 'CANCELLED'));
  });

  it('second pass: each file comes back whole, in order, with the SHA-256 of exactly those bytes', async () => {
    const w = worker();
    const ids = w.readFiles(files.map((f) => ({ path: f.path, size: f.bytes.length })));
    for (const [index, file] of files.entries()) {
      const parts: Buffer[] = [];
      for (;;) {
        const piece = await w.nextPiece(ids[index] ?? 0);
        // Copied: the stage goes back to the worker and is filled again.
        if (piece.data) parts.push(Buffer.from(piece.data));
        w.consumed();
        if (piece.end) {
          expect(piece.end).toEqual({ size: file.bytes.length, sha256: sha256(file.bytes) });
          break;
        }
      }
      expect(Buffer.concat(parts).equals(file.bytes), file.path).toBe(true);
    }
  });

  it('second pass: a file longer or shorter than expected ends with its real length (at most one byte over)', async () => {
    const w = worker();
    const big = files.find((f) => f.bytes.length === 2 * STAGE + 1);
    const small = files.find((f) => f.bytes.length === 300_000);
    if (!big || !small) throw new Error('fixture');
    const ids = w.readFiles([
      { path: big.path, size: 2 * STAGE - 5 },
      { path: small.path, size: 300_001 },
      { path: join(root, 'gone'), size: 10 },
    ]);
    const ends: unknown[] = [];
    for (const id of ids.slice(0, 2)) {
      for (;;) {
        const piece = await w.nextPiece(id);
        w.consumed();
        if (piece.end) {
          ends.push(piece.end.size);
          break;
        }
      }
    }
    expect(ends).toEqual([2 * STAGE - 4, 300_000]);
    await expect(w.nextPiece(ids[2] ?? 0)).rejects.toMatchObject({ code: 'ENOENT' });
    await w.stopReading();
  });

  it('verification: entries copied in pieces of odd sizes hash as they would one by one', async () => {
    const w = worker();
    const checks = new DigestChecks((name) => new Error(`mismatch ${name}`));
    for (const file of files) {
      const id = w.entry();
      for (let offset = 0, step = 1; offset < file.bytes.length; offset += step, step = (step * 7 + 13_001) % 200_003) {
        await w.copy(id, file.bytes.subarray(offset, offset + step));
      }
      checks.add(file.path, sha256(file.bytes), w.end(id));
    }
    await expect(checks.drain()).resolves.toBeUndefined();
  });

  it('verification: the first entry that differs is the one named, whatever the timing', async () => {
    const w = worker();
    const checks = new DigestChecks((name) => new Error(`mismatch ${name}`));
    // add() throws as soon as a mismatch at the front is known; drain() otherwise.
    const run = async () => {
      for (const [index, file] of files.entries()) {
        const id = w.entry();
        await w.copy(id, file.bytes);
        checks.add(`entry ${index}`, index === 7 || index === 9 ? '0'.repeat(64) : sha256(file.bytes), w.end(id));
      }
      await checks.drain();
    };
    await expect(run()).rejects.toThrow('mismatch entry 7');
    expect(await checks.firstFailure()).toMatchObject({ message: 'mismatch entry 7' });
  });
});
