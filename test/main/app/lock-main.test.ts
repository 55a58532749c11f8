/**
 * The real entry point (main.ts) wires locking: powerMonitor, the window's
 * keyboard, content protection, the clipboard channel, and the quit path —
 * against a fake `electron` and a stand-in VaultManager that only reports
 * lock events.
 */
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeContents } from './fakes';

type Listener = (...args: unknown[]) => unknown;

const vault = vi.hoisted(() => ({
  listeners: [] as Array<(event: unknown) => void>,
  lockGate: null as Promise<void> | null,
  order: [] as string[],
  emit(event: unknown) {
    for (const l of vault.listeners) l(event);
  },
}));

function makeElectron() {
  const appListeners = new Map<string, Listener[]>();
  let ready!: () => void;
  const readyPromise = new Promise<void>((resolve) => (ready = resolve));
  const windows: FakeWindow[] = [];
  const power = new EventEmitter();
  const handlers = new Map<string, Listener>();
  let clipboardText = '';

  class FakeWindow {
    readonly webContents = { ...fakeContents(), openDevTools: vi.fn(), reload: vi.fn() };
    readonly setContentProtection = vi.fn();
    readonly loadURL = vi.fn((_url: string) => Promise.resolve());
    constructor(readonly options: unknown) {
      windows.push(this);
    }
    once() {}
    on() {}
    show() {}
    isDestroyed() {
      return false;
    }
    /** A key press through before-input-event; true when main swallowed it. */
    press(input: Record<string, unknown>): boolean {
      let prevented = false;
      const event = { preventDefault: () => (prevented = true) };
      const full = { type: 'keyDown', key: '', control: false, meta: false, alt: false, shift: false, ...input };
      for (const call of this.webContents.on.mock.calls) {
        if (call[0] === 'before-input-event') (call[1] as Listener)(event, full);
      }
      return prevented;
    }
  }

  const electron = {
    app: {
      isPackaged: false,
      commandLine: { hasSwitch: () => false },
      enableSandbox: vi.fn(),
      requestSingleInstanceLock: vi.fn(() => true),
      on: vi.fn((event: string, listener: Listener) => {
        appListeners.set(event, [...(appListeners.get(event) ?? []), listener]);
      }),
      whenReady: vi.fn(() => readyPromise),
      getLocale: () => 'zh-CN',
      getPath: (name: string) => `/home/staff/.config/Zhangdun-${name}`,
      getVersion: () => '0.1.0',
      quit: vi.fn(() => vault.order.push('quit')),
      exit: vi.fn(),
    },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    session: {
      defaultSession: {
        setPermissionRequestHandler: vi.fn(),
        setPermissionCheckHandler: vi.fn(),
        setDevicePermissionHandler: vi.fn(),
        on: vi.fn(),
        webRequest: { onBeforeRequest: vi.fn() },
      },
    },
    ipcMain: { handle: vi.fn((channel: string, listener: Listener) => handlers.set(channel, listener)) },
    shell: { openExternal: vi.fn(() => Promise.resolve()) },
    dialog: { showOpenDialog: vi.fn(), showSaveDialog: vi.fn() },
    powerMonitor: {
      on: vi.fn((event: string, listener: () => void) => power.on(event, listener)),
      getSystemIdleTime: () => 0,
    },
    clipboard: {
      readText: vi.fn(async () => clipboardText),
      writeText: vi.fn(async (text: string) => {
        clipboardText = text;
      }),
      clear: vi.fn(() => {
        clipboardText = '';
      }),
    },
    BrowserWindow: FakeWindow,
  };
  const emit = (event: string, ...args: unknown[]) => (appListeners.get(event) ?? []).map((l) => l(...args));
  /** Calls a channel as the app's own page would. */
  const invoke = (channel: string, request: unknown) => {
    const frame = { url: 'app://zhangdun/index.html' };
    return handlers.get(`zhangdun:${channel}`)!({ senderFrame: frame, sender: { mainFrame: frame } }, request);
  };
  return { electron, windows, power, emit, invoke, ready: () => (ready(), readyPromise), clipboardText: () => clipboardText };
}

let savedEnv: NodeJS.ProcessEnv;
let savedPlatform: PropertyDescriptor | undefined;
const lock = vi.fn();
const close = vi.fn();
const spawned: string[][] = [];

beforeEach(() => {
  vi.resetModules();
  savedEnv = { ...process.env };
  savedPlatform = Object.getOwnPropertyDescriptor(process, 'platform');
  process.env['ZHANGDUN_NATIVE_BINDING'] = '/repo/.native/better_sqlite3.node';
  process.env['ZHANGDUN_VAULT'] = '/data/test-vault';
  delete process.env['NODE_OPTIONS'];
  vault.listeners.length = 0;
  vault.order.length = 0;
  vault.lockGate = null;
  spawned.length = 0;
  let open = false;
  lock.mockReset().mockImplementation(async (reason: string) => {
    vault.order.push(`lock ${reason}`);
    if (vault.lockGate) await vault.lockGate;
    if (!open) return;
    open = false;
    vault.emit({ type: 'locked', reason });
  });
  close.mockReset().mockImplementation(async () => {
    vault.order.push('close');
  });
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  vi.doMock('../../../src/main/core/vault/vault-manager', () => ({
    VaultManager: class {
      lock = lock;
      close = close;
      subscribe(listener: (event: unknown) => void) {
        vault.listeners.push(listener);
        return () => undefined;
      }
      async withSession(fn: (s: unknown) => unknown) {
        if (!open) throw Object.assign(new Error('locked'), { name: 'VaultError' });
        return fn({});
      }
      /** Test hook: a staff member unlocks. */
      static unlock() {
        open = true;
        vault.emit({ type: 'unlocked' });
      }
    },
  }));
  vi.doMock('node:fs', async (importOriginal) => ({ ...(await importOriginal<typeof import('node:fs')>()), existsSync: () => true }));
  vi.doMock('../../../src/main/core/db/native', () => ({ configureNativeBinding: () => undefined }));
  // No real dbus-monitor from a unit test.
  vi.doMock('node:child_process', async (importOriginal) => ({
    ...(await importOriginal<typeof import('node:child_process')>()),
    spawn: (command: string, args: string[]) => {
      spawned.push([command, ...args]);
      return Object.assign(new EventEmitter(), { stdout: new EventEmitter(), kill: vi.fn() });
    },
  }));
});

afterEach(() => {
  process.env = savedEnv;
  if (savedPlatform) Object.defineProperty(process, 'platform', savedPlatform);
  vi.restoreAllMocks();
  vi.doUnmock('electron');
  vi.doUnmock('node:fs');
  vi.doUnmock('node:child_process');
});

async function boot(platform = 'linux') {
  Object.defineProperty(process, 'platform', { value: platform, configurable: true });
  const fake = makeElectron();
  vi.doMock('electron', () => fake.electron);
  await import('../../../src/main/app/main');
  await fake.ready();
  await vi.waitFor(() => expect(fake.windows).toHaveLength(1));
  const { VaultManager } = (await import('../../../src/main/core/vault/vault-manager')) as unknown as { VaultManager: { unlock(): void } };
  return { ...fake, win: fake.windows[0]!, unlock: () => VaultManager.unlock() };
}

describe('main.ts wires locking', () => {
  it('listens to every powerMonitor event the lock needs', async () => {
    const { electron } = await boot();
    // Each event at least once (the backup scheduler also listens to 'resume').
    const events = [...new Set(electron.powerMonitor.on.mock.calls.map((c) => c[0]))].sort();
    expect(events).toEqual(['lock-screen', 'resume', 'suspend', 'unlock-screen', 'user-did-become-active', 'user-did-resign-active']);
  });

  it('an OS screen lock locks the vault, then the window reloads', async () => {
    const { power, win, unlock } = await boot('darwin');
    unlock();
    power.emit('lock-screen');
    expect(lock).toHaveBeenCalledWith('screen-lock');
    await vi.waitFor(() => expect(win.webContents.reload).toHaveBeenCalledTimes(1));
  });

  it('Ctrl+L in the window locks', async () => {
    const { win, unlock } = await boot('win32');
    unlock();
    expect(win.press({ key: 'l', control: true })).toBe(true);
    expect(lock).toHaveBeenCalledWith('manual');
  });

  it.each([
    ['win32', [[true]]],
    ['darwin', [[true]]],
    ['linux', []],
  ] as const)('content protection on %s before the window shows', async (platform, calls) => {
    const { win } = await boot(platform);
    expect(win.setContentProtection.mock.calls).toEqual(calls);
  });

  it('on Linux, dbus-monitor starts with the first unlock, not before', async () => {
    const { unlock } = await boot('linux');
    expect(spawned).toEqual([]);
    unlock();
    expect(spawned.map((args) => args.slice(0, 2))).toEqual([
      ['dbus-monitor', '--system'],
      ['dbus-monitor', '--session'],
    ]);
  });

  it('clipboardCopy goes through main, and the lock clears it', async () => {
    const { invoke, unlock, electron, clipboardText } = await boot();
    unlock();
    await expect(invoke('clipboardCopy', { text: '91350200MA2XXXXX1X' })).resolves.toEqual({ ok: true, data: { clearAfterSeconds: 30 } });
    expect(clipboardText()).toBe('91350200MA2XXXXX1X');
    await lock('manual');
    await vi.waitFor(() => expect(electron.clipboard.clear).toHaveBeenCalledTimes(1));
    expect(clipboardText()).toBe('');
  });

  it('closing the last window locks first, and quitting waits for that lock before closing the vault', async () => {
    const { emit, unlock } = await boot();
    unlock();
    let release: () => void = () => undefined;
    vault.lockGate = new Promise<void>((r) => (release = r));
    emit('window-all-closed');
    expect(lock).toHaveBeenCalledWith('window-closed');
    emit('will-quit', { preventDefault: vi.fn() });
    await new Promise((r) => setTimeout(r, 10));
    expect(close).not.toHaveBeenCalled();
    release();
    await vi.waitFor(() => expect(vault.order).toEqual(['lock window-closed', 'quit', 'close', 'quit']));
  });
});
