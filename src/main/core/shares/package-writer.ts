import { createHash, randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { encryptTo, type Encryption } from '../backup/format/age-file';
import { writeTar, type TarSource } from '../backup/format/tar';
import { generatePassword } from '../credentials/generator';
import { fsyncDir } from '../fs/durable';
import { wipe } from '../keys/keyring';

/**
 * What the packages handed to people outside the firm share (对外分享 and
 * 解除委托's 移交资料包): one age file (the backups' age writer, to a
 * passphrase or an age recipient) holding a tar that `age -d` and any tar
 * open, written beside its target and renamed over it once complete.
 */

export interface PackageFile {
  name: string;
  data: Buffer;
}

export function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Writes `files` (each taken in turn, its bytes wiped once the tar has them),
 * then what `trailer` makes once they are all written (an index listing their
 * hashes), as an age-encrypted tar into `out`.
 */
export async function writeAgeTar(
  out: fsp.FileHandle,
  encryption: Encryption,
  createdAt: string,
  files: AsyncIterable<PackageFile>,
  trailer: () => PackageFile[],
  signal?: AbortSignal,
): Promise<{ bytes: number }> {
  // The age writer copies what it is given: each plaintext is wiped once the tar has taken it.
  const once = (data: Buffer) => async function* (): AsyncGenerator<Buffer> {
    yield data;
    data.fill(0);
  };
  async function* entries(): AsyncGenerator<TarSource> {
    for await (const f of files) yield { name: f.name, size: f.data.length, data: once(f.data) };
    for (const f of trailer()) yield { name: f.name, size: f.data.length, data: once(f.data) };
  }
  return encryptTo(writeTar(entries(), Math.floor(Date.parse(createdAt) / 1000), { utf8Names: true }), out, encryption, signal);
}

/**
 * Writes a file through `write` into a hidden temporary file beside `target`,
 * syncs it, runs `commit` (the record that it exists), and only then renames
 * it over `target`: a half-written package never carries the target's name.
 * The temporary file is removed on any failure.
 */
export async function writeBeside<T>(target: string, write: (handle: fsp.FileHandle) => Promise<T>, commit: (result: T) => void): Promise<T> {
  const tmp = join(dirname(target), `.${basename(target)}.zdpart-${randomBytes(6).toString('hex')}`);
  let handle: fsp.FileHandle | undefined;
  try {
    handle = await fsp.open(tmp, 'wx', 0o600);
    const result = await write(handle);
    await handle.sync();
    await handle.close();
    handle = undefined;
    commit(result);
    // The save dialog already asked before replacing an existing file.
    await fsp.rename(tmp, target);
    await fsyncDir(dirname(target)).catch(() => undefined);
    return result;
  } catch (err) {
    await handle?.close().catch(() => undefined);
    await fsp.rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
}

/** 24 letters and digits no one misreads (56 of them), in six groups of four: about 139 bits. */
export function newPassphrase(): string {
  const raw = generatePassword({ length: 24, lower: true, upper: true, digits: true, symbols: false, avoidAmbiguous: true });
  return raw.match(/.{4}/g)!.join('-');
}

/** A stream's bytes in one buffer (the parts read are wiped). */
export async function collect(source: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  try {
    for await (const part of source) parts.push(Buffer.from(part));
    return Buffer.concat(parts);
  } finally {
    for (const part of parts) wipe(part);
  }
}
