import { randomBytes, createHash } from 'node:crypto';
import { mkdtempSync, rmSync, readFileSync, writeFileSync, existsSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BlobStore, newBlobId } from '../../../../src/main/core/blobs/blob-store';
import { HEADER_SIZE } from '../../../../src/main/core/blobs/blob-format';
import { CHUNK_SIZE, TAG_SIZE } from '../../../../src/main/core/crypto/stream-aead';
import { isVaultError } from '../../../../src/main/core/errors';

let dir: string;
let store: BlobStore;
const key = randomBytes(32);
const SEALED = CHUNK_SIZE + TAG_SIZE;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zd-blob-'));
  store = new BlobStore(join(dir, 'blobs'));
  await store.init();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function put(data: Buffer): Promise<string> {
  const id = newBlobId();
  const written = await store.writeFromBuffer(id, key, data);
  expect(written.size).toBe(data.length);
  expect(written.sha256).toBe(createHash('sha256').update(data).digest('hex'));
  return id;
}

async function tampered(id: string, k: Buffer = key): Promise<boolean> {
  try {
    await store.verify(id, k);
    return false;
  } catch (err) {
    return isVaultError(err, 'TAMPERED');
  }
}

describe('blob store', () => {
  it.each([0, 1, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 3 * CHUNK_SIZE, 3 * CHUNK_SIZE + 17])(
    'round-trips %i bytes',
    async (size) => {
      const data = randomBytes(size);
      const id = await put(data);
      expect((await store.readAll(id, key, size + 1)).equals(data)).toBe(true);
      const file = readFileSync(store.pathFor(id));
      expect(file.length).toBe(HEADER_SIZE + Math.max(1, Math.ceil(size / CHUNK_SIZE)) * TAG_SIZE + size);
    },
  );

  // Files from disk are sealed on worker threads (blob-writer.worker.ts) and read back here: both must agree.
  it.each([0, 1, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 16 * CHUNK_SIZE - 1, 16 * CHUNK_SIZE, 16 * CHUNK_SIZE + 1, 32 * CHUNK_SIZE + 17])(
    'round-trips a %i-byte file sealed on a worker thread',
    async (size) => {
      const data = randomBytes(size);
      const src = join(dir, `src-${size}.bin`);
      writeFileSync(src, data);
      const id = newBlobId();
      const written = await store.writeFromFile(id, key, src);
      expect(written).toEqual({ blobId: id, size, sha256: createHash('sha256').update(data).digest('hex') });
      expect((await store.readAll(id, key, size + 1)).equals(data)).toBe(true);
      expect(readFileSync(store.pathFor(id)).length).toBe(HEADER_SIZE + Math.max(1, Math.ceil(size / CHUNK_SIZE)) * TAG_SIZE + size);
    },
  );

  it('a worker-thread write names a missing source, stops when cancelled, and leaves no temp file', async () => {
    await expect(store.writeFromFile(newBlobId(), key, join(dir, '不存在.pdf'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const src = join(dir, 'cancel.bin');
    writeFileSync(src, randomBytes(64 * 1024 * 1024));
    const controller = new AbortController();
    const id = newBlobId();
    const writing = store.writeFromFile(id, key, src, { signal: controller.signal });
    setTimeout(() => controller.abort(), 5);
    await expect(writing).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(existsSync(store.pathFor(id))).toBe(false);
    expect(readdirSync(store.tmpDir)).toEqual([]);
  });

  it('a worker-thread write that cannot name its blob leaves nothing under either name', async () => {
    const src = join(dir, 'named.bin');
    writeFileSync(src, randomBytes(200_000));
    // The blob's folder cannot be created: a file already holds its name.
    let id = newBlobId();
    while (existsSync(dirname(store.pathFor(id)))) id = newBlobId();
    writeFileSync(dirname(store.pathFor(id)), 'in the way');
    try {
      await expect(store.writeFromFile(id, key, src)).rejects.toMatchObject({ code: expect.any(String) });
      expect(readdirSync(store.tmpDir)).toEqual([]);
      expect(statSync(dirname(store.pathFor(id))).isFile()).toBe(true);
    } finally {
      rmSync(dirname(store.pathFor(id)));
    }
    // Named and synced by the worker: readable at its name, the temp folder empty.
    const data = randomBytes(3 * CHUNK_SIZE + 7);
    writeFileSync(src, data);
    const written = await store.writeFromFile(id, key, src);
    expect(written.size).toBe(data.length);
    expect(readdirSync(store.tmpDir)).toEqual([]);
    const plain: Buffer[] = [];
    for await (const piece of store.decrypt(id, key)) plain.push(Buffer.from(piece));
    expect(Buffer.concat(plain).equals(data)).toBe(true);
  });

  it('stores no plaintext and leaves no temp file', async () => {
    const marker = Buffer.from('ZD-MARKER-明文-'.repeat(5000));
    const id = await put(marker);
    expect(readFileSync(store.pathFor(id)).includes(Buffer.from('ZD-MARKER'))).toBe(false);
    expect(readdirSync(store.tmpDir)).toEqual([]);
  });

  it('refuses the wrong key', async () => {
    const id = await put(randomBytes(1000));
    expect(await tampered(id, randomBytes(32))).toBe(true);
  });

  it('detects truncation at a chunk boundary, mid-chunk, and to the header', async () => {
    const data = randomBytes(3 * CHUNK_SIZE + 100);
    for (const cut of [HEADER_SIZE, HEADER_SIZE + SEALED, HEADER_SIZE + 2 * SEALED, HEADER_SIZE + SEALED + 5, HEADER_SIZE + 3 * SEALED + 50, 10]) {
      const id = await put(data);
      const path = store.pathFor(id);
      writeFileSync(path, readFileSync(path).subarray(0, cut));
      expect(await tampered(id), `cut at ${cut}`).toBe(true);
    }
  });

  it('detects appended bytes and an appended copy of the final chunk', async () => {
    const data = randomBytes(2 * CHUNK_SIZE + 10);
    const id = await put(data);
    const path = store.pathFor(id);
    const original = readFileSync(path);
    writeFileSync(path, Buffer.concat([original, Buffer.from([0])]));
    expect(await tampered(id)).toBe(true);
    writeFileSync(path, Buffer.concat([original, original.subarray(HEADER_SIZE + 2 * SEALED)]));
    expect(await tampered(id)).toBe(true);
  });

  it('detects reordered and duplicated chunks', async () => {
    const data = randomBytes(3 * CHUNK_SIZE);
    const id = await put(data);
    const path = store.pathFor(id);
    const f = readFileSync(path);
    const header = f.subarray(0, HEADER_SIZE);
    const c = [0, 1, 2].map((i) => f.subarray(HEADER_SIZE + i * SEALED, HEADER_SIZE + (i + 1) * SEALED));
    writeFileSync(path, Buffer.concat([header, c[1]!, c[0]!, c[2]!]));
    expect(await tampered(id)).toBe(true);
    writeFileSync(path, Buffer.concat([header, c[0]!, c[0]!, c[2]!]));
    expect(await tampered(id)).toBe(true);
    writeFileSync(path, Buffer.concat([header, c[0]!, c[2]!]));
    expect(await tampered(id)).toBe(true);
  });

  it('detects two blobs swapped, even under the same key', async () => {
    const a = await put(randomBytes(5000));
    const b = await put(randomBytes(5000));
    const fa = readFileSync(store.pathFor(a));
    const fb = readFileSync(store.pathFor(b));
    writeFileSync(store.pathFor(a), fb);
    writeFileSync(store.pathFor(b), fa);
    expect(await tampered(a)).toBe(true);
    expect(await tampered(b)).toBe(true);
  });

  it('detects a flipped byte anywhere', async () => {
    const id = await put(randomBytes(CHUNK_SIZE + 300));
    const path = store.pathFor(id);
    const original = readFileSync(path);
    for (const pos of [0, 8, 9, 12, 27, 28, 35, HEADER_SIZE, HEADER_SIZE + SEALED - 1, HEADER_SIZE + SEALED, original.length - 1]) {
      const copy = Buffer.from(original);
      copy[pos] = copy[pos]! ^ 0x01;
      writeFileSync(path, copy);
      expect(await tampered(id), `flip at ${pos}`).toBe(true);
    }
  });

  it('exports only after the last chunk verified, and never overwrites unless asked', async () => {
    const data = randomBytes(2 * CHUNK_SIZE + 5);
    const id = await put(data);
    const out = join(dir, '导出 文件 😀.bin');
    expect(await store.exportTo(id, key, out, false)).toBe(data.length);
    expect(readFileSync(out).equals(data)).toBe(true);
    await expect(store.exportTo(id, key, out, false)).rejects.toSatisfy((e) => isVaultError(e, 'ALREADY_EXISTS'));
    await store.exportTo(id, key, out, true);
    // Damage the final chunk: nothing may appear under the target name, and no temp file stays.
    const path = store.pathFor(id);
    const f = readFileSync(path);
    f[f.length - 1] = f[f.length - 1]! ^ 0xff;
    writeFileSync(path, f);
    const target = join(dir, 'never.bin');
    await expect(store.exportTo(id, key, target, false)).rejects.toSatisfy((e) => isVaultError(e, 'TAMPERED'));
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(dir).filter((n) => n.includes('zdpart'))).toEqual([]);
  });

  it('encrypts a large file with flat memory', async () => {
    const { openSync, writeSync, closeSync } = await import('node:fs');
    const block = randomBytes(4 * 1024 * 1024);
    const bigFile = (name: string, size: number) => {
      const path = join(dir, name);
      const fd = openSync(path, 'w');
      for (let i = 0; i < size / block.length; i++) writeSync(fd, block);
      closeSync(fd);
      return path;
    };
    /** Peak RSS growth while a file is encrypted (on the worker threads) and verified (here). */
    const growth = async (src: string, size: number) => {
      global.gc?.();
      const before = process.memoryUsage().rss;
      let peak = before;
      const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
      const id = newBlobId();
      await store.writeFromFile(id, key, src);
      const verified = await store.verify(id, key);
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage().rss);
      expect(verified.size).toBe(size);
      expect(statSync(store.pathFor(id)).size).toBe(HEADER_SIZE + size + (size / CHUNK_SIZE) * TAG_SIZE);
      return peak - before;
    };
    const MiB = 1024 * 1024;
    // The worker threads start with the first file: a fixed cost, paid here.
    const small = await growth(bigFile('small.bin', 64 * MiB), 64 * MiB);
    const large = await growth(bigFile('large.bin', 256 * MiB), 256 * MiB);
    // Four times the file, not four times the memory: each thread's garbage waits for its collector
    // (V8 collects after about 64 MiB of buffers), whatever the file's size.
    expect(large).toBeLessThan(small + 32 * MiB);
    expect(large).toBeLessThan(128 * MiB);
  });
});
