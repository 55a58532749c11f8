import { basename } from 'node:path';
import { VaultError } from '../../errors';
import { BackupError } from '../backup-errors';
import type { FileHash, HashWorker } from './hash-worker';

/**
 * Hashing a backup's entries on worker threads (hash-worker.ts): the first
 * pass spread over several workers, and digests that arrive while the main
 * thread goes on, checked in the entries' order so the entry an error names
 * is the first that failed, as if they had been checked one by one.
 */

/**
 * The first pass: size and SHA-256 of every file, read and hashed by the
 * workers, which take the files in turn from a shared counter; results in
 * the files' order. A file gone missing is 'vault-changed'; after any
 * failure the workers stop at their next read.
 */
export async function hashFiles(
  paths: readonly string[],
  hashers: readonly HashWorker[],
  options: { signal?: AbortSignal; onHashed?: (done: number) => void } = {},
): Promise<FileHash[]> {
  const { signal } = options;
  if (signal?.aborted) throw new VaultError('CANCELLED');
  const out: FileHash[] = new Array<FileHash>(paths.length);
  const next = new Int32Array(new SharedArrayBuffer(4));
  let failure: { error: unknown } | null = null;
  let done = 0;
  const stop = () => hashers.forEach((h) => h.cancel());
  const onAbort = () => {
    failure ??= { error: new VaultError('CANCELLED') };
    stop();
  };
  signal?.addEventListener('abort', onAbort);
  try {
    await Promise.all(
      hashers.map((hasher) =>
        hasher.hashFiles(paths, next, (index, result) => {
          if ('error' in result) {
            const code = (result.error as NodeJS.ErrnoException).code;
            failure ??= { error: code === 'ENOENT' ? new BackupError('vault-changed', basename(paths[index] ?? '')) : result.error };
            stop();
          } else if ('cancelled' in result) {
            failure ??= { error: new VaultError('CANCELLED') };
          } else {
            out[index] = result;
            options.onHashed?.(++done);
          }
        }),
      ),
    );
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  if (failure) throw (failure as { error: unknown }).error;
  return out;
}

interface PendingCheck {
  name: string;
  expected: string;
  digest: Promise<string>;
  settled: boolean;
}

/**
 * Digests being computed while the main thread goes on, checked in the order
 * they were added. add() checks those already done at the front, so a
 * mismatch surfaces soon; drain() waits for all. `mismatch` builds the error
 * naming an entry whose digest differs.
 */
export class DigestChecks {
  private readonly pending: PendingCheck[] = [];
  private failure: unknown = null;

  constructor(private readonly mismatch: (name: string) => Error) {}

  add(name: string, expected: string, digest: Promise<string>): void {
    const check: PendingCheck = { name, expected, digest, settled: false };
    const settle = () => {
      check.settled = true;
    };
    digest.then(settle, settle);
    this.pending.push(check);
    // The ones already done at the front, without waiting for the rest.
    while (this.pending[0]?.settled) void this.checkOldest().catch(() => undefined);
    if (this.failure !== null) throw this.failure;
  }

  /** Every digest checked; throws the first mismatch. */
  async drain(): Promise<void> {
    while (this.pending.length > 0) await this.checkOldest();
    if (this.failure !== null) throw this.failure;
  }

  /** For error paths: settles every digest and returns the first mismatch (or digest failure) in order, or null. */
  async firstFailure(): Promise<unknown> {
    if (this.failure === null) await this.drain().catch(() => undefined);
    const rest = this.pending.splice(0);
    await Promise.all(rest.map((check) => check.digest.catch(() => undefined)));
    return this.failure;
  }

  private async checkOldest(): Promise<void> {
    const check = this.pending.shift();
    if (!check) return;
    try {
      if ((await check.digest) !== check.expected) throw this.mismatch(check.name);
    } catch (err) {
      this.failure ??= err;
      throw err;
    }
  }
}
