import { execFileSync, spawnSync } from 'node:child_process';
import { createCipheriv } from 'node:crypto';
import { mkdtempSync, promises as fsp, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgeFileReader, ageFileLength, encryptTo, type ReadKey } from '../../../../src/main/core/backup/format/age-file';
import { ChunkError, chunkNonce, openChunks, payloadKey, PLAIN_CHUNK } from '../../../../src/main/core/crypto/age-stream';
import { isBackupError, type BackupProblem } from '../../../../src/main/core/backup/backup-errors';
import { createBackup } from '../../../../src/main/core/backup/create-backup';
import { verifyBackup } from '../../../../src/main/core/backup/read-backup';
import { newRecoveryIdentity } from '../../../../src/main/core/keys/age-keys';
import { seededRandom } from '../../../helpers/seeded-random';
import { APP_VERSION, makeVault, type TestVault } from './fixtures';

/**
 * The age payload written and read by this code (libsodium's ChaCha20-Poly1305,
 * the same under Node and Electron), against Go's age (Debian's `age`) and
 * chunks hand-sealed with OpenSSL's ChaCha20-Poly1305.
 */
const BLOCK = 16 * PLAIN_CHUNK;

let root: string;
let identity: string;
let recipient: string;
let identityFile: string;
let n = 0;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'zd-age-payload-'));
  ({ identity, recipient } = await newRecoveryIdentity());
  identityFile = join(root, 'identity.txt');
  writeFileSync(identityFile, `${identity}\n`, { mode: 0o600 });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The plaintext in uneven pieces, so pieces straddle chunk and block edges. */
async function* pieces(plain: Buffer): AsyncGenerator<Buffer> {
  const sizes = [1, 511, 100_000, 700_000, 65_536, 3];
  for (let offset = 0, i = 0; offset < plain.length; i++) {
    const size = sizes[i % sizes.length] ?? 1;
    yield plain.subarray(offset, offset + size);
    offset += size;
  }
}

async function writeAge(plain: Buffer): Promise<{ path: string; fileKey: Uint8Array }> {
  const path = join(root, `file-${++n}.age`);
  const handle = await fsp.open(path, 'w');
  try {
    const { readKey } = await encryptTo(pieces(plain), handle, { recipients: [recipient] });
    if (!('fileKey' in readKey)) throw new Error('no file key');
    return { path, fileKey: readKey.fileKey };
  } finally {
    await handle.close();
  }
}

async function readAge(path: string, key: ReadKey): Promise<Buffer> {
  const reader = await AgeFileReader.open(path, key);
  try {
    const parts: Buffer[] = [];
    // Copied: a piece is a view into the reader's blocks, reused two blocks later.
    for await (const part of reader.plaintext()) parts.push(Buffer.from(part));
    return Buffer.concat(parts);
  } finally {
    await reader.close();
  }
}

/** One chunk sealed by OpenSSL (plain Node has its ChaCha20-Poly1305): independent of the code under test. */
function opensslSeal(key: Uint8Array, nonce: Uint8Array, plain: Uint8Array): Buffer {
  const cipher = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
  const body = cipher.update(plain);
  cipher.final();
  return Buffer.concat([body, cipher.getAuthTag()]);
}

function goAgeDecrypt(path: string): { ok: boolean; out: Buffer } {
  const res = spawnSync('age', ['-d', '-i', identityFile, path], { maxBuffer: 256 * 1024 * 1024 });
  return { ok: res.status === 0, out: res.stdout };
}

/** Reading `path` fails for one of `reasons`; returns the detail. */
async function expectRefused(path: string, reasons: BackupProblem[]): Promise<string> {
  const error = await readAge(path, { identity }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(isBackupError(error), String(error)).toBe(true);
  if (!isBackupError(error)) return '';
  expect(reasons, `${error.reason} ${error.detail}`).toContain(error.reason);
  return error.detail;
}

describe('age payload', () => {
  const sizes = [0, 1, 65_535, 65_536, 65_537, BLOCK - 1, BLOCK, BLOCK + 1, 2 * BLOCK, 3 * BLOCK + 5 * PLAIN_CHUNK + 12_345];
  const plainOf = (size: number) => seededRandom(size + 1).bytes(size);

  it('writes what Go age and this code read back, at every chunk and block edge', async () => {
    for (const size of sizes) {
      const plain = plainOf(size);
      const { path, fileKey } = await writeAge(plain);
      const bytes = readFileSync(path);
      const headerLength = bytes.indexOf(0x0a, bytes.indexOf('\n--- ') + 1) + 1;
      expect(bytes.length, `size ${size}`).toBe(ageFileLength(headerLength, size));
      expect((await readAge(path, { identity })).equals(plain), `size ${size}`).toBe(true);
      expect((await readAge(path, { fileKey })).equals(plain), `size ${size}`).toBe(true);
      const go = goAgeDecrypt(path);
      expect(go.ok, `Go age, size ${size}`).toBe(true);
      expect(go.out.equals(plain), `Go age, size ${size}`).toBe(true);
    }
  });

  it('reads what Go age writes', async () => {
    for (const size of [0, 65_536, BLOCK + 7]) {
      const plain = plainOf(size);
      const source = join(root, `go-${size}.bin`);
      const path = `${source}.age`;
      writeFileSync(source, plain);
      execFileSync('age', ['-r', recipient, '-o', path, source]);
      expect((await readAge(path, { identity })).equals(plain), `size ${size}`).toBe(true);
    }
  });

  it('names the chunk a flipped byte is in, and reports a cut file as truncated', async () => {
    const plain = plainOf(3 * PLAIN_CHUNK + 100);
    const { path } = await writeAge(plain);
    const bytes = readFileSync(path);
    const payload = bytes.length - (3 * (PLAIN_CHUNK + 16) + 116);
    for (const chunk of [0, 1, 2, 3]) {
      const flipped = Buffer.from(bytes);
      const at = payload + chunk * (PLAIN_CHUNK + 16) + 40;
      flipped[at] = (flipped[at] ?? 0) ^ 0x20;
      const file = join(root, `flip-${chunk}.age`);
      writeFileSync(file, flipped);
      // Without the manifest's length, a bad last chunk is what a cut file looks like.
      expect(await expectRefused(file, chunk < 3 ? ['damaged'] : ['truncated'])).toBe(`chunk ${chunk}`);
      expect(goAgeDecrypt(file).ok).toBe(false);
    }
    for (const length of [payload + 2 * (PLAIN_CHUNK + 16), payload + PLAIN_CHUNK + 16 + 1000, bytes.length - 1]) {
      const file = join(root, `cut-${length}.age`);
      writeFileSync(file, bytes.subarray(0, length));
      await expectRefused(file, ['truncated']);
      expect(goAgeDecrypt(file).ok).toBe(false);
    }
  });
});

describe('STREAM rules', () => {
  interface Chunk {
    plain: Buffer;
    last: boolean;
    /** The counter sealed under, if not the chunk's position. */
    counter?: number;
  }

  /** A file with a real header and nonce but hand-sealed chunks. */
  async function craft(chunks: Chunk[], reorder?: (sealed: Buffer[]) => Buffer[]): Promise<string> {
    const { path, fileKey } = await writeAge(Buffer.alloc(0));
    const bytes = readFileSync(path);
    const headerLength = bytes.indexOf(0x0a, bytes.indexOf('\n--- ') + 1) + 1;
    const nonce = bytes.subarray(headerLength, headerLength + 16);
    const key = payloadKey(fileKey, nonce);
    let sealed: Buffer[] = chunks.map((c, i) => opensslSeal(key, chunkNonce(c.counter ?? i, c.last), c.plain));
    if (reorder) sealed = reorder(sealed);
    writeFileSync(path, Buffer.concat([bytes.subarray(0, headerLength + 16), ...sealed]));
    return path;
  }
  const full = (fill: number) => Buffer.alloc(PLAIN_CHUNK, fill);
  const half = Buffer.alloc(PLAIN_CHUNK / 2, 0x33);

  it('hand-sealed chunks that follow the rules are read by this code and Go age (the crafting is right)', async () => {
    const path = await craft([{ plain: full(1), last: false }, { plain: half, last: true }]);
    expect((await readAge(path, { identity })).equals(Buffer.concat([full(1), half]))).toBe(true);
    expect(goAgeDecrypt(path).ok).toBe(true);
  });

  const broken: [string, Chunk[], BackupProblem[], ((s: Buffer[]) => Buffer[])?][] = [
    ['a final chunk without the last flag', [{ plain: full(1), last: false }, { plain: half, last: false }], ['truncated', 'damaged']],
    ['a full final chunk without the last flag', [{ plain: full(1), last: false }, { plain: full(2), last: false }], ['truncated', 'damaged']],
    ['a lone empty chunk without the last flag', [{ plain: Buffer.alloc(0), last: false }], ['truncated', 'damaged']],
    ['an empty final chunk after a full one', [{ plain: full(1), last: false }, { plain: Buffer.alloc(0), last: true }], ['truncated', 'damaged']],
    ['the last flag on a chunk before the end', [{ plain: full(1), last: true }, { plain: half, last: true }], ['damaged']],
    ['a skipped counter', [{ plain: full(1), last: false }, { plain: full(2), last: false, counter: 2 }, { plain: half, last: true }], ['damaged']],
    ['two chunks swapped', [{ plain: full(1), last: false }, { plain: full(2), last: false }, { plain: half, last: true }], ['damaged'], ([a, b, c]) => [b, a, c].filter((x) => x !== undefined)],
  ];
  for (const [what, chunks, reasons, reorder] of broken) {
    it(`refuses ${what}, as Go age does`, async () => {
      const path = await craft(chunks, reorder);
      await expectRefused(path, reasons);
      expect(goAgeDecrypt(path).ok).toBe(false);
    });
  }

  it('refuses an empty final chunk after others even when the length check is not in the way', async () => {
    const key = Buffer.alloc(32, 7);
    // Opened in place: each call gets its own copy.
    const sealed = () => Buffer.concat([opensslSeal(key, chunkNonce(0, false), full(1)), opensslSeal(key, chunkNonce(1, true), Buffer.alloc(0))]);
    expect(() => openChunks(key, sealed(), 0, 2)).toThrow(ChunkError);
    expect(() => openChunks(key, sealed(), 0, 2)).toThrow(/empty final chunk/);
    const first = openChunks(key, sealed().subarray(0, PLAIN_CHUNK + 16), 0, 2);
    expect(first.length).toBe(1);
    expect(first[0]?.equals(full(1))).toBe(true);
  });

  it('puts the counter big-endian in bytes 0–10 and the flag in byte 11', () => {
    expect(chunkNonce(0, false).toString('hex')).toBe('000000000000000000000000');
    expect(chunkNonce(1, true).toString('hex')).toBe('000000000000000000000101');
    expect(chunkNonce(0x0102030405, false).toString('hex')).toBe('000000000000010203040500');
    expect(() => chunkNonce(-1, false)).toThrow(RangeError);
  });
});

describe('backups', () => {
  let vault: TestVault;
  beforeAll(async () => {
    vault = await makeVault(join(root, 'vault'), [100_000, 2_500_000, 0, 65_536]);
  });

  it('a backup verifies, and opens with age | tar', async () => {
    const out = join(root, 'backup.zdbk');
    const { manifest } = await createBackup({ vaultDir: vault.dir }, { out, appVersion: APP_VERSION });
    expect(await verifyBackup(out, { identity: vault.identity })).toEqual(manifest);
    const id = join(root, 'vault-identity.txt');
    writeFileSync(id, `${vault.identity}\n`, { mode: 0o600 });
    const listing = execFileSync('sh', ['-c', 'age -d -i "$ID" "$F" | tar -t'], { env: { PATH: process.env.PATH ?? '', ID: id, F: out } }).toString('utf8').trim().split('\n');
    expect(listing).toEqual(['manifest.json', ...manifest.entries.map((e) => e.name)]);
    expect(statSync(out).size).toBeGreaterThan(2_600_000);
  });

  it('a passphrase backup verifies only with the passphrase', async () => {
    const out = join(root, 'pass.zdbk');
    const { manifest } = await createBackup({ vaultDir: vault.dir }, { out, appVersion: APP_VERSION, passphrase: 'correct horse battery staple', scryptWorkFactor: 10 });
    expect(await verifyBackup(out, { passphrase: 'correct horse battery staple' })).toEqual(manifest);
    await expect(verifyBackup(out, { passphrase: 'wrong horse battery staple' })).rejects.toSatisfy((e) => isBackupError(e, 'wrong-passphrase'));
    await expect(verifyBackup(out, { identity: vault.identity })).rejects.toSatisfy((e) => isBackupError(e, 'needs-passphrase'));
  });
});
