import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORD, TarFormatError, TarReader, archiveLength, entryHeader, writeTar, type TarSource } from '../../../../../src/main/core/backup/format/tar';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'zd-tar-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const bytesOf = (name: string, size: number) => Buffer.alloc(size, name.length % 251);

function source(name: string, size: number): TarSource {
  return {
    name,
    size,
    data: async function* () {
      // Uneven pieces, to exercise padding across chunk edges.
      const all = bytesOf(name, size);
      for (let i = 0; i < all.length; i += 777) yield all.subarray(i, i + 777);
    },
  };
}

async function collect(gen: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of gen) parts.push(part);
  return Buffer.concat(parts);
}

async function* pieces(buffer: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < buffer.length; i += size) yield buffer.subarray(i, i + size);
}

async function readAll(archive: Buffer, pieceSize = 1000): Promise<{ name: string; data: Buffer }[]> {
  const reader = new TarReader(pieces(archive, pieceSize));
  const out = [];
  for (let entry = await reader.next(); entry; entry = await reader.next()) out.push({ name: entry.name, data: await collect(entry.body()) });
  return out;
}

const ENTRIES: [string, number][] = [
  ['manifest.json', 300],
  ['vault.key', 0],
  ['vault.db', 512],
  ['blobs/ab/ab000000000000000000000000000001', 513],
  ['blobs/ab/ab000000000000000000000000000002', 511],
  ['blobs/cd/cd000000000000000000000000000003', 70_000],
];

describe('tar writer and reader', () => {
  it('round-trips entries of awkward sizes, with the predicted length in whole records', async () => {
    const archive = await collect(writeTar(ENTRIES.map(([n, s]) => source(n, s)), 1_700_000_000));
    expect(archive.length).toBe(archiveLength(ENTRIES.map(([name, size]) => ({ name, size }))));
    expect(archive.length % RECORD).toBe(0);
    for (const pieceSize of [1, 512, 4096, 65_536]) {
      const read = await readAll(archive, pieceSize);
      expect(read.map((e) => e.name)).toEqual(ENTRIES.map(([n]) => n));
      for (const [i, [name, size]] of ENTRIES.entries()) expect(read[i]?.data.equals(bytesOf(name, size))).toBe(true);
    }
  });

  it('writes what GNU tar extracts byte for byte, and reads what GNU tar writes in ustar format', async () => {
    const archive = await collect(writeTar(ENTRIES.map(([n, s]) => source(n, s)), 1_700_000_000));
    const file = join(root, 'ours.tar');
    writeFileSync(file, archive);
    const out = join(root, 'extracted');
    mkdirSync(out);
    const res = spawnSync('tar', ['-x', '-f', file, '-C', out], { encoding: 'utf8' });
    expect(res.status, res.stderr).toBe(0);
    expect(res.stderr).toBe('');
    for (const [name, size] of ENTRIES) expect(readFileSync(join(out, name)).equals(bytesOf(name, size))).toBe(true);

    const theirs = spawnSync('tar', ['--format=ustar', '-c', '-C', out, ...ENTRIES.map(([n]) => n)]);
    expect(theirs.status).toBe(0);
    const read = await readAll(theirs.stdout);
    expect(read.map((e) => e.name)).toEqual(ENTRIES.map(([n]) => n));
  });

  it('records a size of 8 GiB or more in a pax header that GNU tar reads', async () => {
    const size = 9 * 1024 ** 3;
    const header = entryHeader('blobs/ab/ab000000000000000000000000000009', size, 0);
    expect(header.length).toBe(3 * 512);
    const entry = await new TarReader(pieces(header, 512)).next();
    expect(entry).toMatchObject({ name: 'blobs/ab/ab000000000000000000000000000009', size });
    const file = join(root, 'big-header.tar');
    writeFileSync(file, header);
    const listing = spawnSync('tar', ['-tv', '-f', file], { encoding: 'utf8' });
    expect(listing.stdout).toContain(`${size} `);
    expect(listing.stdout).toContain('blobs/ab/ab000000000000000000000000000009');
  });

  it('refuses names that could escape or that ustar cannot hold', () => {
    for (const name of ['../vault.key', '/etc/passwd', 'a/../../b', 'x'.repeat(101), 'spaces are out', '文件']) {
      expect(() => entryHeader(name, 1, 0)).toThrow(TarFormatError);
    }
  });

  it('with utf8Names, carries a Chinese name in a pax path record (byte-counted) and still refuses escapes', () => {
    const header = entryHeader('files/发票 一月.pdf', 3, 0, { utf8Names: true });
    expect(header.length).toBe(3 * 512);
    const record = header.subarray(512, 1024).toString('utf8').replace(/\0+$/, '');
    expect(record).toBe(`${Buffer.byteLength(record, 'utf8')} path=files/发票 一月.pdf\n`);
    expect(header.subarray(1024, 1124).toString('latin1').replace(/\0+$/, '')).toBe('files/file.pdf');
    for (const name of ['../发票', '/etc/发票', 'a/../../发票', '发\n票']) {
      expect(() => entryHeader(name, 1, 0, { utf8Names: true })).toThrow(TarFormatError);
    }
  });

  it('refuses a bad checksum, another entry type, and anything after the end marker', async () => {
    const archive = await collect(writeTar([source('vault.db', 10)], 0));
    const flipped = Buffer.from(archive);
    flipped[3] = (flipped[3] ?? 0) ^ 1;
    await expect(readAll(flipped)).rejects.toThrow(/checksum/);

    const symlink = Buffer.from(archive);
    symlink.write('2', 156, 'ascii');
    let sum = 0;
    symlink.write(' '.repeat(8), 148, 'ascii');
    for (let i = 0; i < 512; i++) sum += symlink[i] ?? 0;
    symlink.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
    await expect(readAll(symlink)).rejects.toThrow(/entry type/);

    const trailing = Buffer.from(archive);
    trailing[trailing.length - 1] = 1;
    await expect(readAll(trailing)).rejects.toThrow(/after the end/);
    await expect(readAll(archive.subarray(0, 700))).rejects.toThrow(/ends early/);
  });

  it('fails the archive when a source yields more or fewer bytes than announced', async () => {
    const liar = (announced: number, actual: number): TarSource => ({ name: 'vault.db', size: announced, data: async function* () { yield Buffer.alloc(actual); } });
    await expect(collect(writeTar([liar(10, 11)], 0))).rejects.toThrow(/grew/);
    await expect(collect(writeTar([liar(10, 9)], 0))).rejects.toThrow(/shrank/);
  });
});
