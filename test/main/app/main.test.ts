/**
 * Runs the real entry point (src/main/app/main.ts) against a fake `electron`
 * module: checks the start-up order, the refusal of debug switches, and that
 * the real pieces are wired in (no real Electron is loaded).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNELS, ipcChannel } from '../../../src/shared/channels';
import { fakeContents } from './fakes';

type Listener = (...args: unknown[]) => unknown;

function makeElectron(options: { locale?: string; gotLock?: boolean; switches?: string[]; isPackaged?: boolean } = {}) {
  const calls: string[] = [];
  const appListeners = new Map<string, Listener[]>();
  let ready!: () => void;
  const readyPromise = new Promise<void>((resolve) => (ready = resolve));
  const windows: Array<{ options: { webPreferences: Record<string, unknown> } }> = [];

  class BrowserWindow {
    readonly webContents = { ...fakeContents(), openDevTools: vi.fn(), reload: vi.fn() };
    readonly setContentProtection = vi.fn();
    isDestroyed() {
      return false;
    }
    readonly loadURL = vi.fn((_url: string) => Promise.resolve());
    constructor(readonly options: { webPreferences: Record<string, unknown> }) {
      calls.push('new BrowserWindow');
      windows.push(this);
    }
    once() {}
    on() {}
    show() {}
    isMinimized() {
      return false;
    }
    restore() {}
    focus() {}
  }

  const session = {
    setPermissionRequestHandler: vi.fn(() => calls.push('setPermissionRequestHandler')),
    setPermissionCheckHandler: vi.fn(),
    setDevicePermissionHandler: vi.fn(),
    on: vi.fn(),
    webRequest: { onBeforeRequest: vi.fn() },
  };

  const electron = {
    app: {
      isPackaged: options.isPackaged ?? false,
      commandLine: { hasSwitch: (name: string) => (options.switches ?? []).includes(name) },
      enableSandbox: vi.fn(() => calls.push('enableSandbox')),
      requestSingleInstanceLock: vi.fn(() => options.gotLock ?? true),
      on: vi.fn((event: string, listener: Listener) => {
        appListeners.set(event, [...(appListeners.get(event) ?? []), listener]);
      }),
      whenReady: vi.fn(() => readyPromise),
      getLocale: () => options.locale ?? 'zh-CN',
      getPath: (name: string) => `/home/staff/.config/Zhangdun-${name}`,
      getVersion: () => '0.1.0',
      quit: vi.fn(() => calls.push('quit')),
      exit: vi.fn((code: number) => calls.push(`exit ${code}`)),
    },
    protocol: {
      registerSchemesAsPrivileged: vi.fn(() => calls.push('registerSchemesAsPrivileged')),
      handle: vi.fn((scheme: string) => calls.push(`protocol.handle ${scheme}`)),
    },
    session: { defaultSession: session },
    ipcMain: { handle: vi.fn((channel: string) => calls.push(`ipcMain.handle ${channel}`)) },
    shell: { openExternal: vi.fn(() => Promise.resolve()) },
    dialog: { showOpenDialog: vi.fn(), showSaveDialog: vi.fn() },
    powerMonitor: { on: vi.fn(), getSystemIdleTime: () => 0 },
    clipboard: { readText: vi.fn(async () => ''), writeText: vi.fn(async () => undefined), clear: vi.fn() },
    BrowserWindow,
  };

  const emit = (event: string, ...args: unknown[]) => (appListeners.get(event) ?? []).map((l) => l(...args));
  return { electron, calls, windows, session, emit, ready: () => (ready(), readyPromise) };
}

const manager = vi.hoisted(() => ({ constructed: [] as unknown[], close: vi.fn(() => Promise.resolve()) }));
const native = vi.hoisted(() => ({ configured: [] as Array<string | undefined>, existing: new Set<string>() }));

let savedArgv: string[];
let savedEnv: NodeJS.ProcessEnv;
let exitSpy: ReturnType<typeof vi.spyOn>;

beforeEach(() => {
  vi.resetModules();
  savedArgv = process.argv;
  savedEnv = { ...process.env };
  process.argv = ['/usr/lib/zhangdun/electron', '.'];
  process.env['ZHANGDUN_NATIVE_BINDING'] = '/repo/.native/electron/45.5.0/better_sqlite3.node';
  process.env['ZHANGDUN_VAULT'] = '/data/test-vault';
  delete process.env['NODE_OPTIONS'];
  manager.constructed.length = 0;
  manager.close.mockClear();
  native.configured.length = 0;
  native.existing = new Set([
    '/repo/.native/electron/45.5.0/better_sqlite3.node',
    '/opt/Zhangdun/resources/native/45.5.0/better_sqlite3.node',
  ]);
  exitSpy = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  vi.doMock('../../../src/main/core/vault/vault-manager', () => ({
    VaultManager: class {
      constructor(options: unknown) {
        manager.constructed.push(options);
      }
      close = manager.close;
      subscribe = () => () => undefined;
    },
  }));
  vi.doMock('node:fs', async (importOriginal) => {
    const fs = await importOriginal<typeof import('node:fs')>();
    return { ...fs, existsSync: (path: string) => native.existing.has(path) };
  });
  vi.doMock('../../../src/main/core/db/native', () => ({
    configureNativeBinding: (path: string | undefined) => native.configured.push(path),
  }));
});

afterEach(() => {
  process.argv = savedArgv;
  process.env = savedEnv;
  vi.restoreAllMocks();
  vi.doUnmock('electron');
  vi.doUnmock('node:fs');
});

async function boot(fake: ReturnType<typeof makeElectron>) {
  vi.doMock('electron', () => fake.electron);
  await import('../../../src/main/app/main');
}

describe('main entry', () => {
  it.each([['--inspect'], ['--inspect-brk=9229'], ['--remote-debugging-port=9222']])(
    'refuses to start with %s on the command line',
    async (flag) => {
      process.argv = [...process.argv, flag];
      const fake = makeElectron();
      await boot(fake);
      expect(exitSpy).toHaveBeenCalledWith(1);
      expect(fake.electron.app.enableSandbox).not.toHaveBeenCalled();
      expect(fake.electron.app.whenReady).not.toHaveBeenCalled();
    },
  );

  it('refuses --inspect given through NODE_OPTIONS', async () => {
    process.env['NODE_OPTIONS'] = '--inspect';
    const fake = makeElectron();
    await boot(fake);
    expect(exitSpy).toHaveBeenCalledWith(1);
    expect(fake.electron.app.whenReady).not.toHaveBeenCalled();
  });

  it('refuses a remote-debugging switch Chromium reports even if argv hides it', async () => {
    const fake = makeElectron({ switches: ['remote-debugging-port'] });
    await boot(fake);
    expect(exitSpy).toHaveBeenCalledWith(1);
    expect(fake.electron.app.whenReady).not.toHaveBeenCalled();
  });

  it('before ready: enables the sandbox and registers app:// as privileged', async () => {
    const fake = makeElectron();
    await boot(fake);
    expect(exitSpy).not.toHaveBeenCalled();
    expect(fake.calls.slice(0, 2)).toEqual(['enableSandbox', 'registerSchemesAsPrivileged']);
    expect(fake.electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    expect(fake.windows).toHaveLength(0);
  });

  it('on ready: hardens the session, serves app://, wires every channel, then opens one sandboxed window', async () => {
    const fake = makeElectron({ locale: 'en-US' });
    await boot(fake);
    await fake.ready();
    await vi.waitFor(() => expect(fake.windows).toHaveLength(1));

    const order = fake.calls.filter((c) => !c.startsWith('ipcMain.handle'));
    expect(order).toEqual([
      'enableSandbox',
      'registerSchemesAsPrivileged',
      'setPermissionRequestHandler',
      'protocol.handle app',
      'new BrowserWindow',
    ]);
    const wired = fake.calls.filter((c) => c.startsWith('ipcMain.handle ')).map((c) => c.slice('ipcMain.handle '.length));
    expect(wired.sort()).toEqual(CHANNELS.map(ipcChannel).sort());
    expect(fake.calls.lastIndexOf('ipcMain.handle zhangdun:clientGet')).toBeLessThan(fake.calls.indexOf('new BrowserWindow'));

    const prefs = fake.windows[0]!.options.webPreferences;
    expect(prefs).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, webviewTag: false });
    expect(native.configured).toEqual(['/repo/.native/electron/45.5.0/better_sqlite3.node']);
    expect(manager.constructed).toHaveLength(1);
    // The content reader (extraction worker and OCR engine) is the app's own, made once at start.
    const { contentReader, ...options } = manager.constructed[0] as { contentReader?: { read?: unknown } };
    expect(typeof contentReader?.read).toBe('function');
    expect(options).toEqual({ vaultDir: '/data/test-vault', stateDir: process.env.ZHANGDUN_STATE_DIR, locale: 'en' });
    expect(fake.electron.app.requestSingleInstanceLock).toHaveBeenCalledTimes(1);
  });

  it('installs the navigation guard for every WebContents', async () => {
    const fake = makeElectron();
    await boot(fake);
    const contents = fakeContents();
    fake.emit('web-contents-created', {}, contents);
    expect(contents.navigateTo('https://evil.example/')).toBe(true);
    expect(contents.openWindow('https://evil.example/')).toEqual({ action: 'deny' });
  });

  it('quits when the window closes and closes the vault before exiting', async () => {
    const fake = makeElectron();
    await boot(fake);
    await fake.ready();
    await vi.waitFor(() => expect(fake.windows).toHaveLength(1));
    fake.emit('window-all-closed');
    expect(fake.electron.app.quit).toHaveBeenCalled();
    const event = { preventDefault: vi.fn() };
    fake.emit('will-quit', event);
    expect(event.preventDefault).toHaveBeenCalled();
    expect(manager.close).toHaveBeenCalledTimes(1);
    // The second will-quit (after close) goes through.
    const again = { preventDefault: vi.fn() };
    fake.emit('will-quit', again);
    expect(again.preventDefault).not.toHaveBeenCalled();
  });

  it('a second instance quits at once', async () => {
    const fake = makeElectron({ gotLock: false });
    await boot(fake);
    expect(fake.electron.app.quit).toHaveBeenCalled();
    expect(fake.electron.app.whenReady).not.toHaveBeenCalled();
  });

  it('an unpackaged run without the Electron SQLite build stops instead of loading the Node build', async () => {
    delete process.env['ZHANGDUN_NATIVE_BINDING'];
    const fake = makeElectron();
    await boot(fake);
    await fake.ready();
    await vi.waitFor(() => expect(fake.electron.app.exit).toHaveBeenCalledWith(1));
    expect(fake.windows).toHaveLength(0);
    expect(manager.constructed).toHaveLength(0);
  });

  it('stops when the named SQLite build does not exist', async () => {
    native.existing.clear();
    const fake = makeElectron();
    await boot(fake);
    await fake.ready();
    await vi.waitFor(() => expect(fake.electron.app.exit).toHaveBeenCalledWith(1));
    expect(native.configured).toEqual([]);
    expect(fake.windows).toHaveLength(0);
  });

  it('a packaged run ignores ZHANGDUN_NATIVE_BINDING and loads the shipped addon', async () => {
    process.env['ZHANGDUN_NATIVE_BINDING'] = '/tmp/evil.node';
    const resourcesPath = (process as { resourcesPath?: string }).resourcesPath;
    Object.assign(process, { resourcesPath: '/opt/Zhangdun/resources' });
    // Under Electron process.versions.electron is always set; Node lacks it.
    Object.defineProperty(process.versions, 'electron', { value: '45.5.0', configurable: true });
    try {
      const fake = makeElectron({ isPackaged: true });
      await boot(fake);
      await fake.ready();
      await vi.waitFor(() => expect(fake.windows).toHaveLength(1));
      expect(native.configured).toEqual(['/opt/Zhangdun/resources/native/45.5.0/better_sqlite3.node']);
      expect(fake.windows[0]!.options.webPreferences['devTools']).toBe(false);
    } finally {
      Object.assign(process, { resourcesPath });
      Reflect.deleteProperty(process.versions, 'electron');
    }
  });
});
