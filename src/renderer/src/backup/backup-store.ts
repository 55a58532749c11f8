import { create } from 'zustand';
import type {
  BackupFilePicked,
  BackupListing,
  BackupRestored,
  BackupRun,
  BackupScheduleSettings,
  BackupStatusView,
  BackupVerified,
  FolderPicked,
} from '../../../shared/domain';
import type { ErrorData, Result } from '../../../shared/errors';
import { asErrorData, call, tryCall } from '../bridge/client';
import { registerReset, resetAllStores } from '../stores/registry';
import { useVaultStore } from '../stores/vault-store';

/** How often the progress bar asks main while a backup runs (the bridge has request/response only). */
export const PROGRESS_POLL_MS = 500;
/** A cancel that reached main before the backup started is sent again after this long. */
export const CANCEL_RETRY_MS = 200;
/** How often the page looks again while a scheduled backup runs. */
export const SCHEDULED_POLL_MS = 2_000;

export type BackupResult =
  | { kind: 'created'; path: string; bytes: number }
  | { kind: 'cancelled' }
  | { kind: 'failed'; error: ErrorData };

interface BackupState {
  view: BackupStatusView | null;
  loadError: ErrorData | null;
  listing: BackupListing | null;
  /** A manual backup started here: its live progress (null between polls of a scheduled run). */
  run: BackupRun | null;
  busy: boolean;
  result: BackupResult | null;
  /** 重新设置计划 was pressed: the schedule form scrolls into view once, wherever the button was. */
  editScheduleAsked: boolean;
  load: () => Promise<void>;
  loadList: () => Promise<void>;
  saveSchedule: (settings: BackupScheduleSettings) => Promise<ErrorData | null>;
  /** The folder dialog, for the schedule's folder. */
  pickFolder: () => Promise<Result<FolderPicked>>;
  /** Backs up into `folder`, or asks main to show the folder dialog when absent. */
  backupNow: (folder?: string) => Promise<void>;
  cancel: () => Promise<void>;
  acknowledgeMissed: () => Promise<void>;
  clearResult: () => void;
  askEditSchedule: () => void;
  /** The schedule form is in view: the request is done. */
  editScheduleShown: () => void;
  /** The open-file dialog, for a backup to restore. */
  pickFile: () => Promise<Result<BackupFilePicked>>;
  /** After how many days without a verified backup the header warns. */
  setWarnDays: (days: number) => Promise<ErrorData | null>;
  /** The open-file dialog, then the recovery key main reads from the file (the sheet's PDF, a key file). */
  readKeyFile: () => Promise<Result<{ cancelled: true } | { cancelled: false; recoveryKey: string }>>;
  /** Decrypts and checks a backup with the recovery key, which only passes through. */
  verify: (path: string, recoveryKey: string) => Promise<Result<BackupVerified>>;
  /**
   * Restores; main then locks the vault, so every store is cleared and the sign-in screen shows.
   * `acceptUnsigned`: the owner, warned, restores a backup not signed by this vault.
   */
  restore: (path: string, recoveryKey: string, acceptUnsigned?: boolean) => Promise<Result<BackupRestored>>;
  reset: () => void;
}

const initial = { view: null, loadError: null, listing: null, run: null, busy: false, result: null, editScheduleAsked: false };

let progressTimer: ReturnType<typeof setInterval> | null = null;
let scheduledTimer: ReturnType<typeof setTimeout> | null = null;
// Bumped by reset: answers to requests made before a lock are dropped.
let generation = 0;

function stopTimers(): void {
  if (progressTimer) clearInterval(progressTimer);
  if (scheduledTimer) clearTimeout(scheduledTimer);
  progressTimer = null;
  scheduledTimer = null;
}

export const useBackupStore = create<BackupState>()((set, get) => ({
  ...initial,
  load: async () => {
    const mine = generation;
    try {
      const view = await call('backupStatus', {});
      if (mine !== generation) return;
      set({ view, loadError: null });
      // A scheduled backup is running: look again until it is done.
      if (view.running?.trigger === 'scheduled' && !get().busy && !scheduledTimer) {
        scheduledTimer = setTimeout(() => {
          scheduledTimer = null;
          void get().load();
          void get().loadList();
        }, SCHEDULED_POLL_MS);
      }
    } catch (err) {
      if (mine === generation) set({ loadError: asErrorData(err) });
    }
  },
  loadList: async () => {
    const mine = generation;
    try {
      const listing = await call('backupList', {});
      if (mine === generation) set({ listing });
    } catch (err) {
      if (mine === generation) set({ listing: { folder: null, files: [], error: asErrorData(err).code } });
    }
  },
  saveSchedule: async (settings) => {
    const mine = generation;
    try {
      const view = await call('backupScheduleSet', settings);
      if (mine !== generation) return null;
      set({ view });
      void get().loadList();
      return null;
    } catch (err) {
      return asErrorData(err);
    }
  },
  pickFolder: () => tryCall('backupPickFolder', {}),
  backupNow: async (folder) => {
    if (get().busy) return;
    const mine = generation;
    set({ busy: true, result: null, run: { trigger: 'manual', phase: 'starting', percent: 0, startedAt: new Date().toISOString(), cancelling: false } });
    const timer = setInterval(() => {
      void call('backupProgress', {}).then(
        (run) => {
          if (get().busy && run?.trigger === 'manual') set({ run });
        },
        () => undefined,
      );
    }, PROGRESS_POLL_MS);
    progressTimer = timer;
    let result: BackupResult;
    try {
      const created = await call('backupNow', folder ? { folder } : {});
      result = created.cancelled ? { kind: 'cancelled' } : { kind: 'created', path: created.path, bytes: created.bytes };
    } catch (err) {
      result = { kind: 'failed', error: asErrorData(err) };
    } finally {
      clearInterval(timer);
      if (progressTimer === timer) progressTimer = null;
    }
    // Locked meanwhile: the page is gone and shows nothing.
    if (mine !== generation) return;
    set({ result, busy: false, run: null });
    await Promise.all([get().load(), get().loadList()]);
  },
  cancel: async () => {
    const run = get().run;
    if (run) set({ run: { ...run, cancelling: true } });
    // Clicked before main started the backup (still checking, or the folder dialog is open): ask again until it has.
    for (let attempt = 0; attempt < 50 && get().busy; attempt++) {
      try {
        if ((await call('backupCancel', {})).cancelling) return;
      } catch {
        // The backup ends on its own; its outcome is shown when backupNow answers.
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, CANCEL_RETRY_MS));
    }
  },
  acknowledgeMissed: async () => {
    const mine = generation;
    try {
      const view = await call('backupAcknowledge', {});
      if (mine === generation) set({ view });
    } catch {
      // Shown again at the next look; nothing is lost.
    }
  },
  clearResult: () => set({ result: null }),
  askEditSchedule: () => set({ editScheduleAsked: true }),
  editScheduleShown: () => set({ editScheduleAsked: false }),
  pickFile: () => tryCall('backupPickFile', {}),
  readKeyFile: () => tryCall('recoveryKeyReadFile', {}),
  setWarnDays: async (days) => {
    const saved = await tryCall('backupWarnDaysSet', { days });
    if (!saved.ok) return saved.error;
    set({ view: saved.data });
    return null;
  },
  verify: (path, recoveryKey) => tryCall('backupVerify', { path, recoveryKey }),
  restore: async (path, recoveryKey, acceptUnsigned = false) => {
    // Sent only when accepted, so a request without it is always refused for a backup not this vault's.
    const result = await tryCall('backupRestore', { path, recoveryKey, ...(acceptUnsigned ? { acceptUnsigned: true } : {}) });
    if (result.ok) {
      // The vault is locked now: drop every client view and show the sign-in screen.
      resetAllStores();
      useVaultStore.setState({ status: result.data.status, statusError: null });
    }
    return result;
  },
  reset: () => {
    generation++;
    stopTimers();
    set(initial);
  },
}));

registerReset(() => useBackupStore.getState().reset());
