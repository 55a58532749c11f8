import { describe, expect, it, vi } from 'vitest';
import { ClipboardGuard, type ClipboardTimers } from '../../../src/main/app/clipboard-guard';

/** A system clipboard that other programs can write to as well; async like Electron 45's. */
function fakeClipboard(options: { crlf?: boolean } = {}) {
  let text = '';
  return {
    readText: vi.fn(async () => text),
    writeText: vi.fn(async (value: string) => {
      // Windows hands text back with CRLF line ends.
      text = options.crlf ? value.replace(/\r?\n/g, '\r\n') : value;
    }),
    clear: vi.fn(() => {
      text = '';
    }),
    /** Another program (or the user with Ctrl+C elsewhere) puts something on the clipboard. */
    otherCopy(value: string) {
      text = value;
    },
    get text() {
      return text;
    },
  };
}

function fakeTimers() {
  let now = 0;
  let id = 0;
  const pending = new Map<number, { at: number; fn: () => void }>();
  const timers: ClipboardTimers & { advance(ms: number): Promise<void>; count(): number } = {
    setTimeout(fn, ms) {
      pending.set(++id, { at: now + ms, fn });
      return id;
    },
    clearTimeout(handle) {
      pending.delete(handle as number);
    },
    async advance(ms) {
      now += ms;
      for (const [key, timer] of [...pending]) {
        if (timer.at > now) continue;
        pending.delete(key);
        timer.fn();
      }
      // Let the async clipboard calls the timer started finish.
      await new Promise((r) => setTimeout(r, 0));
    },
    count: () => pending.size,
  };
  return timers;
}

const CREDIT_CODE = '91350200MA2XXXXX1X';

describe('ClipboardGuard', () => {
  it('copies, then clears after 30 s — not before', async () => {
    const clipboard = fakeClipboard();
    const timers = fakeTimers();
    const guard = new ClipboardGuard(clipboard, timers);
    expect(await guard.copy(CREDIT_CODE)).toEqual({ clearAfterSeconds: 30 });
    expect(clipboard.text).toBe(CREDIT_CODE);
    await timers.advance(29_999);
    expect(clipboard.clear).not.toHaveBeenCalled();
    await timers.advance(1);
    expect(clipboard.clear).toHaveBeenCalledTimes(1);
    expect(clipboard.text).toBe('');
  });

  it('leaves the clipboard alone if something else was copied meanwhile', async () => {
    const clipboard = fakeClipboard();
    const timers = fakeTimers();
    const guard = new ClipboardGuard(clipboard, timers);
    await guard.copy(CREDIT_CODE);
    await timers.advance(10_000);
    clipboard.otherCopy('会议纪要第三段');
    await timers.advance(20_000);
    expect(clipboard.clear).not.toHaveBeenCalled();
    expect(clipboard.text).toBe('会议纪要第三段');
    // …and a lock later does not clear it either.
    expect(await guard.clearIfUnchanged()).toBe(false);
    expect(clipboard.text).toBe('会议纪要第三段');
  });

  it('clears at once on lock, and the 30 s timer is then gone', async () => {
    const clipboard = fakeClipboard();
    const timers = fakeTimers();
    const guard = new ClipboardGuard(clipboard, timers);
    await guard.copy(CREDIT_CODE);
    await timers.advance(3_000);
    expect(await guard.clearIfUnchanged()).toBe(true);
    expect(clipboard.text).toBe('');
    expect(timers.count()).toBe(0);
    // A second lock has nothing of ours to clear.
    clipboard.otherCopy('later');
    expect(await guard.clearIfUnchanged()).toBe(false);
    expect(clipboard.text).toBe('later');
  });

  it('a newer copy restarts the 30 s, and only the newest value counts as ours', async () => {
    const clipboard = fakeClipboard();
    const timers = fakeTimers();
    const guard = new ClipboardGuard(clipboard, timers);
    await guard.copy('6222 0212 3456 7890');
    await timers.advance(20_000);
    await guard.copy(CREDIT_CODE);
    await timers.advance(20_000);
    expect(clipboard.clear).not.toHaveBeenCalled();
    await timers.advance(10_000);
    expect(clipboard.clear).toHaveBeenCalledTimes(1);
  });

  it('recognises its text when the OS hands it back with other line endings', async () => {
    const clipboard = fakeClipboard({ crlf: true });
    const timers = fakeTimers();
    const guard = new ClipboardGuard(clipboard, timers);
    await guard.copy('厦门样例贸易有限公司\n福建省厦门市思明区');
    expect(await guard.clearIfUnchanged()).toBe(true);
    expect(clipboard.text).toBe('');
  });

  it('a lock that arrives while the text is still being written still takes it off', async () => {
    const clipboard = fakeClipboard();
    let finishWrite: () => void = () => undefined;
    clipboard.writeText.mockImplementationOnce(async (value: string) => {
      await new Promise<void>((r) => (finishWrite = r));
      clipboard.otherCopy(value);
    });
    const guard = new ClipboardGuard(clipboard, fakeTimers());
    const copying = guard.copy(CREDIT_CODE);
    await guard.clearIfUnchanged(); // the lock: the write has not landed yet
    finishWrite();
    await copying;
    await guard.settled();
    expect(clipboard.text).toBe('');
  });

  it('clears when the clipboard cannot be read back (better lose it than leave a vault value)', async () => {
    const clipboard = fakeClipboard();
    const guard = new ClipboardGuard(clipboard, fakeTimers());
    await guard.copy(CREDIT_CODE);
    clipboard.readText.mockRejectedValueOnce(new Error('busy'));
    expect(await guard.clearIfUnchanged()).toBe(true);
  });

  it('does not keep the copied text itself', async () => {
    const guard = new ClipboardGuard(fakeClipboard(), fakeTimers());
    await guard.copy(CREDIT_CODE);
    const own: Record<string, unknown> = { ...guard };
    delete own['clipboard'];
    const held = JSON.stringify(own, (_key, value: unknown) => (value instanceof Set ? [...(value as Set<unknown>)] : value));
    expect(held).toMatch(/[0-9a-f]{64}/); // it does remember something: a digest
    expect(held).not.toContain(CREDIT_CODE);
  });
});
