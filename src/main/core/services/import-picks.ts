import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { basename } from 'node:path';
import { PICK_MAX_FILES } from '../../../shared/contract';
import type { PickedFile } from '../../../shared/domain';
import { VaultError } from '../errors';
import { walkFolder } from '../fs/folder-walk';

/** One file a dialog picked: where it is (main only) and what the renderer is shown of it. */
export interface HeldFile extends PickedFile {
  path: string;
}

export interface HeldPick {
  clientId: string;
  files: readonly HeldFile[];
  expiresAt: number;
}

/** A pick is good for this long: time to read proposals and look them over, not to sit in memory all day. */
export const PICK_TTL_MS = 30 * 60 * 1000;
/** Picks held at once per session; a newer one drops the oldest (a dialog abandoned without importing). */
export const PICKS_HELD = 4;

/**
 * Files picked in a dialog, held in main under a one-time token until they are imported, so the
 * renderer sees names and sizes but never a path. One registry per session: a lock drops it with
 * the session (and clears it), another person's session has its own. A token is bound to the
 * client it was picked for, is taken by the import, and expires.
 */
export class ImportPicks {
  private readonly held = new Map<string, HeldPick>();

  constructor(private readonly now: () => number = Date.now) {}

  hold(clientId: string, files: readonly HeldFile[]): string {
    this.sweep();
    while (this.held.size >= PICKS_HELD) this.held.delete(this.held.keys().next().value!);
    const token = randomBytes(16).toString('hex');
    this.held.set(token, { clientId, files, expiresAt: this.now() + PICK_TTL_MS });
    return token;
  }

  /** The pick, still held (for proposals); refused when unknown, expired, taken, or for another client. */
  get(token: string, clientId: string): HeldPick {
    this.sweep();
    const pick = this.held.get(token);
    if (!pick || pick.clientId !== clientId) throw new VaultError('NOT_FOUND', { what: 'pick' });
    return pick;
  }

  /** The pick, no longer held: a token imports once. */
  take(token: string, clientId: string): HeldPick {
    const pick = this.get(token, clientId);
    this.held.delete(token);
    return pick;
  }

  clear(): void {
    this.held.clear();
  }

  private sweep(): void {
    const now = this.now();
    for (const [token, pick] of this.held) if (pick.expiresAt <= now) this.held.delete(token);
  }
}

/** Files a dialog picked, with their sizes (one that cannot be read shows 0: its import reports why). */
export async function pickedFiles(paths: readonly string[]): Promise<HeldFile[]> {
  return Promise.all(paths.map(async (path) => ({ path, name: basename(path), folder: '', size: await sizeOf(path) })));
}

/** Every file below a picked folder, with the sub-folder it is in (its category unless a person chose one). */
export async function pickedFolder(root: string): Promise<HeldFile[]> {
  const walked = await walkFolder(root, PICK_MAX_FILES);
  return Promise.all(walked.map(async ({ path, folder }) => ({ path, name: basename(path), folder, size: await sizeOf(path) })));
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await fsp.lstat(path)).size;
  } catch {
    return 0;
  }
}
