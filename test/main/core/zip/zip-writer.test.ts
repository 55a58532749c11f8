/**
 * The zip writer, read back by independent readers: Python's zipfile (always
 * there: the native build needs python3) checks every CRC and returns the
 * bytes; Info-ZIP's `unzip -t` too where it is installed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dosDateTime, ZipTooLargeError, ZipWriter } from '../../../../src/main/core/zip/zip-writer';
import { seededRandom } from '../../../helpers/seeded-random';
import { useTempDirs } from '../../../helpers/vault-fixture';

const fresh = useTempDirs('zd-zip-');

const READ_BACK = `
import json, sys, zipfile, base64
with zipfile.ZipFile(sys.argv[1]) as z:
    bad = z.testzip()
    out = {"bad": bad, "entries": [{"name": i.filename, "utf8": bool(i.flag_bits & 0x800), "method": i.compress_type,
            "data": base64.b64encode(z.read(i.filename)).decode()} for i in z.infolist()]}
print(json.dumps(out))
`;

interface ReadBack {
  bad: string | null;
  entries: { name: string; utf8: boolean; method: number; data: string }[];
}

function readWithPython(path: string): ReadBack {
  return JSON.parse(execFileSync('python3', ['-c', READ_BACK, path], { encoding: 'utf8' })) as ReadBack;
}

const hasUnzip = spawnSync('unzip', ['-v']).status === 0;

async function* chunks(data: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

async function* failingAfter(data: Buffer, error: Error): AsyncGenerator<Buffer> {
  yield data;
  throw error;
}

describe('zip writer', () => {
  const rng = seededRandom(20261202);
  const files = [
    { name: '2024年03月 银行对账单.pdf', data: rng.bytes(300_000), method: 'store' as const },
    { name: '凭证/记账凭证 1.csv', data: Buffer.from('日期,金额\n'.repeat(20_000), 'utf8'), method: 'deflate' as const },
    { name: 'empty.txt', data: Buffer.alloc(0), method: 'deflate' as const },
    { name: 'random-deflated.bin', data: rng.bytes(200_000), method: 'deflate' as const },
  ];

  it('writes stored and deflated entries that read back byte-identical, with UTF-8 names', async () => {
    const path = join(fresh(), 'out.zip');
    const zip = await ZipWriter.create(path);
    for (const f of files) {
      const info = await zip.add(f.name, chunks(f.data, 65_536), { method: f.method, modified: new Date(2025, 2, 31, 14, 30, 10) });
      expect(info.size).toBe(f.data.length);
    }
    const size = await zip.finish();
    expect(statSync(path).size).toBe(size);
    expect(statSync(path).mode & 0o777).toBe(0o600);

    const read = readWithPython(path);
    expect(read.bad).toBeNull();
    expect(read.entries.map((e) => e.name)).toEqual(files.map((f) => f.name));
    for (const [i, f] of files.entries()) {
      const entry = read.entries[i]!;
      expect(entry.utf8).toBe(true);
      expect(entry.method).toBe(f.method === 'store' ? 0 : 8);
      expect(Buffer.from(entry.data, 'base64').equals(f.data), f.name).toBe(true);
    }
    // The text compressed; random bytes did not grow beyond deflate's few bytes per block.
    expect(size).toBeLessThan(300_000 + 200_000 + 200_000 / 2);
  });

  it.runIf(hasUnzip)("passes Info-ZIP's own test", async () => {
    const path = join(fresh(), 'out.zip');
    const zip = await ZipWriter.create(path);
    for (const f of files) await zip.add(f.name, chunks(f.data, 10_000), { method: f.method });
    await zip.finish();
    const result = spawnSync('unzip', ['-t', path], { encoding: 'utf8' });
    expect(result.stdout).toContain('No errors detected');
    expect(result.status).toBe(0);
  });

  it('drops an entry whose source fails, leaving a valid archive of the others', async () => {
    const path = join(fresh(), 'partial.zip');
    const zip = await ZipWriter.create(path);
    await zip.add('a.txt', chunks(Buffer.from('first'), 2));
    const boom = new Error('tampered chunk');
    await expect(zip.add('b.txt', failingAfter(rng.bytes(50_000), boom))).rejects.toBe(boom);
    await expect(zip.add('c.bin', failingAfter(rng.bytes(50_000), boom), { method: 'store' })).rejects.toBe(boom);
    await zip.add('d.txt', chunks(Buffer.from('last'), 3), { method: 'store' });
    expect(zip.entryCount).toBe(2);
    await zip.finish();
    const read = readWithPython(path);
    expect(read.bad).toBeNull();
    expect(read.entries.map((e) => [e.name, Buffer.from(e.data, 'base64').toString()])).toEqual([
      ['a.txt', 'first'],
      ['d.txt', 'last'],
    ]);
  });

  it('refuses an archive beyond the classic format instead of writing a broken one', async () => {
    const path = join(fresh(), 'big.zip');
    // The real limit is 4 GiB; a lowered one shows the same refusal without writing gigabytes.
    const zip = await ZipWriter.create(path, { limit: 100_000 });
    await zip.add('fits.bin', chunks(rng.bytes(60_000), 8192), { method: 'store' });
    await expect(zip.add('too-much.bin', chunks(rng.bytes(60_000), 8192), { method: 'store' })).rejects.toBeInstanceOf(ZipTooLargeError);
    await zip.finish();
    const read = readWithPython(path);
    expect(read.entries.map((e) => e.name)).toEqual(['fits.bin']);
  });

  it('never replaces an existing file', async () => {
    const dir = fresh();
    const path = join(dir, 'there.zip');
    const zip = await ZipWriter.create(path);
    await zip.finish();
    await expect(ZipWriter.create(path)).rejects.toMatchObject({ code: 'EEXIST' });
    expect(existsSync(path)).toBe(true);
    expect(readFileSync(path).length).toBe(22);
  });

  it('encodes MS-DOS dates, clamping before 1980', () => {
    expect(dosDateTime(new Date(2025, 2, 31, 14, 30, 11))).toEqual({ time: (14 << 11) | (30 << 5) | 5, date: (45 << 9) | (3 << 5) | 31 });
    expect(dosDateTime(new Date(1970, 0, 1)).date >> 9).toBe(0);
  });
});
