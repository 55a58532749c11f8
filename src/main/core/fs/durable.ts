import { promises as fsp, constants as fsConstants } from 'node:fs';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fsError } from '../errors';

/** Whether anything (file, folder, link) is at `path`; links are not followed. */
export async function pathExists(path: string): Promise<boolean> {
  try {
    await fsp.lstat(path);
    return true;
  } catch {
    return false;
  }
}

/** Writes all of `bytes` at the handle's position, going on after a short write. */
export async function writeAll(out: fsp.FileHandle, bytes: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) offset += (await out.write(bytes, offset, bytes.length - offset)).bytesWritten;
}

/** fdatasync a file by path: its data and the size needed to read it back, not its name (see fsyncDir). */
export async function datasyncFile(path: string): Promise<void> {
  // Read-write: Windows flushes only through a handle that may write.
  const handle = await fsp.open(path, 'r+');
  try {
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

/** fsync a directory so that a rename or unlink inside it survives a power cut. */
export async function fsyncDir(dir: string): Promise<void> {
  let handle: fsp.FileHandle | undefined;
  try {
    handle = await fsp.open(dir, fsConstants.O_RDONLY);
    await handle.sync();
  } catch (err) {
    // Some platforms (Windows) cannot open directories; the rename is still atomic there.
    if ((err as NodeJS.ErrnoException).code !== 'EISDIR' && (err as NodeJS.ErrnoException).code !== 'EPERM') throw err;
  } finally {
    await handle?.close();
  }
}

/** Writes a small file atomically and durably: temp file, fsync, rename, fsync directory. */
export async function writeFileDurable(path: string, data: Buffer | string, mode = 0o600): Promise<void> {
  const tmp = `${path}.tmp-${randomBytes(6).toString('hex')}`;
  try {
    const handle = await fsp.open(tmp, 'wx', mode);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fsp.rename(tmp, path);
    await fsyncDir(dirname(path));
  } catch (err) {
    await fsp.rm(tmp, { force: true }).catch(() => undefined);
    throw fsError(err, path);
  }
}
