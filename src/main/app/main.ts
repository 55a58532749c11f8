/**
 * Electron entry point: wires the real `electron` module into the small,
 * separately tested pieces of the shell. Order matters and is commented.
 */
import { existsSync } from 'node:fs';
import { app, BrowserWindow, clipboard, dialog, ipcMain, powerMonitor, protocol, session, shell } from 'electron';
import { localeFrom } from '../../shared/messages';
import { configureNativeBinding } from '../core/db/native';
import { ExtractingReader } from '../core/extract/content-reader';
import { TextExtractor } from '../core/extract/extract-runner';
import { OcrEngine } from '../core/extract/ocr';
import { VaultManager } from '../core/vault/vault-manager';
import { registerHandlers } from '../ipc/handlers';
import { IpcRouter } from '../ipc/router';
import { APP_ORIGIN, isTrustedSender } from '../ipc/sender';
import { startBackups, type BackupApp } from './backup-app';
import { ClipboardGuard } from './clipboard-guard';
import { findDebugSwitch, nodeOptionsArgs, REFUSED_SWITCHES } from './debug-switches';
import { createFileDialogs } from './file-dialogs';
import { wireIpc } from './ipc-wiring';
import { LockShell } from './lock-shell';
import { bundlePaths, defaultStateDir, defaultVaultDir, nativeBindingPath } from './paths';
import { registerAppScheme, serveAppProtocol } from './protocol';
import { guardAllWebContents, hardenSession } from './security';
import { createMainWindow } from './window';

const openExternal = (url: string): Promise<void> => shell.openExternal(url);

/** A debugger attached to this process could read the unlocked vault; refuse before anything else runs. */
function refusedDebugSwitch(): string | null {
  const args = [...process.argv.slice(1), ...process.execArgv, ...nodeOptionsArgs(process.env['NODE_OPTIONS'])];
  return (
    findDebugSwitch(args, process.platform) ?? REFUSED_SWITCHES.find((name) => app.commandLine.hasSwitch(name)) ?? null
  );
}

/** Logs what failed without the error's message or stack, which could quote request data. */
function describeError(err: unknown): string {
  if (!(err instanceof Error)) return typeof err;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? `${err.name} (${code})` : err.name;
}

function start(): void {
  // Before ready: every renderer sandboxed, and app:// registered as a real, secure origin.
  app.enableSandbox();
  registerAppScheme(protocol);

  // A second copy would open the same vault files; hand focus to the first instead.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }

  let manager: VaultManager | null = null;
  let mainWindow: BrowserWindow | null = null;
  let lockShell: LockShell | null = null;
  let clipboardGuard: ClipboardGuard | null = null;
  let backups: BackupApp | null = null;
  /** Reads documents' content for search: the extraction worker and the one OCR engine of the process. */
  let reading: { extractor: TextExtractor; ocr: OcrEngine } | null = null;

  guardAllWebContents(app, openExternal);

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  // Quit on every platform when the window closes: a vault should not linger unlocked in the dock.
  app.on('window-all-closed', () => {
    lockShell?.lastWindowClosed();
    app.quit();
  });

  app.on('will-quit', (event) => {
    const closing = manager;
    manager = null;
    if (!closing) return;
    // Hold the exit until the vault has locked (keys zeroed) and the database closed cleanly.
    event.preventDefault();
    const locks = lockShell;
    lockShell = null;
    // Scheduled backups stop first; a run in progress is cancelled and recorded as such.
    const backupsStopped = backups?.dispose() ?? Promise.resolve();
    backups = null;
    const readers = reading;
    reading = null;
    // A lock trigger (e.g. the window closing) may still be closing the vault: let it finish first.
    const close = () => closing.close();
    const guard = clipboardGuard;
    (locks?.lockInProgress ? locks.settled().then(close) : close())
      .catch((err: unknown) => console.error('[zhangdun] close failed:', describeError(err)))
      // The final lock started clearing the clipboard; on Windows and macOS its content outlives the app.
      .then(() => guard?.settled())
      .then(() => backupsStopped)
      .then(() => Promise.allSettled([readers?.extractor.close(), readers?.ocr.close()]))
      .finally(() => {
        locks?.dispose();
        guard?.dispose();
        app.quit();
      });
  });

  app
    .whenReady()
    .then(() => {
      const binding = nativeBindingPath({
        isPackaged: app.isPackaged,
        resourcesPath: process.resourcesPath,
        electronVersion: process.versions.electron,
        env: process.env,
      });
      // Without it the first unlock would fail deep inside SQLite; say so plainly at start instead.
      if (!binding || !existsSync(binding)) {
        console.error(`[zhangdun] No Electron build of the SQLite addon (${binding ?? 'not set'}): start the app with \`npm start\`.`);
        app.exit(1);
        return;
      }
      configureNativeBinding(binding);

      hardenSession(session.defaultSession);
      const paths = bundlePaths(__dirname);
      serveAppProtocol(protocol, paths.renderer);

      const locale = localeFrom(app.getLocale());
      const userData = app.getPath('userData');
      reading = { extractor: new TextExtractor(), ocr: new OcrEngine() };
      manager = new VaultManager({
        vaultDir: defaultVaultDir(process.env, userData),
        stateDir: defaultStateDir(process.env, userData),
        locale,
        contentReader: new ExtractingReader(reading.extractor, reading.ocr),
      });
      clipboardGuard = new ClipboardGuard(clipboard);
      // Lock triggers: idle (system idle time), screen lock, sleep, user switch, last window, Ctrl+L.
      const locks = new LockShell({
        manager,
        powerMonitor,
        platform: process.platform,
        clipboard: clipboardGuard,
        log: (message) => console.error(message),
      });
      lockShell = locks;
      // Scheduled backups: checked every minute, at rest while locked, without anyone typing a password.
      const backupApp = startBackups({ manager, appVersion: app.getVersion(), powerMonitor, log: (message) => console.error(message) });
      backups = backupApp;
      const router = new IpcRouter({
        isTrusted: (sender) => isTrustedSender(sender, APP_ORIGIN),
        locale: () => locale,
        onInternalError: (channel, err) => console.error(`[zhangdun] internal error on ${channel}:`, describeError(err)),
      });
      registerHandlers(router, {
        manager,
        appInfo: { version: app.getVersion(), platform: process.platform },
        dialogs: createFileDialogs(dialog, () => mainWindow, () => app.getPath('documents')),
        clipboard: clipboardGuard,
        onLockSettingsChanged: (effective) => locks.locker.applySettings(effective),
        backup: backupApp.service,
      });
      wireIpc(ipcMain, router);

      mainWindow = createMainWindow({
        createWindow: (options) => new BrowserWindow(options),
        preloadPath: paths.preload,
        openExternal,
        devTools: !app.isPackaged,
        openDevTools: !app.isPackaged && process.env['ZHANGDUN_DEV'] === '1',
      });
      mainWindow.on('closed', () => {
        mainWindow = null;
      });
      // Before the window is shown: content protection, Ctrl+L, and a reload after every lock.
      locks.attachWindow(mainWindow);
    })
    .catch((err: unknown) => {
      // No request has been served yet, so the message cannot quote vault data.
      console.error('[zhangdun] failed to start:', describeError(err), err instanceof Error ? err.message : '');
      app.exit(1);
    });
}

const refused = refusedDebugSwitch();
if (refused) {
  console.error(`[zhangdun] Refusing to start with --${refused}: a debugger could read the unlocked vault.`);
  process.exit(1);
} else {
  start();
}
