import { promises as fsp } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { VaultError, fsError } from '../errors';
import { writeFileDurable } from '../fs/durable';
import { sealToInbox } from '../keys/inbox';
import { vaultStateDir } from './state-dir';

/**
 * Failed-unlock throttling. It slows guessing at this PC; offline guessing
 * against a copied vault is stopped by Argon2id, not by this.
 *
 * - Every failure counts: attempts are taken one at a time, across
 *   processes too (a lock file beside the vault), so eight parallel wrong
 *   passwords are eight failures, not one.
 * - The count lives in the vault folder and in the per-user state folder;
 *   the larger wins, so deleting the file in the folder resets nothing.
 * - Each failure waits in both copies for the next unlock to write it to
 *   the audit log, with the name tried sealed to the vault's inbox
 *   (keys/inbox.ts).
 */
export interface PendingFailure {
  at: number;
  /** The name tried, sealed to the inbox (base64); absent when no inbox could be read. */
  name?: string;
}

export interface ThrottleState {
  failures: number;
  lastFailureAt: number;
  /** Failures not yet in the audit log (it is encrypted; they are written at the next unlock). */
  pending: PendingFailure[];
}

/** At most this many failures wait for the audit log (the count goes on regardless). */
export const MAX_PENDING = 100;

export const FREE_ATTEMPTS = 3;
export const MAX_DELAY_SECONDS = 15 * 60;

/** Seconds to wait after `failures` consecutive failures: 0,0,0,1,2,4,… capped at 15 minutes. */
export function delayAfter(failures: number): number {
  if (failures < FREE_ATTEMPTS) return 0;
  return Math.min(MAX_DELAY_SECONDS, 2 ** (failures - FREE_ATTEMPTS));
}

/** Whole seconds until the next attempt is allowed (0 = now). */
export function secondsUntilAllowed(state: Pick<ThrottleState, 'failures' | 'lastFailureAt'>, now: number): number {
  const wait = state.lastFailureAt + delayAfter(state.failures) * 1000 - now;
  return wait > 0 ? Math.ceil(wait / 1000) : 0;
}

const EMPTY: ThrottleState = { failures: 0, lastFailureAt: 0, pending: [] };

function parsePending(value: unknown): PendingFailure[] {
  if (!Array.isArray(value)) return [];
  const out: PendingFailure[] = [];
  for (const item of value) {
    // Version 2 kept bare times.
    if (typeof item === 'number' && Number.isFinite(item)) out.push({ at: item });
    else if (item && typeof item === 'object' && Number.isFinite((item as PendingFailure).at)) {
      const name = (item as PendingFailure).name;
      out.push({ at: (item as PendingFailure).at, ...(typeof name === 'string' && /^[A-Za-z0-9+/=]{1,2000}$/.test(name) ? { name } : {}) });
    }
  }
  return out.slice(-MAX_PENDING);
}

export async function readThrottle(path: string): Promise<ThrottleState> {
  try {
    const parsed = JSON.parse(await fsp.readFile(path, 'utf8')) as Partial<Record<keyof ThrottleState, unknown>>;
    const failures = Number.isSafeInteger(parsed.failures) && (parsed.failures as number) >= 0 ? (parsed.failures as number) : 0;
    const lastFailureAt = Number.isFinite(parsed.lastFailureAt) ? (parsed.lastFailureAt as number) : 0;
    return { failures, lastFailureAt, pending: parsePending(parsed.pending) };
  } catch {
    return { ...EMPTY, pending: [] };
  }
}

export async function writeThrottle(path: string, state: Partial<ThrottleState> & Pick<ThrottleState, 'failures' | 'lastFailureAt'>): Promise<void> {
  await writeFileDurable(path, JSON.stringify({ pending: [], ...state }));
}

/** Where a throttle is kept: the vault folder's file, and this user's copy (when the vault's id is known). */
export interface ThrottlePaths {
  folder: string;
  lock: string;
  /** null: vault.key unreadable, so no per-user copy can be named. */
  user: string | null;
}

export function throttlePaths(vaultPaths: { throttle: string; dir: string }, stateDir: string, vaultId: string | null): ThrottlePaths {
  return {
    folder: vaultPaths.throttle,
    lock: join(vaultPaths.dir, 'unlock-throttle.lock'),
    user: vaultId ? join(vaultStateDir(stateDir, vaultId), 'unlock-throttle.json') : null,
  };
}

/**
 * The throttle as both copies say: the larger count and the later failure
 * win, and the failures waiting to be audited are those of either copy (so
 * deleting the folder's file erases neither the count nor the record).
 */
export async function readEffective(paths: ThrottlePaths): Promise<ThrottleState> {
  const folder = await readThrottle(paths.folder);
  const user = paths.user ? await readThrottle(paths.user) : EMPTY;
  const pending = new Map<string, PendingFailure>();
  for (const p of [...folder.pending, ...user.pending]) pending.set(`${p.at}:${p.name ?? ''}`, p);
  return {
    failures: Math.max(folder.failures, user.failures),
    lastFailureAt: Math.max(folder.lastFailureAt, user.lastFailureAt),
    pending: [...pending.values()].sort((a, b) => a.at - b.at).slice(-MAX_PENDING),
  };
}

async function writeBoth(paths: ThrottlePaths, state: ThrottleState): Promise<void> {
  await writeThrottle(paths.folder, state);
  if (paths.user) {
    await fsp.mkdir(join(paths.user, '..'), { recursive: true, mode: 0o700 });
    await writeThrottle(paths.user, state);
  }
}

/** Counts one failure (in both copies), with the name tried sealed to the inbox when there is one. */
export async function recordFailure(paths: ThrottlePaths, current: ThrottleState, now: number, tried: { name: string; inbox: Buffer | null }): Promise<void> {
  let name: string | undefined;
  try {
    name = tried.inbox ? sealToInbox(tried.inbox, tried.name).toString('base64') : undefined;
  } catch {
    // Not a usable inbox key: the failure still counts, without its name.
    name = undefined;
  }
  await writeBoth(paths, {
    failures: current.failures + 1,
    lastFailureAt: now,
    pending: [...current.pending, { at: now, ...(name ? { name } : {}) }].slice(-MAX_PENDING),
  });
}

/** A successful unlock: the count starts again; the failures were written to the audit log. */
export async function clearThrottle(paths: ThrottlePaths, current: ThrottleState): Promise<void> {
  if (current.failures === 0 && current.pending.length === 0 && current.lastFailureAt === 0) return;
  await writeBoth(paths, { failures: 0, lastFailureAt: 0, pending: [] });
}

/** Pending failures written to the audit log by a recovery-key unlock, which resets no count. */
export async function takePending(paths: ThrottlePaths, current: ThrottleState): Promise<void> {
  if (current.pending.length > 0) await writeBoth(paths, { ...current, pending: [] });
}

const inProcess = new Map<string, Promise<unknown>>();

/**
 * Runs one unlock attempt at a time for this vault: within this process (a
 * queue) and across processes (an exclusive lock file naming its holder; a
 * holder that died is replaced). `deadlineMs` caps the wait.
 */
export async function oneAttemptAtATime<T>(paths: ThrottlePaths, fn: () => Promise<T>, deadlineMs = 10 * 60_000): Promise<T> {
  const previous = inProcess.get(paths.lock) ?? Promise.resolve();
  const run = previous.then(
    () => withLockFile(paths.lock, fn, deadlineMs),
    () => withLockFile(paths.lock, fn, deadlineMs),
  );
  inProcess.set(paths.lock, run.catch(() => undefined));
  return run;
}

async function withLockFile<T>(path: string, fn: () => Promise<T>, deadlineMs: number): Promise<T> {
  const me = { pid: process.pid, host: hostname() };
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    if (await takeLock(path, me)) break;
    const seen = await readHolder(path);
    if (seen === 'gone') continue;
    if (!seen.alive) {
      // Remove only the file we judged: if another process replaced it
      // meanwhile (a different inode), it is theirs and stays.
      const now = await fsp.stat(path).catch(() => null);
      if (now && now.ino === seen.ino) await fsp.rm(path, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw new VaultError('VAULT_BUSY', { holder: `pid ${String(seen.pid)}` });
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  try {
    return await fn();
  } finally {
    await fsp.rm(path, { force: true }).catch(() => undefined);
  }
}

/**
 * Creates the lock file whole: written under a private name, then linked
 * into place (link fails if the lock exists), so no one ever reads a lock
 * file that is still empty.
 */
async function takeLock(path: string, me: { pid: number; host: string }): Promise<boolean> {
  const tmp = `${path}.${String(process.pid)}.${Math.random().toString(36).slice(2)}`;
  try {
    await fsp.writeFile(tmp, JSON.stringify(me), { flag: 'wx', mode: 0o600 });
    await fsp.link(tmp, path).catch(async (err: NodeJS.ErrnoException) => {
      // A share without hard links: create in place (readers give an unreadable file a grace period).
      if (err.code === 'EEXIST') throw err;
      await fsp.writeFile(path, JSON.stringify(me), { flag: 'wx', mode: 0o600 });
    });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw fsError(err, 'unlock-throttle.lock');
    return false;
  } finally {
    await fsp.rm(tmp, { force: true }).catch(() => undefined);
  }
}

/** A lock file that cannot be read as a holder is left alone this long (one being written by an older version). */
const UNREADABLE_GRACE_MS = 5_000;

async function readHolder(path: string): Promise<'gone' | { alive: boolean; ino: number; pid?: unknown }> {
  const [stat, text] = await Promise.all([fsp.stat(path).catch(() => null), fsp.readFile(path, 'utf8').catch(() => null)]);
  if (!stat || text === null) return 'gone';
  let holder: { pid?: unknown; host?: unknown } | null = null;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object') holder = parsed as { pid?: unknown; host?: unknown };
  } catch {
    holder = null;
  }
  if (!holder) return { alive: Date.now() - stat.mtimeMs < UNREADABLE_GRACE_MS, ino: stat.ino };
  const here = holder.host === hostname();
  const alive = here ? typeof holder.pid === 'number' && isAlive(holder.pid) : true;
  return { alive, ino: stat.ino, pid: holder.pid };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
