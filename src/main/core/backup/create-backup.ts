import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { VaultError, fsError } from '../errors';
import { fsyncDir, pathExists } from '../fs/durable';
import type { OpenVault } from '../vault/open-vault';
import { MIN_PASSPHRASE_LENGTH, encryptTo, isX25519Recipient, type Encryption, type ReadKey } from './format/age-file';
import { masterStatementSigner } from '../keys/vault-statements';
import { BackupError } from './backup-errors';
import { signManifest, type ManifestSigner } from './backup-signature';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  MANIFEST_NAME,
  encodeManifest,
  type Manifest,
  type ManifestEntry,
} from './format/manifest';
import { HashWorker, type ReadPiece } from './hashing/hash-worker';
import { hashFiles } from './hashing/parallel-hash';
import { readBackup } from './read-backup';
import { snapshotAtRest, snapshotOpenVault, type SnapshotEntry, type VaultSnapshot } from './snapshot';
import { writeTar, type TarSource } from './format/tar';

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
  /**
   * Signs the manifest when the source is not a master-key holder's open vault (a copy at rest): this PC's
   * backup signer, if the master endorsed one (vault/backup-signer.ts). Without either, the backup is unsigned.
   */
  signer?: ManifestSigner | null;
  now?: Date;
  signal?: AbortSignal;
  onProgress?: (phase: BackupPhase, done: number, total: number) => void;
  /** Awaited as each phase begins (the app passes none; tests hold a run there to cancel it at a known point). */
  beforePhase?: (phase: BackupPhase) => Promise<void>;
}

export interface CreatedBackup {
  path: string;
  bytes: number;
  manifest: Manifest;
}

/** Hash workers for the first pass, where the main thread has nothing else to do; the later passes use one. */
const FIRST_PASS_WORKERS = 2;
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
async function enterPhase(phase: BackupPhase, options: CreateOptions): Promise<void> {
  if (options.beforePhase) await options.beforePhase(phase);
  if (options.signal?.aborted) throw new VaultError('CANCELLED');
}

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
  const hashers: HashWorker[] = [];
  try {
    // The workers boot while the snapshot is taken.
    for (let i = 0; i < FIRST_PASS_WORKERS; i++) hashers.push(new HashWorker());
    const [hasher, ...others] = hashers as [HashWorker, ...HashWorker[]];
    snapshot = 'vault' in source ? await snapshotOpenVault(source.vault) : await snapshotAtRest(source.vaultDir);
    await enterPhase('hashing', options);
    const entries = await hashEntries(snapshot.entries, hashers, options);
    for (const other of others) void other.close();
    const unsigned: Manifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      appVersion: options.appVersion,
      vaultId: snapshot.vaultId,
      createdAt: (options.now ?? new Date()).toISOString(),
      consistency: snapshot.consistency,
      auditHead: snapshot.auditHead,
      entries,
    };
    // A master-key holder's session signs as the vault; anything else with the signer it was given, if any.
    const masterKey = 'vault' in source ? source.vault.clientKeys.masterKey : null;
    const signer = masterKey ? masterStatementSigner(masterKey, snapshot.vaultId) : (options.signer ?? null);
    const manifest = signer ? signManifest(unsigned, signer) : unsigned;
    // The firm's recovery recipient always comes first: scheduled backups need no password, and the recovery key opens them.
    const to: Encryption = 'passphrase' in encryption ? encryption : { recipients: [...new Set([snapshot.recoveryRecipient, ...encryption.recipients])] };
    await enterPhase('writing', options);
    const { bytes, readKey, synced } = await writeFile(partial, manifest, snapshot.entries, to, hasher, options);
    // The snapshot is let go (its links removed, the lock released) and the fsync runs while the
    // file is read back; the name comes only after all three.
    const released = snapshot.release();
    released.catch(() => undefined);
    snapshot = undefined;
    try {
      await enterPhase('verifying', options);
      await verifyWritten(partial, readKey, manifest, hasher, options);
    } finally {
      await Promise.all([synced.catch(() => undefined), released.catch(() => undefined)]);
      if ('fileKey' in readKey) readKey.fileKey.fill(0);
    }
    await released;
    await synced;
    await linkNoReplace(partial, out);
    await fsyncDir(dirname(out)).catch(() => undefined);
    return { path: out, bytes, manifest };
  } catch (err) {
    throw fsError(err, basename(out));
  } finally {
    await fsp.rm(partial, { force: true }).catch(() => undefined);
    await snapshot?.release().catch(() => undefined);
    await Promise.all(hashers.map((h) => h.close().catch(() => undefined)));
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

/** First pass: size and SHA-256 of every file, so the manifest can lead the archive. */
async function hashEntries(entries: readonly SnapshotEntry[], hashers: readonly HashWorker[], options: CreateOptions): Promise<ManifestEntry[]> {
  const hashes = await hashFiles(
    entries.map((e) => e.path),
    hashers,
    {
      ...(options.signal ? { signal: options.signal } : {}),
      onHashed: (done) => options.onProgress?.('hashing', done, entries.length),
    },
  );
  return entries.map((entry, index) => ({ name: entry.name, ...(hashes[index] ?? { size: 0, sha256: '' }) }));
}

/**
 * Second pass: the archive through age. The worker reads each file again,
 * hashing as it reads, and hands the bytes over; the main thread encrypts
 * them and checks the digest against the first pass after each file, as a
 * file that changed must not end up in the archive.
 */
async function writeFile(
  partial: string,
  manifest: Manifest,
  files: readonly SnapshotEntry[],
  encryption: Encryption,
  hasher: HashWorker,
  options: CreateOptions,
): Promise<{ bytes: number; readKey: ReadKey; synced: Promise<void> }> {
  const { signal } = options;
  const manifestBytes = encodeManifest(manifest);
  const total = manifest.entries.reduce((sum, e) => sum + e.size, 0);
  const ids = hasher.readFiles(manifest.entries.map((e, index) => ({ path: files[index]?.path ?? '', size: e.size })));
  let done = 0;
  const sources: TarSource[] = [{ name: MANIFEST_NAME, size: manifestBytes.length, data: async function* () { yield manifestBytes; } }];
  for (const [index, expected] of manifest.entries.entries()) {
    const changed = () => new BackupError('vault-changed', expected.name);
    sources.push({
      name: expected.name,
      size: expected.size,
      data: async function* () {
        for (;;) {
          let piece: ReadPiece;
          try {
            piece = await hasher.nextPiece(ids[index] ?? 0);
          } catch (err) {
            if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw changed();
            throw err;
          }
          if (piece.data) {
            done += piece.data.length;
            // Longer than the first pass found: the tar header already promised that size.
            if (piece.end && piece.end.size > expected.size) throw changed();
            yield piece.data;
          }
          // The cipher has copied the piece by the time it asks for more.
          hasher.consumed();
          if (piece.end) {
            if (piece.end.size !== expected.size || piece.end.sha256 !== expected.sha256) throw changed();
            break;
          }
        }
        options.onProgress?.('writing', done, total);
      },
    });
  }
  const mtime = Math.floor(Date.parse(manifest.createdAt) / 1000);
  const stop = () => hasher.cancel();
  signal?.addEventListener('abort', stop);
  const handle = await fsp.open(partial, 'wx', 0o600);
  let written: { bytes: number; readKey: ReadKey };
  try {
    written = await encryptTo(writeTar(sources, mtime), handle, encryption, signal);
  } catch (err) {
    await hasher.stopReading();
    await handle.close();
    throw err;
  } finally {
    signal?.removeEventListener('abort', stop);
  }
  const synced = handle.sync().finally(() => handle.close());
  synced.catch(() => undefined);
  return { ...written, synced };
}

async function verifyWritten(partial: string, readKey: ReadKey, manifest: Manifest, hasher: HashWorker, options: CreateOptions): Promise<void> {
  const total = manifest.entries.reduce((sum, e) => sum + e.size, 0);
  const read = await readBackup(partial, readKey, {
    ...(options.signal ? { signal: options.signal } : {}),
    hasher,
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
