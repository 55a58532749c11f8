/**
 * Copies vault values (a credit code, an account number) to the system
 * clipboard through main, and takes them off again: after
 * CLIPBOARD_CLEAR_SECONDS, and at once when the vault locks or the app quits.
 * If something else was copied meanwhile, that is left alone.
 *
 * The renderer must copy through here: text it put there with
 * navigator.clipboard could not be found and cleared by main.
 */
import { createHash } from 'node:crypto';
import { CLIPBOARD_CLEAR_SECONDS, type ClipboardCopied } from '../../shared/domain';

/** The parts of Electron's `clipboard` used here (Electron 45: reads and writes are async). */
export interface ClipboardLike {
  readText(): Promise<string> | string;
  writeText(text: string): Promise<void> | void;
  clear(): void;
}

export interface ClipboardTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const systemTimers: ClipboardTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Only a digest of what we copied is kept, so the value itself is not held for the 30 seconds. */
function digest(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

interface Copied {
  digests: Set<string>;
  timer: unknown;
  /** A clear was asked for (lock) while the text was still being written. */
  revoked: boolean;
}

export class ClipboardGuard {
  private pending: Copied | null = null;
  private clearing: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly clipboard: ClipboardLike,
    private readonly timers: ClipboardTimers = systemTimers,
    private readonly clearAfterSeconds: number = CLIPBOARD_CLEAR_SECONDS,
  ) {}

  async copy(text: string): Promise<ClipboardCopied> {
    this.forget();
    // Registered before the first await, so a lock arriving mid-write still finds it.
    const entry: Copied = { digests: new Set([digest(text)]), timer: null, revoked: false };
    this.pending = entry;
    try {
      await this.clipboard.writeText(text);
    } catch (err) {
      if (this.pending === entry) this.pending = null;
      throw err;
    }
    // The OS may hand the text back changed (line endings on Windows); either form counts as ours.
    const readBack = await this.readSafely();
    if (readBack !== null) entry.digests.add(digest(readBack));
    if (entry.revoked) {
      this.track(this.clearIfOurs(entry));
    } else if (this.pending === entry) {
      entry.timer = this.timers.setTimeout(() => void this.clearIfUnchanged(), this.clearAfterSeconds * 1000);
    }
    return { clearAfterSeconds: this.clearAfterSeconds };
  }

  /** Clears the clipboard if it still holds what we copied last. Resolves true when it cleared. */
  clearIfUnchanged(): Promise<boolean> {
    const entry = this.pending;
    if (!entry) return Promise.resolve(false);
    this.forget();
    entry.revoked = true;
    return this.track(this.clearIfOurs(entry));
  }

  /** Resolves once any clearing under way has finished (the app waits for this before quitting). */
  async settled(): Promise<void> {
    await this.clearing;
  }

  /** Stops the timer without touching the clipboard. */
  dispose(): void {
    this.forget();
  }

  private async clearIfOurs(entry: Copied): Promise<boolean> {
    const now = await this.readSafely();
    // Unreadable: clear anyway; losing someone's clipboard is better than leaving a vault value on it.
    if (now !== null && !entry.digests.has(digest(now))) return false;
    this.clipboard.clear();
    return true;
  }

  private track(run: Promise<boolean>): Promise<boolean> {
    this.clearing = run.catch(() => false);
    return run;
  }

  private forget(): void {
    if (this.pending && this.pending.timer !== null) this.timers.clearTimeout(this.pending.timer);
    this.pending = null;
  }

  private async readSafely(): Promise<string | null> {
    try {
      return await this.clipboard.readText();
    } catch {
      return null;
    }
  }
}
