/**
 * The main window. Its webPreferences are the security boundary between the
 * UI and the process holding the vault keys: the page runs sandboxed, in an
 * isolated world, without Node, and can reach main only through the preload's
 * named functions.
 */
import { APP_ORIGIN } from '../ipc/sender';
import { guardWebContents, type GuardableContents, type OpenExternal } from './navigation';

/** The page every window loads; served by the app:// protocol handler from the built bundle. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** The preferences every window gets. Tests pin each of these. */
export function secureWebPreferences(preloadPath: string, devTools: boolean) {
  return {
    preload: preloadPath,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    // Spellcheck would send typed text (client names, notes) to a dictionary service on some platforms.
    spellcheck: false,
    // Dropping a file on the window must not navigate to it.
    navigateOnDragDrop: false,
    safeDialogs: true,
    devTools,
  } as const;
}

export type SecureWebPreferences = ReturnType<typeof secureWebPreferences>;

export interface WindowOptions {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  show: boolean;
  backgroundColor: string;
  webPreferences: SecureWebPreferences;
}

/** The parts of BrowserWindow the shell uses. */
export interface WindowLike {
  readonly webContents: GuardableContents & { openDevTools(options: { mode: 'detach' }): void };
  once(event: 'ready-to-show', listener: () => void): unknown;
  show(): void;
  loadURL(url: string): Promise<void>;
}

export interface MainWindowDeps<W extends WindowLike> {
  /** `(options) => new BrowserWindow(options)` in the app; a fake in tests. */
  createWindow: (options: WindowOptions) => W;
  preloadPath: string;
  openExternal: OpenExternal;
  /** Developer tools are available only in unpackaged runs. */
  devTools: boolean;
  /** Open them at start (npm run dev). */
  openDevTools?: boolean;
}

export function createMainWindow<W extends WindowLike>(deps: MainWindowDeps<W>): W {
  const win = deps.createWindow({
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 600,
    // Shown once painted, so staff never see a blank white frame.
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: secureWebPreferences(deps.preloadPath, deps.devTools),
  });
  // Also installed by the app-wide hook; calling it here keeps the window safe even if the hook is missing.
  guardWebContents(win.webContents, deps.openExternal);
  win.once('ready-to-show', () => win.show());
  if (deps.devTools && deps.openDevTools) win.webContents.openDevTools({ mode: 'detach' });
  // The error names only the URL; nothing from the vault is in it.
  win.loadURL(APP_ENTRY_URL).catch((err: unknown) => console.error('[zhangdun] UI failed to load:', String(err)));
  return win;
}
