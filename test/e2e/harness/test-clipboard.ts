import type { ClipboardLike, ClipboardTimers } from '../../../src/main/app/clipboard-guard';
import type { LockClock } from '../../../src/main/core/lock/lock-controller';

/**
 * Stands in for the system clipboard behind main's ClipboardGuard, so a test
 * can see what was copied and that it was cleared again. Never the real one:
 * a test must not leave client data on the machine's clipboard.
 */
export class MemoryClipboard implements ClipboardLike {
  text = '';
  /** Every text written, in order. */
  readonly writes: string[] = [];
  clears = 0;

  readText(): string {
    return this.text;
  }

  writeText(text: string): void {
    this.writes.push(text);
    this.text = text;
  }

  clear(): void {
    this.clears++;
    this.text = '';
  }
}

/** The guard's clear-after timer on the harness's fake clock: it fires when a test advances the clock. */
export function clockTimers(clock: LockClock): ClipboardTimers {
  return {
    setTimeout: (fn, ms) => {
      const handle: unknown = clock.setInterval(() => {
        clock.clearInterval(handle);
        fn();
      }, ms);
      return handle;
    },
    clearTimeout: (handle) => clock.clearInterval(handle),
  };
}
