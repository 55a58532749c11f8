import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { VaultError, fsError } from '../errors';
import { fsyncDir } from '../fs/durable';
import { parseKeyFile, readKeyFile } from '../keys/key-file';
import { newEpoch } from '../keys/key-slots';
import { checkVault, type CheckReport } from '../services/check-service';
import { openVault, type Credentials } from '../vault/unlock-vault';
import { vaultPaths } from '../vault/layout';
import { OpenerClaim } from '../vault/opener-claim';
import { judgeBackup, requireThisVault, type KnownVault, type SignatureVerdict } from './backup-signature';
import type { BackupKey } from './format/age-file';
import type { Manifest, ManifestEntry } from './format/manifest';
import { precheckBackup, readBackup, type ReadProgress } from './read-backup';

export interface RestoreOptions {
  /** Opens the restored copy for its check. Default: the recovery identity the backup was opened with. */
  open?: Credentials;
  /** What the person restoring knows of their vault (pinned root, the sheet's fingerprint); the recovery key is added from `key`. */
  known?: KnownVault;
  /** Restores a backup that is unsigned or not this vault's (the owner, warned, knowing where it came from). */
  acceptUnsigned?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: ReadProgress) => void;
}

export interface RestoredVault {
  dir: string;
  manifest: Manifest;
  signature: SignatureVerdict;
  check: CheckReport;
}

/**
 * Restores a backup into a new folder. Everything is extracted into
 * `<toDir>.restoring-<rand>` beside it, each entry hashed as it streams; only
 * when age's last chunk, the tar end and every hash verified is the copy
 * opened, fully checked (checkVault), closed, and renamed to `toDir`. Any
 * failure removes the work folder: `toDir` never holds a partial vault.
 */
export async function restoreBackup(file: string, key: BackupKey, toDir: string, options: RestoreOptions = {}): Promise<RestoredVault> {
  const target = resolve(toDir);
  await precheckBackup(file, key);
  const credentials = options.open ?? ('identity' in key ? { recoveryIdentity: key.identity } : null);
  if (!credentials) throw new VaultError('INVALID_INPUT', { reason: 'the recovery key or a staff password is needed to check the restored vault' });
  const targetExists = await assertEmptyOrMissing(target);
  await sweepStaleRestores(target);
  const work = `${target}.restoring-${randomBytes(6).toString('hex')}`;
  try {
    await fsp.mkdir(work, { mode: 0o700 });
    const dirs = new Set<string>([work]);
    const manifest = await readBackup(file, key, {
      onEntry: (entry, body) => writeEntry(work, entry, body, dirs),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    for (const dir of [...dirs].sort().reverse()) await fsyncDir(dir);
    // Signed by this vault, or knowingly accepted, before anything in it is opened.
    const opener = options.open ?? credentials;
    const recoveryIdentity = 'identity' in key ? key.identity : 'recoveryIdentity' in opener ? opener.recoveryIdentity : null;
    const keyFileText = await fsp.readFile(vaultPaths(work).keyFile, 'utf8');
    const signature = await judgeBackup(manifest, keyFileText, options.known ?? {}, recoveryIdentity);
    requireThisVault(signature, options.acceptUnsigned ?? false);
    const keyFile = parseKeyFile(keyFileText);
    if (keyFile.body.vaultId !== manifest.vaultId) throw new VaultError('TAMPERED', { what: 'backup: vault.key is of another vault' });
    const vault = await openVault(work, credentials);
    let check: CheckReport;
    try {
      check = await checkVault(vault);
    } finally {
      await vault.close();
    }
    if (!check.ok) throw new VaultError('CORRUPT', { what: `restored vault: ${check.problems.map((p) => p.what).slice(0, 3).join('; ')}` });
    if (targetExists) await fsp.rmdir(target);
    await fsp.rename(work, target);
    await fsyncDir(dirname(target)).catch(() => undefined);
    return { dir: target, manifest, signature, check };
  } catch (err) {
    await fsp.rm(work, { recursive: true, force: true }).catch(() => undefined);
    throw fsError(err, basename(target));
  }
}

async function writeEntry(work: string, entry: ManifestEntry, body: AsyncIterable<Buffer>, dirs: Set<string>): Promise<void> {
  // Entry names were checked against the manifest's allowlist: vault.key, vault.db(-wal), blobs/xx/<id>.
  const path = join(work, ...entry.name.split('/'));
  const dir = dirname(path);
  if (!dirs.has(dir)) {
    await fsp.mkdir(dir, { recursive: true, mode: 0o700 });
    for (let d = dir; d.length > work.length; d = dirname(d)) dirs.add(d);
  }
  const handle = await fsp.open(path, 'wx', 0o600);
  try {
    for await (const piece of body) {
      let offset = 0;
      while (offset < piece.length) offset += (await handle.write(piece, offset, piece.length - offset)).bytesWritten;
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function assertEmptyOrMissing(dir: string): Promise<boolean> {
  let names: string[];
  try {
    names = await fsp.readdir(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return false;
    if (code === 'ENOTDIR') throw new VaultError('ALREADY_EXISTS', { what: dir });
    throw fsError(err, dir);
  }
  if (names.length > 0) throw new VaultError('ALREADY_EXISTS', { what: dir });
  return true;
}

/** Work folders of an interrupted restore to the same place hold nothing anybody uses. */
async function sweepStaleRestores(target: string): Promise<void> {
  const prefix = `${basename(target)}.restoring-`;
  let names: string[];
  try {
    names = await fsp.readdir(dirname(target));
  } catch {
    return;
  }
  for (const name of names) {
    if (name.startsWith(prefix)) await fsp.rm(join(dirname(target), name), { recursive: true, force: true });
  }
}

export interface ReplaceOptions {
  now?: Date;
  /** Allow putting a different vault (another vault id) in place of the live one. */
  allowOtherVault?: boolean;
}

/**
 * Puts a restored vault in place of the live one. The restored copy must
 * open first; then, with both locks held, the live folder is renamed to
 * `<liveDir>.before-restore-<timestamp>` (kept, never deleted here) and the
 * restored folder takes its name.
 */
export async function replaceVault(liveDir: string, restoredDir: string, credentials: Credentials, options: ReplaceOptions = {}): Promise<{ previous: string | null }> {
  const live = resolve(liveDir);
  const restored = resolve(restoredDir);
  const restoredKey = await readKeyFile(vaultPaths(restored).keyFile);
  const liveExists = await fsp.lstat(live).then(() => true, () => false);
  if (liveExists) {
    const liveKey = await readKeyFile(vaultPaths(live).keyFile).catch((err: unknown) => {
      if (err instanceof VaultError && err.code === 'NO_VAULT') throw new VaultError('ALREADY_EXISTS', { what: live });
      return null;
    });
    if (liveKey && liveKey.body.vaultId !== restoredKey.body.vaultId && !options.allowOtherVault) {
      throw new VaultError('INVALID_INPUT', { reason: 'the restored vault is a different vault from the one it would replace' });
    }
  }
  await startNewEpoch(restored, credentials);
  const locks: OpenerClaim[] = [];
  let previous: string | null = null;
  try {
    locks.push(await OpenerClaim.acquire(vaultPaths(restored).claim));
    if (liveExists) {
      locks.push(await OpenerClaim.acquire(vaultPaths(live).claim));
      previous = `${live}.before-restore-${stamp(options.now ?? new Date())}`;
      if (await fsp.lstat(previous).then(() => true, () => false)) previous = `${previous}-${randomBytes(3).toString('hex')}`;
      await fsp.rename(live, previous);
    }
    try {
      await fsp.rename(restored, live);
    } catch (err) {
      if (previous) await fsp.rename(previous, live).catch(() => undefined);
      previous = null;
      throw err;
    }
    await fsyncDir(dirname(live)).catch(() => undefined);
    return { previous };
  } catch (err) {
    throw fsError(err, basename(live));
  } finally {
    // The lock files moved with their folders; remove ours wherever they are now.
    for (const path of [vaultPaths(live).claim, ...(previous ? [vaultPaths(previous).claim] : []), vaultPaths(restored).claim]) {
      await removeOwnLock(path);
    }
    for (const lock of locks) await lock.release().catch(() => undefined);
  }
}

/**
 * The restored copy must open; opened with the master key (the owner, an
 * admin, the recovery key), its roster is re-signed with a new epoch, so
 * staff who saw the vault as it was before see a notice that it was
 * restored rather than the alarm a rollback raises (see vault/rollback-guard.ts).
 */
async function startNewEpoch(restored: string, credentials: Credentials): Promise<void> {
  const vault = await openVault(restored, credentials);
  try {
    if (!vault.clientKeys.hasMaster) return;
    const keys = vault.masterKeys();
    await vault.updateKeyFile((file) => newEpoch(file, keys));
  } finally {
    await vault.close();
  }
}

async function removeOwnLock(path: string): Promise<void> {
  try {
    const holder = JSON.parse(await fsp.readFile(path, 'utf8')) as { pid?: unknown };
    if (holder.pid === process.pid) await fsp.rm(path, { force: true });
  } catch {
    // absent or not ours
  }
}

function stamp(date: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}${p(date.getMonth() + 1)}${p(date.getDate())}-${p(date.getHours())}${p(date.getMinutes())}${p(date.getSeconds())}`;
}
