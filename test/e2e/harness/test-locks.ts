/**
 * main's lock machinery in the test process: the real LockShell (and with it
 * VaultLocker and LockController from src/main/core/lock), subscribed to the
 * test vault's VaultManager exactly as main.ts wires it, with Electron's parts
 * replaced: powerMonitor by a fake the test fires, the system idle counter and
 * the wall clock by the vault's fake clock, D-Bus by a monitor that never
 * signals, and the window by one whose webContents.reload() is page.reload().
 * So a lock here is what it is in the app: manager.lock(reason), the
 * clipboard cleared, the page reloaded.
 */
import type { Page } from '@playwright/test';
import type { ChildLike } from '../../../src/main/core/lock/dbus-monitor';
import { LockShell, type KeyInput, type LockWindowLike, type PowerMonitorLike } from '../../../src/main/app/lock-shell';
import { fakeSystemIdle, MINUTE } from '../../main/core/lock/fake-clock';
import { clockTimers } from './test-clipboard';
import type { TestVault } from './test-vault';

export type PowerMonitorEvent = Parameters<PowerMonitorLike['on']>[0];

/** What the page's init script reports: a key (as Electron's before-input-event sees it) or a pointer press. */
export type PageInput = { kind: 'key'; input: KeyInput } | { kind: 'pointer' };

/** The binding the init script below calls. */
export const INPUT_BINDING = '__zhangdunTestInput';

/**
 * Stands in for Electron's before-input-event: forwards the top frame's key
 * presses (and, as input the OS idle counter would see, pointer presses) to
 * the test process. Harness only; the app never has this.
 */
export const INPUT_FORWARDER = `(() => {
  if (window.top !== window) return;
  const send = (payload) => { try { void window[${JSON.stringify(INPUT_BINDING)}](payload).catch(() => {}); } catch {} };
  const key = (type) => (e) => send({ kind: 'key', input: { type, key: e.key, code: e.code, control: e.ctrlKey, meta: e.metaKey, alt: e.altKey, shift: e.shiftKey } });
  window.addEventListener('keydown', key('keyDown'), true);
  window.addEventListener('keyup', key('keyUp'), true);
  window.addEventListener('pointerdown', () => send({ kind: 'pointer' }), true);
})();`;

export interface TestLocks {
  readonly shell: LockShell;
  /** Nobody touches the PC for this long: the clock runs on, the controller ticks, and a lock it starts is awaited with its reload. */
  advanceIdle(minutes: number): Promise<void>;
  /** Someone used the keyboard or mouse somewhere on the PC. */
  systemInput(): void;
  /** An OS event as Electron's powerMonitor reports it; any lock it causes is awaited with its reload. */
  power(event: PowerMonitorEvent): Promise<void>;
  /** Input from the page (see INPUT_FORWARDER): counts as system input; keys go through main's before-input-event handler. */
  pageInput(input: PageInput): void;
  /** Resolves once any lock in progress, and the page reload after it, have finished. */
  settled(): Promise<void>;
  /** How often main reloaded the window after a lock. */
  readonly reloads: number;
  /** setContentProtection calls (Windows and macOS only; none on Linux). */
  readonly contentProtection: boolean[];
  dispose(): void;
}

type InputListener = (event: { preventDefault(): void }, input: KeyInput) => void;

/** A dbus-monitor that runs and never reports anything (the machine's real session bus is left alone). */
function silentMonitor(): ChildLike {
  return { stdout: { on: () => undefined }, on: () => undefined, kill: () => undefined };
}

export function createTestLocks(vault: TestVault, page: Page, platform: string = process.platform): TestLocks {
  const { clock } = vault;
  const idle = fakeSystemIdle(clock);
  const power = new Map<string, (() => void)[]>();
  const inputListeners: InputListener[] = [];
  const contentProtection: boolean[] = [];
  let reloads = 0;
  let reloading: Promise<void> = Promise.resolve();
  let reloadError: unknown = null;

  const powerMonitor: PowerMonitorLike = {
    on: (event, listener) => power.set(event, [...(power.get(event) ?? []), listener]),
    getSystemIdleTime: () => idle.seconds(),
  };

  const win: LockWindowLike = {
    webContents: {
      reload: () => {
        reloads++;
        reloading = page.reload().then(
          () => undefined,
          (err: unknown) => {
            // Only a page still open matters; at teardown it may already be closing.
            if (!page.isClosed()) reloadError = err;
          },
        );
      },
      on: ((event: string, listener: InputListener) => {
        if (event === 'before-input-event') inputListeners.push(listener);
      }) as LockWindowLike['webContents']['on'],
    },
    setContentProtection: (enable) => contentProtection.push(enable),
    isDestroyed: () => page.isClosed(),
    on: () => undefined,
  };

  const shell = new LockShell({
    manager: vault.manager,
    powerMonitor,
    platform,
    clipboard: vault.clipboardGuard,
    log: (message) => console.error(message),
    clock,
    spawn: () => silentMonitor(),
    timers: { now: () => clock.now(), ...clockTimers(clock) },
  });
  shell.attachWindow(win);
  vault.onLockSettingsChanged = (effective) => shell.locker.applySettings(effective);

  async function settled(): Promise<void> {
    await shell.settled();
    await reloading;
    if (reloadError) throw reloadError;
  }

  return {
    shell,
    advanceIdle: async (minutes) => {
      clock.advance(minutes * MINUTE);
      await settled();
    },
    systemInput: () => idle.input(),
    power: async (event) => {
      for (const listener of power.get(event) ?? []) listener();
      await settled();
    },
    pageInput: (input) => {
      idle.input();
      if (input.kind !== 'key') return;
      for (const listener of inputListeners) listener({ preventDefault: () => undefined }, input.input);
    },
    settled,
    get reloads() {
      return reloads;
    },
    contentProtection,
    dispose: () => {
      vault.onLockSettingsChanged = null;
      shell.dispose();
    },
  };
}
