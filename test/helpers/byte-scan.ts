import { lstatSync, promises as fsp, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

/** A byte sequence that must not appear at rest, with a name for the report. */
export interface Needle {
  label: string;
  bytes: Buffer;
}

export interface Hit {
  file: string;
  label: string;
  /** Byte offset in the file, or -1 when the needle is in the file's path. */
  offset: number;
}

export const SQLITE_MAGIC: Needle = { label: 'SQLite header', bytes: Buffer.from('SQLite format 3\0', 'latin1') };

export type TextEncodingName = 'utf8' | 'utf16le';

/** The needles for one secret text in each encoding it may be stored in. */
export function textNeedles(label: string, text: string, encodings: TextEncodingName[] = ['utf8']): Needle[] {
  return encodings.map((encoding) => ({ label: `${label} (${encoding})`, bytes: Buffer.from(text, encoding) }));
}

/**
 * Every regular file under `root` (symlinks, sockets and FIFOs skipped, so a
 * scan never blocks). Tolerates entries vanishing meanwhile: /tmp is shared.
 */
export function listFiles(root: string, exclude: readonly string[] = []): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(dir, name);
      if (exclude.includes(path)) continue;
      let stat;
      try {
        stat = lstatSync(path);
      } catch {
        continue;
      }
      if (stat.isDirectory()) walk(path);
      else if (stat.isFile()) out.push(path);
    }
  };
  walk(root);
  return out.sort();
}

export interface FileStamp {
  size: number;
  mtimeMs: number;
  ino: number;
}

/** Size, mtime and inode of each file, to find what a session created or changed. */
export function snapshotTree(root: string, exclude: readonly string[] = []): Map<string, FileStamp> {
  const stamps = new Map<string, FileStamp>();
  for (const path of listFiles(root, exclude)) {
    try {
      const { size, mtimeMs, ino } = lstatSync(path);
      stamps.set(path, { size, mtimeMs, ino });
    } catch {
      // gone meanwhile
    }
  }
  return stamps;
}

export function newOrChanged(before: Map<string, FileStamp>, after: Map<string, FileStamp>): string[] {
  return [...after]
    .filter(([path, stamp]) => {
      const old = before.get(path);
      return !old || old.size !== stamp.size || old.mtimeMs !== stamp.mtimeMs || old.ino !== stamp.ino;
    })
    .map(([path]) => path);
}

/** Streams a file and reports every needle found, including across read boundaries. */
export async function scanFile(path: string, needles: readonly Needle[]): Promise<Hit[]> {
  const hits: Hit[] = [];
  const overlap = Math.max(0, ...needles.map((n) => n.bytes.length)) - 1;
  let handle: fsp.FileHandle;
  try {
    handle = await fsp.open(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return hits;
    throw err;
  }
  try {
    const block = Buffer.alloc(1024 * 1024);
    let carry = Buffer.alloc(0);
    let carryStart = 0;
    for (;;) {
      const { bytesRead } = await handle.read(block, 0, block.length, null);
      if (bytesRead === 0) break;
      const window = Buffer.concat([carry, block.subarray(0, bytesRead)]);
      for (const needle of needles) {
        // Only report matches that end inside the new bytes: the carry was searched already.
        for (let at = window.indexOf(needle.bytes); at !== -1; at = window.indexOf(needle.bytes, at + 1)) {
          if (at + needle.bytes.length > carry.length) hits.push({ file: path, label: needle.label, offset: carryStart + at });
        }
      }
      const keep = Math.min(overlap, window.length);
      carryStart += window.length - keep;
      carry = Buffer.from(window.subarray(window.length - keep));
    }
  } finally {
    await handle.close();
  }
  return hits;
}

/** Scans file contents and the paths themselves (relative to `root`) for every needle. */
export async function scanFiles(root: string, files: readonly string[], needles: readonly Needle[]): Promise<Hit[]> {
  const hits: Hit[] = [];
  for (const file of files) {
    const name = Buffer.from(relative(root, file), 'utf8');
    for (const needle of needles) if (name.includes(needle.bytes)) hits.push({ file, label: needle.label, offset: -1 });
    hits.push(...(await scanFile(file, needles)));
  }
  return hits;
}

export async function scanTree(root: string, needles: readonly Needle[]): Promise<Hit[]> {
  return scanFiles(root, listFiles(root), needles);
}
