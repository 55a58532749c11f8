/**
 * The shell side of locking against fakes: powerMonitor events and D-Bus
 * lines reach the controller, a lock clears the clipboard and reloads the
 * window, content protection follows the platform and the setting, Ctrl+L
 * (Cmd+L) locks.
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { contentProtectionSupported, isLockShortcut, LockShell, type KeyInput } from '../../../src/main/app/lock-shell';
import { VaultError } from '../../../src/main/core/errors';
import type { VaultEvent } from '../../../src/main/core/vault/vault-manager';
import { DEFAULT_LOCK_SETTINGS, type LockReason, type LockSettings } from '../../../src/shared/domain';
import { fakeClock, MINUTE } from '../core/lock/fake-clock';

/** Just the manager's lock events: unlock() opens a session, lock() ends it and tells listeners. */
function fakeManager() {
  const listeners = new Set<(event: VaultEvent) => void>();
  let open = false;
  const emit = (event: VaultEvent) => listeners.forEach((l) => l(event));
  return {
    subscribe(listener: (event: VaultEvent) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    lock: vi.fn(async (reason: LockReason) => {
      if (!open) return;
      open = false;
      emit({ type: 'locked', reason });
    }),
    // Stored settings are not read here (lock-settings.test.ts does); the shell tests apply settings directly.
    withSession: vi.fn(async () => {
      throw new VaultError('VAULT_LOCKED');
    }),
    unlock() {
      open = true;
      emit({ type: 'unlocked' });
    },
  };
}

function fakePowerMonitor() {
  const emitter = new EventEmitter();
  let idleSeconds = 0;
  return {
    on: vi.fn((event: string, listener: () => void) => emitter.on(event, listener)),
    getSystemIdleTime: vi.fn((): number => idleSeconds),
    emit: (event: string) => emitter.emit(event),
    setIdle: (seconds: number) => (idleSeconds = seconds),
  };
}

function fakeWindow() {
  let destroyed = false;
  const inputListeners: Array<(event: { preventDefault(): void }, input: KeyInput) => void> = [];
  const unloadListeners: Array<(event: { preventDefault(): void }) => void> = [];
  const closedListeners: Array<() => void> = [];
  return {
    webContents: {
      reload: vi.fn(),
      on: vi.fn((event: string, listener: (...args: never[]) => void) => {
        if (event === 'before-input-event') inputListeners.push(listener as (typeof inputListeners)[number]);
        if (event === 'will-prevent-unload') unloadListeners.push(listener as (typeof unloadListeners)[number]);
      }),
    },
    setContentProtection: vi.fn(),
    isDestroyed: () => destroyed,
    on: (_event: 'closed', listener: () => void) => closedListeners.push(listener),
    /** A key press; returns whether main swallowed it. */
    press(input: Partial<KeyInput>): boolean {
      let prevented = false;
      const full: KeyInput = { type: 'keyDown', key: 'a', control: false, meta: false, alt: false, shift: false, ...input };
      for (const listener of inputListeners) listener({ preventDefault: () => (prevented = true) }, full);
      return prevented;
    },
    /** The page's beforeunload tried to stop a reload; true when main overrode it. */
    pageBlocksUnload(): boolean {
      let overridden = false;
      for (const listener of unloadListeners) listener({ preventDefault: () => (overridden = true) });
      return overridden;
    },
    close() {
      destroyed = true;
      closedListeners.forEach((l) => l());
    },
  };
}

class FakeChild extends EventEmitter {
  readonly stdout = new EventEmitter();
  kill = vi.fn();
}

function setup(platform: string, settings: Partial<LockSettings> = {}) {
  const manager = fakeManager();
  const powerMonitor = fakePowerMonitor();
  const clipboard = { clearIfUnchanged: vi.fn(async () => true) };
  const children: FakeChild[] = [];
  const spawn = vi.fn((_command: string, _args: string[]) => {
    const child = new FakeChild();
    children.push(child);
    return child;
  });
  const log = vi.fn();
  const clock = fakeClock();
  const shell = new LockShell({ manager, powerMonitor, platform, clipboard, log, spawn, clock });
  const win = fakeWindow();
  shell.attachWindow(win);
  manager.unlock();
  shell.locker.applySettings({ ...DEFAULT_LOCK_SETTINGS, ...settings });
  return { shell, manager, powerMonitor, clipboard, win, spawn, children, log, clock };
}

describe('powerMonitor events reach the controller', () => {
  it.each([
    ['lock-screen', 'screen-lock'],
    ['suspend', 'suspend'],
    ['user-did-resign-active', 'user-switch'],
  ] as const)('%s locks with reason %s', (event, reason) => {
    const { powerMonitor, manager } = setup('darwin');
    powerMonitor.emit(event);
    expect(manager.lock).toHaveBeenCalledTimes(1);
    expect(manager.lock).toHaveBeenCalledWith(reason);
  });

  it('each trigger switched off in the settings: no lock', () => {
    const { powerMonitor, manager } = setup('darwin', { lockOnScreenLock: false, lockOnSuspend: false, lockOnUserSwitch: false });
    for (const event of ['lock-screen', 'suspend', 'user-did-resign-active', 'resume', 'unlock-screen', 'user-did-become-active']) {
      powerMonitor.emit(event);
    }
    expect(manager.lock).not.toHaveBeenCalled();
  });

  it('on Windows, a user switch shows up only as the lock screen, so the user-switch setting locks on it too', () => {
    const win32 = setup('win32', { lockOnScreenLock: false, lockOnUserSwitch: true });
    win32.powerMonitor.emit('lock-screen');
    expect(win32.manager.lock).toHaveBeenCalledWith('user-switch');
    const mac = setup('darwin', { lockOnScreenLock: false, lockOnUserSwitch: true });
    mac.powerMonitor.emit('lock-screen');
    expect(mac.manager.lock).not.toHaveBeenCalled();
  });

  it('idle is measured with powerMonitor.getSystemIdleTime, and resume checks it at once', () => {
    const { powerMonitor, manager, clock } = setup('win32', { lockOnSuspend: false });
    clock.sleep(2 * 60 * MINUTE); // asleep: no tick ran
    powerMonitor.setIdle(0); // and waking reset the OS idle counter
    powerMonitor.emit('resume');
    expect(manager.lock).toHaveBeenCalledWith('idle');
  });

  it('system idle below the timeout keeps the vault open; at the timeout it locks', () => {
    const { powerMonitor, manager, clock } = setup('linux');
    let lastInput = clock.now();
    powerMonitor.getSystemIdleTime.mockImplementation(() => Math.floor((clock.now() - lastInput) / 1000));
    // Eight minutes of work in other programs (input every 30 s), none in our window.
    for (let i = 0; i < 16; i++) {
      clock.advance(30_000);
      lastInput = clock.now();
    }
    expect(manager.lock).not.toHaveBeenCalled();
    // Then the desk is left: locked within one tick of five idle minutes.
    clock.advance(5 * MINUTE - 10_000);
    expect(manager.lock).not.toHaveBeenCalled();
    clock.advance(10_000);
    expect(manager.lock).toHaveBeenCalledWith('idle');
  });

  it('the last window closing locks (reason window-closed)', () => {
    const { shell, manager } = setup('linux');
    shell.lastWindowClosed();
    expect(manager.lock).toHaveBeenCalledWith('window-closed');
  });
});

describe('after a lock', () => {
  it('clears the clipboard and reloads the window, so the renderer heap starts empty', async () => {
    const { powerMonitor, clipboard, win, manager } = setup('win32');
    powerMonitor.emit('lock-screen');
    await vi.waitFor(() => expect(win.webContents.reload).toHaveBeenCalledTimes(1));
    expect(clipboard.clearIfUnchanged).toHaveBeenCalledTimes(1);
    // Order: the vault locked (keys wiped) before the page was thrown away.
    expect(manager.lock.mock.invocationCallOrder[0]).toBeLessThan(win.webContents.reload.mock.invocationCallOrder[0]!);
  });

  it('a lock from elsewhere (the vaultLock channel) reloads too; a closed window is left alone', async () => {
    const { manager, win, clipboard } = setup('linux');
    await manager.lock('manual');
    expect(win.webContents.reload).toHaveBeenCalledTimes(1);
    manager.unlock();
    win.close();
    await manager.lock('manual');
    expect(win.webContents.reload).toHaveBeenCalledTimes(1);
    expect(clipboard.clearIfUnchanged).toHaveBeenCalledTimes(2);
  });

  it('a page cannot block the reload with a beforeunload handler', () => {
    const { win } = setup('linux');
    expect(win.pageBlocksUnload()).toBe(true);
  });

  it('quitting clears the clipboard but does not reload', async () => {
    const { manager, win, clipboard } = setup('darwin');
    await manager.lock('app-closed');
    expect(clipboard.clearIfUnchanged).toHaveBeenCalledTimes(1);
    expect(win.webContents.reload).not.toHaveBeenCalled();
  });

  it('a failing clipboard is logged by name only and does not stop the reload', async () => {
    const { manager, win, clipboard, log } = setup('linux');
    clipboard.clearIfUnchanged.mockRejectedValueOnce(new TypeError('91350200MA2XXXXX1X'));
    await manager.lock('manual');
    expect(win.webContents.reload).toHaveBeenCalledTimes(1);
    await vi.waitFor(() => expect(log).toHaveBeenCalledWith('[zhangdun] clipboard failed: TypeError'));
  });
});

describe('content protection', () => {
  it.each([
    ['win32', true],
    ['darwin', true],
    ['linux', false],
  ] as const)('%s: set at attach (supported: %s) and follows the setting', (platform, supported) => {
    expect(contentProtectionSupported(platform)).toBe(supported);
    const { win, shell } = setup(platform);
    if (!supported) {
      shell.locker.applySettings({ ...DEFAULT_LOCK_SETTINGS, contentProtection: false });
      expect(win.setContentProtection).not.toHaveBeenCalled();
      return;
    }
    expect(win.setContentProtection).toHaveBeenNthCalledWith(1, true);
    shell.locker.applySettings({ ...DEFAULT_LOCK_SETTINGS, contentProtection: false });
    expect(win.setContentProtection).toHaveBeenLastCalledWith(false);
  });
});

describe('Ctrl+L / Cmd+L', () => {
  it('Ctrl+L locks on Windows and Linux, and the key never reaches the page', () => {
    for (const platform of ['win32', 'linux']) {
      const { win, manager } = setup(platform);
      expect(win.press({ key: 'l', control: true })).toBe(true);
      expect(manager.lock).toHaveBeenCalledWith('manual');
    }
  });

  it('Cmd+L locks on macOS', () => {
    const { win, manager } = setup('darwin');
    expect(win.press({ key: 'l', meta: true })).toBe(true);
    expect(manager.lock).toHaveBeenCalledWith('manual');
  });

  it('other keys pass through and do not lock', () => {
    const { win, manager } = setup('win32');
    expect(win.press({ key: 'c', control: true })).toBe(false);
    expect(win.press({ key: 'l' })).toBe(false);
    expect(manager.lock).not.toHaveBeenCalled();
  });

  const rows: Array<[string, Partial<KeyInput>, string, boolean]> = [
    ['Ctrl+L', { key: 'l', control: true }, 'win32', true],
    ['Ctrl+Shift+L', { key: 'L', control: true, shift: true }, 'win32', false],
    ['Ctrl+Alt+L', { key: 'l', control: true, alt: true }, 'linux', false],
    ['Ctrl+L key-up', { type: 'keyUp', key: 'l', control: true }, 'linux', false],
    ['Ctrl+L on a Russian layout (physical L)', { key: 'д', code: 'KeyL', control: true }, 'linux', true],
    ['Cmd+L on Windows', { key: 'l', meta: true }, 'win32', false],
    ['Ctrl+L on macOS', { key: 'l', control: true }, 'darwin', false],
    ['Cmd+L on macOS', { key: 'l', meta: true }, 'darwin', true],
    ['Ctrl+Cmd+L on macOS', { key: 'l', meta: true, control: true }, 'darwin', false],
  ];
  it.each(rows)('isLockShortcut: %s', (_name, input, platform, expected) => {
    const full: KeyInput = { type: 'keyDown', key: '', control: false, meta: false, alt: false, shift: false, ...input };
    expect(isLockShortcut(full, platform)).toBe(expected);
  });
});

/** One logind Session.Lock signal as dbus-monitor prints it. */
const SESSION_LOCK =
  'signal time=1795719633.848704 sender=:1.3 -> destination=(null destination) serial=2 path=/org/freedesktop/login1/session/_32; interface=org.freedesktop.login1.Session; member=Lock\n';
const GNOME_ACTIVE = [
  'signal time=1795719633.880531 sender=:1.5 -> destination=(null destination) serial=2 path=/org/gnome/ScreenSaver; interface=org.gnome.ScreenSaver; member=ActiveChanged',
  '   boolean true',
  '',
].join('\n');

describe('Linux: D-Bus signals', () => {
  it('starts one dbus-monitor per bus, and a logind Lock line locks the vault', () => {
    const { spawn, children, manager } = setup('linux');
    expect(spawn.mock.calls.map(([command, args]) => [command, args[0]])).toEqual([
      ['dbus-monitor', '--system'],
      ['dbus-monitor', '--session'],
    ]);
    children[0]!.stdout.emit('data', SESSION_LOCK);
    expect(manager.lock).toHaveBeenCalledWith('screen-lock');
  });

  it('a screen saver becoming active (session bus) locks the vault', () => {
    const { children, manager } = setup('linux');
    children[1]!.stdout.emit('data', GNOME_ACTIVE);
    expect(manager.lock).toHaveBeenCalledWith('screen-lock');
  });

  it('with the screen-lock trigger off, the same lines do not lock', () => {
    const { children, manager } = setup('linux', { lockOnScreenLock: false });
    children[0]!.stdout.emit('data', SESSION_LOCK);
    children[1]!.stdout.emit('data', GNOME_ACTIVE);
    expect(manager.lock).not.toHaveBeenCalled();
  });

  it('runs only while unlocked: stopped on lock, started again on the next unlock', async () => {
    const { spawn, children, manager } = setup('linux');
    expect(spawn).toHaveBeenCalledTimes(2);
    await manager.lock('manual');
    expect(children.every((c) => c.kill.mock.calls.length === 1)).toBe(true);
    children[0]!.emit('exit', null, 'SIGTERM');
    manager.unlock();
    expect(spawn).toHaveBeenCalledTimes(4);
    children[2]!.stdout.emit('data', SESSION_LOCK);
    expect(manager.lock).toHaveBeenLastCalledWith('screen-lock');
  });

  it('is not started before the first unlock', () => {
    const spawn = vi.fn();
    new LockShell({ manager: fakeManager(), powerMonitor: fakePowerMonitor(), platform: 'linux', clipboard: { clearIfUnchanged: vi.fn(async () => true) }, log: vi.fn(), spawn });
    expect(spawn).not.toHaveBeenCalled();
  });

  it('is not started on Windows or macOS, and stopped on dispose', () => {
    expect(setup('win32').spawn).not.toHaveBeenCalled();
    expect(setup('darwin').spawn).not.toHaveBeenCalled();
    const { shell, children } = setup('linux');
    shell.dispose();
    expect(children.every((c) => c.kill.mock.calls.length === 1)).toBe(true);
  });
});
