import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBackups, type BackupApp } from '../../../src/main/app/backup-app';
import type { BackupPhase } from '../../../src/main/core/backup/create-backup';
import { ClipboardGuard } from '../../../src/main/app/clipboard-guard';
import { ExtractingReader } from '../../../src/main/core/extract/content-reader';
import { TextExtractor } from '../../../src/main/core/extract/extract-runner';
import { OcrEngine } from '../../../src/main/core/extract/ocr';
import { VaultManager } from '../../../src/main/core/vault/vault-manager';
import { registerHandlers } from '../../../src/main/ipc/handlers';
import { IpcRouter } from '../../../src/main/ipc/router';
import { isTrustedSender } from '../../../src/main/ipc/sender';
import type { LockSettings } from '../../../src/shared/domain';
import { fakeClock } from '../../main/core/lock/fake-clock';
import { clockTimers, MemoryClipboard } from './test-clipboard';
import { TestDialogs } from './test-dialogs';

export interface TestVault {
  /** The vault folder, inside the test's own temp folder. */
  dir: string;
  /** This test's per-user state (anchors, pinned vault identity), beside the vault: never the real profile. */
  stateDir: string;
  manager: VaultManager;
  router: IpcRouter;
  dialogs: TestDialogs;
  /**
   * Wall clock of the lock triggers and the clipboard's clear-after timer; moves only when a test advances it.
   * The vault manager's clock is the real one plus however far a test moved this one.
   */
  clock: ReturnType<typeof fakeClock>;
  /** What main's ClipboardGuard wrote to and cleared (clipboardCopy). */
  clipboard: MemoryClipboard;
  clipboardGuard: ClipboardGuard;
  /** main's onLockSettingsChanged; set by the `locks` fixture, which owns the lock controller. */
  onLockSettingsChanged: ((effective: LockSettings) => void) | null;
  /** Backups as main wires them (scheduler started, on its own clock). */
  backups: BackupApp;
  /** Moves the backup scheduler's clock forward (e.g. past a scheduled time) without touching the lock triggers' clock. */
  backupClock: { skewMs: number };
  /** Holds the next backup run as it enters a phase until released (to cancel it at a known point). */
  backupGate: BackupGate;
  dispose: () => Promise<void>;
}

export class BackupGate {
  private holdAt: BackupPhase | null = null;
  private waiting: (() => void)[] = [];
  private reachedNow: (() => void) | null = null;
  /** Resolves once a run waits at the phase. */
  reached: Promise<void> = Promise.resolve();

  hold(phase: BackupPhase): void {
    this.holdAt = phase;
    this.reached = new Promise((resolve) => (this.reachedNow = resolve));
  }

  release(): void {
    this.holdAt = null;
    for (const go of this.waiting.splice(0)) go();
  }

  readonly beforePhase = (phase: BackupPhase): Promise<void> => {
    if (phase !== this.holdAt) return Promise.resolve();
    this.reachedNow?.();
    return new Promise((resolve) => this.waiting.push(resolve));
  };
}

/**
 * A fresh, empty vault directory with its own VaultManager and an IpcRouter
 * wired exactly as main wires it, except that the trusted origin is the test
 * server's instead of app://zhangdun, and the file dialogs, the clipboard and
 * the clock are stand-ins. The vault, its per-user state folder and anything
 * written beside the vault (a restore's …before-restore-… copy) share one temp
 * folder, removed at dispose.
 */
export async function createTestVault(trustedOrigin: string): Promise<TestVault> {
  const root = await mkdtemp(join(tmpdir(), 'zhangdun-e2e-'));
  const dir = join(root, 'vault');
  const stateDir = join(root, 'state');
  await mkdir(dir);
  // The real reader, as main wires it: content search and OCR run in e2e as in the app.
  const extractor = new TextExtractor();
  const ocr = new OcrEngine();
  const clock = fakeClock(Date.now());
  const clockStart = clock.now();
  // The vault's dates (agreements, a reset's expiry) run with the wall clock, moved on by what a test moves `clock` by.
  const manager = new VaultManager({
    vaultDir: dir,
    stateDir,
    locale: 'zh-CN',
    contentReader: new ExtractingReader(extractor, ocr),
    now: () => Date.now() + (clock.now() - clockStart),
  });
  const router = new IpcRouter({
    isTrusted: (sender) => isTrustedSender(sender, trustedOrigin),
    locale: () => manager.locale,
    onInternalError: (channel, err) => console.error(`[e2e] internal error on ${channel}:`, err),
  });
  const dialogs = new TestDialogs();
  const clipboard = new MemoryClipboard();
  const clipboardGuard = new ClipboardGuard(clipboard, clockTimers(clock));
  const backupClock = { skewMs: 0 };
  const backupGate = new BackupGate();
  const backups = startBackups({
    beforePhase: backupGate.beforePhase,
    manager,
    appVersion: 'e2e',
    powerMonitor: { on: () => undefined },
    log: (message) => console.error(`[e2e] ${message}`),
    clock: {
      now: () => Date.now() + backupClock.skewMs,
      setInterval: (fn, ms) => setInterval(fn, ms),
      clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout),
    },
  });
  const vault: TestVault = {
    dir,
    stateDir,
    manager,
    router,
    dialogs,
    clock,
    clipboard,
    clipboardGuard,
    onLockSettingsChanged: null,
    backups,
    backupClock,
    backupGate,
    dispose: async () => {
      backupGate.release();
      clipboardGuard.dispose();
      try {
        await backups.dispose();
        await manager.close();
      } finally {
        await Promise.allSettled([extractor.close(), ocr.close()]);
        await rm(root, { recursive: true, force: true });
      }
    },
  };
  registerHandlers(router, {
    manager,
    appInfo: { version: 'e2e', platform: process.platform },
    dialogs,
    clipboard: clipboardGuard,
    onLockSettingsChanged: (effective) => vault.onLockSettingsChanged?.(effective),
    backup: backups.service,
  });
  return vault;
}
