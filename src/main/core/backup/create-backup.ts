import { createHash, randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { VaultError, fsError } from '../errors';
import { fsyncDir, pathExists } from '../fs-durable';
import type { OpenVault } from '../vault';
import { MIN_PASSPHRASE_LENGTH, encryptTo, isX25519Recipient, type Encryption, type ReadKey } from './age-file';
import { BackupError } from './backup-errors';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  MANIFEST_NAME,
  encodeManifest,
  type Manifest,
  type ManifestEntry,
} from './manifest';
import { readBackup } from './read-backup';
import { snapshotAtRest, snapshotOpenVault, type SnapshotEntry, type VaultSnapshot } from './snapshot';
import { writeTar, type TarSource } from './tar';

export type BackupSource = { vaultDir: string } | { vault: OpenVault };

export type BackupPhase = 'hashing' | 'writing' | 'verifying';

export interface CreateOptions {
  /** The backup file; never overwritten. */
  out: string;
  /** Extra age recipients (age1…) besides the firm's recovery recipient; not allowed with a passphrase. */
  recipients?: readonly string[];
  /** A passphrase instead of recipients (ad-hoc exports): age scrypt, and then only the passphrase opens it. */
  passphrase?: string;
  /** scrypt work factor (log2 N) for passphrase backups; tests lower it. */
  scryptWorkFactor?: number;
  appVersion: string;
  now?: Date;
  signal?: AbortSignal;
  onProgress?: (phase: BackupPhase, done: number, total: number) => void;
}

export interface CreatedBackup {
  path: string;
  bytes: number;
  manifest: Manifest;
}

const READ_SIZE = 1024 * 1024;
/** Vault folders with a backup running in this process. */
const running = new Set<string>();

export function isBackupRunning(vaultDir: string): boolean {
  return running.has(resolve(vaultDir));
}

/**
 * Writes one backup file: a consistent snapshot of the vault, hashed, then
 * streamed as tar through age into `<out>.partial-<rand>`, fsynced, decrypted
 * again from disk and checked against its manifest, and only then linked to
 * its final name. A crash at any point leaves at most a .partial file.
 */
export async function createBackup(source: BackupSource, options: CreateOptions): Promise<CreatedBackup> {
  const vaultDir = resolve('vault' in source ? source.vault.paths.dir : source.vaultDir);
  if (running.has(vaultDir)) throw new VaultError('VAULT_BUSY', { holder: 'backup' });
  const out = resolve(options.out);
  const encryption = encryptionFor(options);
  if (await pathExists(out)) throw new VaultError('ALREADY_EXISTS', { what: out });
  if (!(await pathExists(dirname(out)))) throw new VaultError('NOT_FOUND', { what: dirname(out) });
  running.add(vaultDir);
  let snapshot: VaultSnapshot | undefined;
  const partial = `${out}.partial-${randomBytes(6).toString('hex')}`;
  try {
    snapshot = 'vault' in source ? await snapshotOpenVault(source.vault) : await snapshotAtRest(source.vaultDir);
    const entries = await hashEntries(snapshot.entries, options);
    const manifest: Manifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      appVersion: options.appVersion,
      vaultId: snapshot.vaultId,
      createdAt: (options.now ?? new Date()).toISOString(),
      consistency: snapshot.consistency,
      auditHead: snapshot.auditHead,
      entries,
    };
    // The firm's recovery recipient always comes first: scheduled backups need no password, and the recovery key opens them.
    const to: Encryption = 'passphrase' in encryption ? encryption : { recipients: [...new Set([snapshot.recoveryRecipient, ...encryption.recipients])] };
    const { bytes, readKey, synced } = await writeFile(partial, manifest, snapshot.entries, to, options);
    try {
      await snapshot.release();
      snapshot = undefined;
      await verifyWritten(partial, readKey, manifest, options);
    } finally {
      // The fsync runs while the file is read back; the name comes only after both.
      await synced.catch(() => undefined);
      if ('fileKey' in readKey) readKey.fileKey.fill(0);
    }
    await synced;
    await linkNoReplace(partial, out);
    await fsyncDir(dirname(out)).catch(() => undefined);
    return { path: out, bytes, manifest };
  } catch (err) {
    throw fsError(err, basename(out));
  } finally {
    await fsp.rm(partial, { force: true }).catch(() => undefined);
    await snapshot?.release().catch(() => undefined);
    running.delete(vaultDir);
  }
}

function encryptionFor(options: CreateOptions): Encryption {
  if (options.passphrase !== undefined) {
    if (options.recipients?.length) throw new VaultError('INVALID_INPUT', { reason: 'a passphrase backup has no other recipients' });
    if (options.passphrase.length < MIN_PASSPHRASE_LENGTH) throw new VaultError('INVALID_INPUT', { reason: `passphrase shorter than ${MIN_PASSPHRASE_LENGTH} characters` });
    return { passphrase: options.passphrase, ...(options.scryptWorkFactor ? { workFactor: options.scryptWorkFactor } : {}) };
  }
  const extra = options.recipients ?? [];
  for (const r of extra) if (!isX25519Recipient(r)) throw new VaultError('INVALID_INPUT', { reason: `recipient ${r.slice(0, 12)}…` });
  return { recipients: extra };
}

/** A file in READ_SIZE pieces, the next read already running while the caller works on a piece. */
async function* readFile(path: string, signal?: AbortSignal): AsyncGenerator<Buffer> {
  let handle: fsp.FileHandle;
  try {
    handle = await fsp.open(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new BackupError('vault-changed', basename(path));
    throw err;
  }
  let pending: Promise<Buffer> | null = null;
  try {
    const { size } = await handle.stat();
    const bufferSize = Math.max(1, Math.min(size, READ_SIZE));
    let position = 0;
    const readNext = (): Promise<Buffer> => {
      // A fresh buffer each time: the caller may still hold the previous one.
      const buffer = Buffer.allocUnsafe(bufferSize);
      const read = handle.read(buffer, 0, bufferSize, position).then(({ bytesRead }) => buffer.subarray(0, bytesRead));
      read.catch(() => undefined);
      return read;
    };
    pending = readNext();
    for (;;) {
      const piece: Buffer = await pending;
      pending = null;
      if (piece.length === 0) return;
      if (signal?.aborted) throw new VaultError('CANCELLED');
      position += piece.length;
      pending = readNext();
      yield piece;
    }
  } finally {
    await pending?.catch(() => undefined);
    await handle.close();
  }
}

/** First pass: size and SHA-256 of every file, so the manifest can lead the archive. */
async function hashEntries(entries: readonly SnapshotEntry[], options: CreateOptions): Promise<ManifestEntry[]> {
  const out: ManifestEntry[] = [];
  for (const [index, entry] of entries.entries()) {
    const hash = createHash('sha256');
    let size = 0;
    for await (const piece of readFile(entry.path, options.signal)) {
      hash.update(piece);
      size += piece.length;
    }
    out.push({ name: entry.name, size, sha256: hash.digest('hex') });
    options.onProgress?.('hashing', index + 1, entries.length);
  }
  return out;
}

/** Second pass: the archive through age. Each file is hashed again on the way and must match the first pass. */
async function writeFile(
  partial: string,
  manifest: Manifest,
  files: readonly SnapshotEntry[],
  encryption: Encryption,
  options: CreateOptions,
): Promise<{ bytes: number; readKey: ReadKey; synced: Promise<void> }> {
  const manifestBytes = encodeManifest(manifest);
  const total = manifest.entries.reduce((sum, e) => sum + e.size, 0);
  let done = 0;
  const sources: TarSource[] = [{ name: MANIFEST_NAME, size: manifestBytes.length, data: async function* () { yield manifestBytes; } }];
  for (const [index, expected] of manifest.entries.entries()) {
    const path = files[index]?.path ?? '';
    sources.push({
      name: expected.name,
      size: expected.size,
      data: async function* () {
        const hash = createHash('sha256');
        for await (const piece of readFile(path, options.signal)) {
          hash.update(piece);
          done += piece.length;
          yield piece;
        }
        if (hash.digest('hex') !== expected.sha256) throw new BackupError('vault-changed', expected.name);
        options.onProgress?.('writing', done, total);
      },
    });
  }
  const mtime = Math.floor(Date.parse(manifest.createdAt) / 1000);
  const handle = await fsp.open(partial, 'wx', 0o600);
  let written: { bytes: number; readKey: ReadKey };
  try {
    written = await encryptTo(writeTar(sources, mtime), handle, encryption, options.signal);
  } catch (err) {
    await handle.close();
    throw err;
  }
  const synced = handle.sync().finally(() => handle.close());
  synced.catch(() => undefined);
  return { ...written, synced };
}

async function verifyWritten(partial: string, readKey: ReadKey, manifest: Manifest, options: CreateOptions): Promise<void> {
  const total = manifest.entries.reduce((sum, e) => sum + e.size, 0);
  const read = await readBackup(partial, readKey, {
    ...(options.signal ? { signal: options.signal } : {}),
    onProgress: (p) => options.onProgress?.('verifying', p.bytes, total),
  });
  if (!isDeepStrictEqual({ ...read }, { ...manifest })) throw new BackupError('damaged', 'manifest read back differs');
}

/** Gives the verified file its name without ever replacing an existing file. */
async function linkNoReplace(from: string, to: string): Promise<void> {
  try {
    await fsp.link(from, to);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new VaultError('ALREADY_EXISTS', { what: to });
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS' && code !== 'EXDEV') throw err;
    // No hard links on this file system (FAT, some shares): rename after the existence check.
    if (await pathExists(to)) throw new VaultError('ALREADY_EXISTS', { what: to });
    await fsp.rename(from, to);
  }
}
