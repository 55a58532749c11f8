import { create } from 'zustand';
import type { BackupListing, BackupRun, BackupScheduleSettings, BackupStatusView } from '../../../shared/domain';
import type { ErrorData } from '../../../shared/errors';
import { asErrorData, call } from '../bridge/client';
import { registerReset } from '../stores/registry';

/** How often the progress bar asks main while a backup runs (the bridge has request/response only). */
export const PROGRESS_POLL_MS = 500;
/** A cancel that reached main before the backup started is sent again after this long. */
const CANCEL_RETRY_MS = 200;
/** How often the page looks again while a scheduled backup runs. */
const SCHEDULED_POLL_MS = 2_000;

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
  load: () => Promise<void>;
  loadList: () => Promise<void>;
  saveSchedule: (settings: BackupScheduleSettings) => Promise<ErrorData | null>;
  /** Backs up into `folder`, or asks main to show the folder dialog when absent. */
  backupNow: (folder?: string) => Promise<void>;
  cancel: () => Promise<void>;
  acknowledgeMissed: () => Promise<void>;
  clearResult: () => void;
  reset: () => void;
}

const initial = { view: null, loadError: null, listing: null, run: null, busy: false, result: null };

let progressTimer: ReturnType<typeof setInterval> | null = null;
let scheduledTimer: ReturnType<typeof setTimeout> | null = null;

function stopTimers(): void {
  if (progressTimer) clearInterval(progressTimer);
  if (scheduledTimer) clearTimeout(scheduledTimer);
  progressTimer = null;
  scheduledTimer = null;
}

export const useBackupStore = create<BackupState>()((set, get) => ({
  ...initial,
  load: async () => {
    try {
      const view = await call('backupStatus', {});
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
      set({ loadError: asErrorData(err) });
    }
  },
  loadList: async () => {
    try {
      set({ listing: await call('backupList', {}) });
    } catch (err) {
      set({ listing: { folder: null, files: [], error: asErrorData(err).code } });
    }
  },
  saveSchedule: async (settings) => {
    try {
      set({ view: await call('backupScheduleSet', settings) });
      void get().loadList();
      return null;
    } catch (err) {
      return asErrorData(err);
    }
  },
  backupNow: async (folder) => {
    if (get().busy) return;
    set({ busy: true, result: null, run: { trigger: 'manual', phase: 'starting', percent: 0, startedAt: new Date().toISOString(), cancelling: false } });
    progressTimer = setInterval(() => {
      void call('backupProgress', {}).then(
        (run) => {
          if (get().busy && run?.trigger === 'manual') set({ run });
        },
        () => undefined,
      );
    }, PROGRESS_POLL_MS);
    try {
      const created = await call('backupNow', folder ? { folder } : {});
      set({ result: created.cancelled ? { kind: 'cancelled' } : { kind: 'created', path: created.path, bytes: created.bytes } });
    } catch (err) {
      set({ result: { kind: 'failed', error: asErrorData(err) } });
    } finally {
      if (progressTimer) clearInterval(progressTimer);
      progressTimer = null;
      set({ busy: false, run: null });
    }
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
    try {
      set({ view: await call('backupAcknowledge', {}) });
    } catch {
      // Shown again at the next look; nothing is lost.
    }
  },
  clearResult: () => set({ result: null }),
  reset: () => {
    stopTimers();
    set(initial);
  },
}));

registerReset(() => useBackupStore.getState().reset());
