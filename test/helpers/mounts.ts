import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmdirSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Real full disks and read-only folders, made with tmpfs and read-only bind
 * mounts (Linux, root with CAP_SYS_ADMIN: true here and in CI). chmod would not
 * do: root ignores permission bits. Where mounting is impossible the tests
 * that need it are skipped and the fault-injection tests still run.
 */
let mountable: boolean | undefined;

export function canMount(): boolean {
  if (mountable !== undefined) return mountable;
  if (process.platform !== 'linux') return (mountable = false);
  const probe = mkdtempSync(join(tmpdir(), 'zd-mount-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { stdio: 'ignore' });
    execFileSync('umount', [probe], { stdio: 'ignore' });
    mountable = true;
  } catch {
    mountable = false;
  } finally {
    rmdirSync(probe);
  }
  return mountable;
}

/** Mounts a tmpfs of `bytes` on `dir` (which must exist and be empty). */
export function mountTmpfs(dir: string, bytes: number): void {
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes},mode=0700`, 'tmpfs', dir], { stdio: 'ignore' });
}

/** Makes `dir` read-only in place: new opens through its path fail with EROFS; open descriptors keep working. */
export function bindReadOnly(dir: string): void {
  execFileSync('mount', ['--bind', dir, dir], { stdio: 'ignore' });
  execFileSync('mount', ['-o', 'remount,bind,ro', dir], { stdio: 'ignore' });
}

export function unmount(dir: string): void {
  try {
    execFileSync('umount', [dir], { stdio: 'ignore' });
  } catch {
    execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
  }
}

/** Writes zeros to `path` until the file system refuses: afterwards less than a block is free. */
export function fillDisk(path: string): void {
  const fd = openSync(path, 'w');
  const block = Buffer.alloc(4096);
  try {
    for (;;) writeSync(fd, block);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    closeSync(fd);
  }
}
