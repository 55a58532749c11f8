import { describe, expect, it, vi } from 'vitest';
import { APP_ENTRY_URL, createMainWindow, secureWebPreferences, type WindowOptions } from '../../../src/main/app/window';
import { fakeContents } from './fakes';

function fakeWindow() {
  const contents = { ...fakeContents(), openDevTools: vi.fn() };
  const once: Array<[string, () => void]> = [];
  return {
    webContents: contents,
    once: vi.fn((event: 'ready-to-show', listener: () => void) => once.push([event, listener])),
    show: vi.fn(),
    loadURL: vi.fn((_url: string) => Promise.resolve()),
    fireOnce: (event: string) => once.filter(([e]) => e === event).forEach(([, l]) => l()),
  };
}

function build(devTools = false, openDevTools = false) {
  const created: WindowOptions[] = [];
  const win = fakeWindow();
  createMainWindow({
    createWindow: (options) => {
      created.push(options);
      return win;
    },
    preloadPath: '/app/out/preload/index.js',
    openExternal: () => Promise.resolve(),
    devTools,
    openDevTools,
  });
  return { created, win };
}

describe('createMainWindow', () => {
  it('creates the window sandboxed, isolated, without Node or <webview>', () => {
    const { created } = build();
    expect(created).toHaveLength(1);
    const prefs = created[0]!.webPreferences;
    expect(prefs.sandbox).toBe(true);
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.spellcheck).toBe(false);
    expect(prefs.navigateOnDragDrop).toBe(false);
    expect(prefs.preload).toBe('/app/out/preload/index.js');
  });

  it('pins the complete preference set (a new key must be reviewed here)', () => {
    expect(secureWebPreferences('/p.js', false)).toEqual({
      preload: '/p.js',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      devTools: false,
    });
  });

  it('loads only the app:// entry page', () => {
    const { win } = build();
    expect(APP_ENTRY_URL).toBe('app://zhangdun/index.html');
    expect(win.loadURL).toHaveBeenCalledTimes(1);
    expect(win.loadURL).toHaveBeenCalledWith('app://zhangdun/index.html');
  });

  it('guards its own webContents even without the app-wide hook', () => {
    const { win } = build();
    expect(win.webContents.navigateTo('https://evil.example/')).toBe(true);
    expect(win.webContents.openWindow('https://evil.example/')).toEqual({ action: 'deny' });
  });

  it('stays hidden until painted', () => {
    const { created, win } = build();
    expect(created[0]!.show).toBe(false);
    expect(win.show).not.toHaveBeenCalled();
    win.fireOnce('ready-to-show');
    expect(win.show).toHaveBeenCalledTimes(1);
  });

  it('developer tools: off unless allowed, opened only when also asked', () => {
    expect(build(false, true).created[0]!.webPreferences.devTools).toBe(false);
    expect(build(false, true).win.webContents.openDevTools).not.toHaveBeenCalled();
    expect(build(true, false).win.webContents.openDevTools).not.toHaveBeenCalled();
    expect(build(true, true).win.webContents.openDevTools).toHaveBeenCalledTimes(1);
  });
});
