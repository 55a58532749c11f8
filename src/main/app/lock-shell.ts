/**
 * The Electron side of locking: feeds the OS's power and session events, the
 * Ctrl+L / Cmd+L shortcut and (on Linux) D-Bus signals into the lock
 * controller, and after every lock clears the clipboard and reloads each
 * window so no renderer heap keeps client data. Electron objects are passed
 * in, so all of it is tested with fakes.
 */
import { DbusMonitorSupervisor, type SpawnLike, type SupervisorTimers } from '../core/lock/dbus-monitor';
import { DBUS_WATCHES } from '../core/lock/dbus-signals';
import type { LockClock, PowerEvent } from '../core/lock/lock-controller';
import { VaultLocker, type LockableManager } from '../core/lock/vault-locker';

type PowerMonitorEvent =
  | 'suspend'
  | 'resume'
  | 'lock-screen'
  | 'unlock-screen'
  | 'user-did-resign-active'
  | 'user-did-become-active';

/** The parts of Electron's powerMonitor used here. */
export interface PowerMonitorLike {
  on(event: PowerMonitorEvent, listener: () => void): unknown;
  getSystemIdleTime(): number;
}

/** The fields of Electron's Input (before-input-event) used here. */
export interface KeyInput {
  type: string;
  key: string;
  code?: string;
  control: boolean;
  meta: boolean;
  alt: boolean;
  shift: boolean;
}

/** The parts of BrowserWindow used here. */
export interface LockWindowLike {
  readonly webContents: {
    reload(): void;
    on(event: 'before-input-event', listener: (event: { preventDefault(): void }, input: KeyInput) => void): unknown;
    on(event: 'will-prevent-unload', listener: (event: { preventDefault(): void }) => void): unknown;
  };
  setContentProtection(enable: boolean): void;
  isDestroyed(): boolean;
  on(event: 'closed', listener: () => void): unknown;
}

/** Ctrl+L, or Cmd+L on macOS; by key or by physical key, so other keyboard layouts work too. */
export function isLockShortcut(input: KeyInput, platform: string): boolean {
  if (input.type !== 'keyDown' || input.alt || input.shift) return false;
  const isL = input.key.toLowerCase() === 'l' || input.code === 'KeyL';
  const modifier = platform === 'darwin' ? input.meta && !input.control : input.control && !input.meta;
  return isL && modifier;
}

/** setContentProtection works on Windows and macOS only; on Linux it is a no-op. */
export function contentProtectionSupported(platform: string): boolean {
  return platform === 'win32' || platform === 'darwin';
}

export interface LockShellDeps {
  manager: LockableManager;
  powerMonitor: PowerMonitorLike;
  platform: string;
  /** Clears what we copied, if it is still there. */
  clipboard: { clearIfUnchanged(): Promise<unknown> };
  /** One-line messages with no vault data. */
  log: (message: string) => void;
  clock?: LockClock;
  /** Linux only: how dbus-monitor is started (a fake in tests). */
  spawn?: SpawnLike;
  timers?: SupervisorTimers;
}

/** Window input that counts as a reason to re-check idle time at most this often. */
const ACTIVITY_THROTTLE_MS = 1_000;

export class LockShell {
  readonly locker: VaultLocker;
  private readonly windows = new Set<LockWindowLike>();
  private readonly monitors: DbusMonitorSupervisor[] = [];
  private lastActivity = 0;
  private unwatch: () => void = () => undefined;

  constructor(private readonly deps: LockShellDeps) {
    this.locker = new VaultLocker({
      manager: deps.manager,
      systemIdleSeconds: () => deps.powerMonitor.getSystemIdleTime(),
      onError: (err) => this.logError('lock', err),
      ...(deps.clock ? { clock: deps.clock } : {}),
    });
    this.locker.onLocked((reason) => this.afterLock(reason));
    this.locker.onSettings((settings) => {
      for (const win of this.liveWindows()) this.protect(win, settings.contentProtection);
    });
    this.wirePowerMonitor();
    if (deps.platform === 'linux') this.watchDbus();
  }

  private get controller() {
    return this.locker.controller;
  }

  /** Applies content protection, the lock shortcut and activity re-checks to a window. */
  attachWindow(win: LockWindowLike): void {
    this.windows.add(win);
    win.on('closed', () => this.windows.delete(win));
    this.protect(win, this.locker.settings.contentProtection);
    // A page's beforeunload handler must not be able to stop the reload that discards its data after a lock.
    win.webContents.on('will-prevent-unload', (event) => event.preventDefault());
    win.webContents.on('before-input-event', (event, input) => {
      if (isLockShortcut(input, this.deps.platform)) {
        event.preventDefault();
        this.controller.powerEvent('manual');
        return;
      }
      const now = this.deps.clock?.now() ?? Date.now();
      if (input.type === 'keyDown' && now - this.lastActivity >= ACTIVITY_THROTTLE_MS) {
        this.lastActivity = now;
        this.controller.activity();
      }
    });
  }

  /** The last window closed ('window-all-closed'). */
  lastWindowClosed(): void {
    this.controller.powerEvent('last-window-closed');
  }

  /** Resolves when no lock started by a trigger is still closing the vault. */
  settled(): Promise<void> {
    return this.locker.settled();
  }

  get lockInProgress(): boolean {
    return this.controller.isLocking;
  }

  dispose(): void {
    this.unwatch();
    for (const monitor of this.monitors) monitor.stop();
    this.locker.dispose();
  }

  private wirePowerMonitor(): void {
    const pm = this.deps.powerMonitor;
    const event = (name: PowerEvent) => () => this.controller.powerEvent(name);
    pm.on('suspend', event('suspend'));
    pm.on('resume', event('resume'));
    pm.on('lock-screen', () => {
      this.controller.powerEvent('lock-screen');
      // Electron 45 has no session-switch event on Windows; switching user passes through the lock screen,
      // which is all Windows reports to us, so it also counts as a user switch there.
      if (this.deps.platform === 'win32') this.controller.powerEvent('user-switch');
    });
    pm.on('unlock-screen', event('unlock-screen'));
    // macOS fast user switching.
    pm.on('user-did-resign-active', event('user-switch'));
    // Back from another user's session: like waking, the time away counts as idle.
    pm.on('user-did-become-active', event('resume'));
  }

  /** The monitors run only while the vault is unlocked: there is nothing to lock otherwise. */
  private watchDbus(): void {
    for (const watch of DBUS_WATCHES) {
      this.monitors.push(
        new DbusMonitorSupervisor({
          watch,
          onSignal: (signal) => this.controller.powerEvent(signal),
          log: this.deps.log,
          ...(this.deps.spawn ? { spawn: this.deps.spawn } : {}),
          ...(this.deps.timers ? { timers: this.deps.timers } : {}),
        }),
      );
    }
    this.unwatch = this.deps.manager.subscribe((event) => {
      for (const monitor of this.monitors) {
        if (event.type === 'unlocked') monitor.start();
        else monitor.stop();
      }
    });
  }

  private afterLock(reason: string): void {
    this.deps.clipboard.clearIfUnchanged().catch((err: unknown) => this.logError('clipboard', err));
    // Quitting: the windows are going away, a reload would only slow the exit.
    if (reason === 'app-closed') return;
    // A fresh page: the renderer's heap, with any client data it held, is discarded; it boots to the unlock screen.
    for (const win of this.liveWindows()) win.webContents.reload();
  }

  /** Names the failure only: an error's message could quote request data. */
  private logError(what: string, err: unknown): void {
    this.deps.log(`[zhangdun] ${what} failed: ${err instanceof Error ? err.name : typeof err}`);
  }

  private protect(win: LockWindowLike, enabled: boolean): void {
    if (contentProtectionSupported(this.deps.platform)) win.setContentProtection(enabled);
  }

  private liveWindows(): LockWindowLike[] {
    return [...this.windows].filter((win) => !win.isDestroyed());
  }
}
