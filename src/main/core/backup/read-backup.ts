import { VaultError } from '../errors';
import { AgeFileReader, type ReadKey } from './format/age-file';
import { BackupError } from './backup-errors';
import { judgeBackup, type KnownVault, type SignatureVerdict } from './backup-signature';
import { MANIFEST_NAME, MAX_MANIFEST_BYTES, archiveLengthOf, parseManifest, type Manifest, type ManifestEntry } from './format/manifest';
import { HashWorker } from './hashing/hash-worker';
import { DigestChecks } from './hashing/parallel-hash';
import { TarFormatError, TarReader } from './format/tar';

export interface ReadProgress {
  entries: number;
  totalEntries: number;
  bytes: number;
  totalBytes: number;
}

export interface ReadOptions {
  /** Receives each entry's bytes as they stream by (restore writes them to its work folder). Unverified until readBackup resolves. */
  onEntry?: (entry: ManifestEntry, body: AsyncIterable<Buffer>) => Promise<void>;
  /** Called once the manifest has been read, before any other entry. */
  onManifest?: (manifest: Manifest) => void | Promise<void>;
  onProgress?: (progress: ReadProgress) => void;
  signal?: AbortSignal;
  /** The hash worker to use (a backup verifying what it wrote has one); else one runs for this read. */
  hasher?: HashWorker;
}

/**
 * Decrypts a backup once, front to back, and checks every entry against the
 * manifest: names, order, sizes, SHA-256, nothing missing, nothing extra, the
 * tar end marker and age's final chunk. Resolves with the manifest only when
 * all of it verified; nothing is extracted unless onEntry does so.
 */
export async function readBackup(path: string, key: ReadKey, options: ReadOptions = {}): Promise<Manifest> {
  const age = await AgeFileReader.open(path, key);
  // Entries are hashed on a worker while the next ones are decrypted; the verdict waits for every digest.
  // Started once the manifest has been read: a file refused before then never needs one.
  let own: HashWorker | null = null;
  const checks = new DigestChecks((name) => new BackupError('damaged', name));
  try {
    const tar = new TarReader(age.plaintext(options.signal)[Symbol.asyncIterator]());
    const manifest = await readManifest(tar, age);
    await options.onManifest?.(manifest);
    const totalBytes = manifest.entries.reduce((sum, e) => sum + e.size, 0);
    const hasher = options.hasher ?? (own = new HashWorker());
    let bytes = 0;
    for (const [index, expected] of manifest.entries.entries()) {
      if (options.signal?.aborted) throw new VaultError('CANCELLED');
      const entry = await tar.next();
      if (!entry || entry.name !== expected.name || entry.size !== expected.size) {
        throw new BackupError('damaged', `entry ${index + 1} is not ${expected.name}`);
      }
      const id = hasher.entry();
      let seen = 0;
      const body = (async function* () {
        for await (const piece of entry.body()) {
          // Copied for the worker: the piece's memory is shared with the tar reader's next bytes.
          await hasher.copy(id, piece);
          seen += piece.length;
          yield piece;
        }
      })();
      if (options.onEntry) await options.onEntry(expected, body);
      for await (const piece of body) void piece;
      if (seen !== expected.size) throw new BackupError('damaged', expected.name);
      checks.add(expected.name, expected.sha256, hasher.end(id));
      bytes += expected.size;
      options.onProgress?.({ entries: index + 1, totalEntries: manifest.entries.length, bytes, totalBytes });
    }
    await checks.drain();
    if ((await tar.next()) !== null) throw new BackupError('damaged', 'entries not in the manifest');
    return manifest;
  } catch (err) {
    // An entry before the failure whose digest was still running is what a one-by-one check would have named.
    const earlier = await checks.firstFailure();
    if (earlier) throw earlier;
    if (err instanceof TarFormatError) throw new BackupError('damaged', err.message, { cause: err });
    throw err;
  } finally {
    await own?.close();
    await age.close();
  }
}

async function readManifest(tar: TarReader, age: AgeFileReader): Promise<Manifest> {
  let first;
  try {
    first = await tar.next();
  } catch (err) {
    if (err instanceof TarFormatError) throw new BackupError('not-a-backup', 'no tar archive inside', { cause: err });
    throw err;
  }
  if (!first || first.name !== MANIFEST_NAME) throw new BackupError('not-a-backup', 'manifest.json is not the first entry');
  if (first.size > MAX_MANIFEST_BYTES) throw new BackupError('not-a-backup', 'manifest.json too large');
  const parts: Buffer[] = [];
  for await (const piece of first.body()) parts.push(Buffer.from(piece));
  const bytes = Buffer.concat(parts);
  const manifest = parseManifest(bytes);
  // The manifest fixes the archive's length, so a cut or padded file is named as such before reading on.
  age.expectPlaintextLength(archiveLengthOf(bytes.length, manifest.entries));
  return manifest;
}

/** The checks that need no decryption: an age file, of a plausible length, for this kind of key. */
export async function precheckBackup(path: string, key: ReadKey): Promise<void> {
  await (await AgeFileReader.open(path, key)).close();
}

/** Checks a backup end to end without extracting anything. */
export async function verifyBackup(path: string, key: ReadKey, options: Omit<ReadOptions, 'onEntry'> = {}): Promise<Manifest> {
  return readBackup(path, key, options);
}

/** The largest vault.key a backup may carry (a roster of thousands of staff is well under it). */
const MAX_KEY_FILE_BYTES = 64 * 1024 * 1024;

/**
 * Checks a backup end to end (as verifyBackup) and says who signed it: this
 * vault, another, or nobody (see backup-signature.ts). Nothing is extracted.
 */
export async function checkBackup(path: string, key: ReadKey, known: KnownVault, options: Omit<ReadOptions, 'onEntry'> = {}): Promise<{ manifest: Manifest; signature: SignatureVerdict }> {
  const keyFile = keyFileCollector();
  const manifest = await readBackup(path, key, { ...options, onEntry: keyFile.onEntry });
  return { manifest, signature: await judgeBackup(manifest, keyFile.text(), known, 'identity' in key ? key.identity : null) };
}

/** An onEntry that keeps vault.key's bytes (and lets every other entry stream by). */
export function keyFileCollector(): { onEntry: NonNullable<ReadOptions['onEntry']>; text: () => string } {
  const parts: Buffer[] = [];
  let size = 0;
  return {
    onEntry: async (entry, body) => {
      if (entry.name !== 'vault.key') return;
      if (entry.size > MAX_KEY_FILE_BYTES) throw new BackupError('not-a-backup', 'vault.key too large');
      for await (const piece of body) {
        parts.push(Buffer.from(piece));
        size += piece.length;
      }
    },
    text: () => Buffer.concat(parts, size).toString('utf8'),
  };
}
