import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { newBlobHeader } from '../src/main/core/blobs/blob-format';
import { blobWriters } from '../src/main/core/blobs/blob-writer';
import { argon2id, DEFAULT_KDF } from '../src/main/core/keys/kdf';
import { CHUNK_SIZE, TAG_SIZE, sealChunkInto } from '../src/main/core/crypto/stream-aead';
import { planSampleData, renderPlannedDocument } from '../src/main/core/demo/generator';
import { datasyncFile, fsyncDir } from '../src/main/core/fs/durable';
import { inParallel } from '../src/main/core/in-parallel';
import { timed, type Timed } from './stats';

/** The same Argon2id derivation unlock does, alone, once: the physical floor of an unlock. */
export async function bareKdfMs(): Promise<number> {
  const t = performance.now();
  await argon2id(Buffer.from('benchmark password 1'), Buffer.alloc(16, 7), DEFAULT_KDF);
  return performance.now() - t;
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

/**
 * Reads the files once, so each timed copy starts with them in the page cache: this VM runs DAMON with a
 * pageout scheme (/sys/kernel/mm/damon/admin/kdamonds/0), which evicts pages left cold for a few seconds,
 * and a baseline that found its files evicted while the import found them cached (or the reverse) would
 * compare disk reads with memory copies.
 */
export function warmFiles(files: readonly string[]): void {
  const buffer = Buffer.allocUnsafeSlow(1024 * 1024);
  for (const file of files) {
    const fd = openSync(file, 'r');
    try {
      while (readSync(fd, buffer) > 0);
    } finally {
      closeSync(fd);
    }
  }
}

/** warmFiles() for every file under a folder. */
export function warmTree(dir: string): void {
  const files: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.push(path);
    }
  };
  walk(dir);
  warmFiles(files);
}

/**
 * Runs a shell script and returns its wall time and its children's CPU time, which the shell's
 * `times` prints on its second line ("0m0.012s 0m0.456s": user, system).
 */
function timedShell(script: string, args: readonly string[], what: string): Timed {
  const t = performance.now();
  const r = spawnSync('sh', ['-c', `${script}\ntimes`, 'sh', ...args], { encoding: 'utf8' });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`${what} failed: ${r.stderr}`);
  const children = r.stdout.trim().split('\n').at(-1) ?? '';
  const seconds = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  if (seconds.length !== 2) throw new Error(`${what}: cannot read the CPU times from ${JSON.stringify(children)}`);
  return { ms, cpuMs: ((seconds[0] ?? 0) + (seconds[1] ?? 0)) * 1000 };
}

/** `cp -r` of the files followed by `sync`: what copying to a folder costs on this disk. */
export function cpSync(source: string, target: string): Timed {
  rmSync(target, { recursive: true, force: true });
  spawnSync('sync');
  warmTree(source);
  const timed = timedShell('cp -r "$1" "$2" && sync', [source, target], 'cp');
  rmSync(target, { recursive: true, force: true });
  return timed;
}

/** `tar -c DIR | age -r RECIPIENT > FILE` with the standard tools, then `sync`. */
export function tarAge(dir: string, recipient: string, out: string): Timed {
  rmSync(out, { force: true });
  spawnSync('sync');
  warmTree(dir);
  const timed = timedShell('tar -C "$1" -cf - . | age -r "$2" > "$3" && sync', [dir, recipient, out], "tar | age (is Debian's age installed?)");
  rmSync(out, { force: true });
  return timed;
}

/**
 * The files copied through this process the way an import moves them, with
 * no hashing and no cipher: read a megabyte at a time into memory, written to
 * a new file, every file's data synced (four at a time), the folder synced,
 * then `sync`; one thread. What getting the bytes through user space durably
 * costs here, before any crypto; its CPU time is this process's.
 */
export async function nodeCopy(files: readonly string[], target: string): Promise<Timed> {
  rmSync(target, { recursive: true, force: true });
  spawnSync('sync');
  warmFiles(files);
  const result = await timed(async () => {
    mkdirSync(target, { recursive: true });
    const buffer = Buffer.allocUnsafeSlow(1024 * 1024);
    const copies = files.map((source) => {
      const copy = join(target, basename(source));
      const from = openSync(source, 'r');
      const to = openSync(copy, 'wx', 0o600);
      try {
        for (let n = readSync(from, buffer); n > 0; n = readSync(from, buffer)) {
          for (let done = 0; done < n; ) done += writeSync(to, buffer, done, n - done);
        }
      } finally {
        closeSync(from);
        closeSync(to);
      }
      return copy;
    });
    await inParallel(copies, 4, datasyncFile);
    await fsyncDir(target);
    spawnSync('sync');
  });
  rmSync(target, { recursive: true, force: true });
  return result;
}

/**
 * An import's file work and nothing else: every file hashed, sealed, written
 * and named by the import's worker threads, as many in flight as an import
 * keeps, each blob's fdatasync started as soon as it is written, every folder
 * synced once at the end, then `sync` — the same durability as an import,
 * without its database rows, search n-grams, audit events and commits. No
 * import in this format can be faster here; its CPU time is this process's.
 */
export async function sealOnly(files: readonly string[], target: string): Promise<Timed> {
  rmSync(target, { recursive: true, force: true });
  mkdirSync(join(target, '.tmp'), { recursive: true });
  const pool = blobWriters();
  await pool.warm();
  spawnSync('sync');
  warmFiles(files);
  const result = await timed(async () => {
    const syncs: Promise<void>[] = [];
    const folders = new Set<string>();
    await inParallel(files, pool.parallelism, async (source) => {
      const id = randomBytes(16).toString('hex');
      const header = newBlobHeader(Buffer.from(id, 'hex'));
      const final = join(target, id.slice(0, 2), id);
      const sealed = await pool.run({ source, tmp: join(target, '.tmp', id), final, key: randomBytes(32), header: header.bytes, noncePrefix: header.noncePrefix, sync: false });
      if (!('size' in sealed)) throw new Error(`sealing ${source} failed: ${JSON.stringify(sealed)}`);
      folders.add(dirname(final));
      syncs.push(datasyncFile(final));
    });
    await Promise.all(syncs);
    await inParallel([...folders], 4, fsyncDir);
    spawnSync('sync');
  });
  rmSync(target, { recursive: true, force: true });
  return result;
}

/**
 * What an import must compute, alone: SHA-256 and the 64 KiB AES-256-GCM
 * chunks of every file, read from memory on one thread, nothing written. The
 * import cannot be faster than this on one core. Reads the files once;
 * each call of the returned function times one pass, in ms.
 */
export function importCryptoTimer(files: readonly string[]): () => number {
  const contents = files.map((f) => readFileSync(f));
  const key = randomBytes(32);
  const out = Buffer.allocUnsafe(CHUNK_SIZE + TAG_SIZE);
  return () => {
    const t = performance.now();
    for (const data of contents) {
      const header = newBlobHeader(randomBytes(16));
      createHash('sha256').update(data).digest();
      const chunks = Math.max(1, Math.ceil(data.length / CHUNK_SIZE));
      for (let i = 0; i < chunks; i++) {
        const piece = data.subarray(i * CHUNK_SIZE, (i + 1) * CHUNK_SIZE);
        sealChunkInto(out, 0, key, header.noncePrefix, i, i === chunks - 1, header.bytes, piece);
      }
    }
    return performance.now() - t;
  };
}

export function hasAge(): boolean {
  return spawnSync('age', ['--version']).status === 0;
}

export function writeFileDurably(path: string, data: Buffer): void {
  writeFileSync(path, data);
}
