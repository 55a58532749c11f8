/**
 * The shell's part in backups: one BackupService for the app's vault, its
 * scheduler checking every minute (and at once on start, so a run missed
 * while the app was closed happens now), again after the PC wakes, and
 * stopped before the app quits. Electron objects are passed in (fakes in tests).
 */
import { BackupService, type BackupServiceOptions } from '../core/backup/backup-service';
import type { SchedulerClock } from '../core/backup/schedule/scheduler';
import type { VaultManager } from '../core/vault/vault-manager';

/** The part of Electron's powerMonitor used here. */
export interface ResumeSource {
  on(event: 'resume', listener: () => void): unknown;
}

export interface BackupAppDeps {
  manager: VaultManager;
  appVersion: string;
  powerMonitor: ResumeSource;
  /** One line, no vault data. */
  log: (message: string) => void;
  clock?: SchedulerClock;
  /** See BackupServiceOptions.beforePhase; main passes none. */
  beforePhase?: BackupServiceOptions['beforePhase'];
}

export interface BackupApp {
  service: BackupService;
  /** Stops the scheduler; a scheduled run in progress is cancelled (recorded so) and awaited. */
  dispose(): Promise<void>;
}

export function startBackups(deps: BackupAppDeps): BackupApp {
  const service = new BackupService({
    manager: deps.manager,
    appVersion: deps.appVersion,
    log: deps.log,
    ...(deps.clock ? { clock: deps.clock } : {}),
    ...(deps.beforePhase ? { beforePhase: deps.beforePhase } : {}),
  });
  const detach = service.attach();
  let disposed = false;
  // Timers do not run while the PC sleeps: look again when it wakes.
  deps.powerMonitor.on('resume', () => {
    if (!disposed) void service.scheduler.tick();
  });
  service.scheduler.start();
  return {
    service,
    dispose: async () => {
      if (disposed) return;
      disposed = true;
      detach();
      await service.scheduler.stop();
    },
  };
}
