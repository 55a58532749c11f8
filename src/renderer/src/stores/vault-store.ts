import { create } from 'zustand';
import type { UnlockProgress, VaultStatus } from '../../../shared/domain';
import type { ErrorData } from '../../../shared/errors';
import { asErrorData, call, tryCall } from '../bridge/client';
import { registerReset, resetAllStores } from './registry';

/**
 * How often the unlock screen asks main what a running unlock is doing. An unlock that is done
 * before the first ask (the usual case) never shows a progress bar.
 */
export const UNLOCK_PROGRESS_POLL_MS = 300;

export interface UnlockOptions {
  /** An owner or admin opens a vault older than they last saw it, having checked why (ROLLED_BACK). */
  acceptRollback?: boolean;
}

interface VaultState {
  /** null until the first vaultStatus answer. */
  status: VaultStatus | null;
  /** What a long unlock is doing (converting an older vault, preparing the person's data); null otherwise. */
  unlockProgress: UnlockProgress | null;
  statusError: ErrorData | null;
  /** Held only between vaultCreate and the owner confirming it is saved. */
  recoveryKey: string | null;
  /** The vault's signing fingerprint, shown and printed with the recovery key. */
  recoveryFingerprint: string | null;
  refresh: () => Promise<void>;
  /** Resolves with the error, if any; on success the recovery key is held until acknowledged. */
  create: (staffName: string, password: string) => Promise<ErrorData | null>;
  acknowledgeRecoveryKey: () => void;
  /**
   * Resolves with the error, if any (WRONG_CREDENTIALS, LOCKED_OUT with the seconds to wait, ROLLED_BACK…).
   * The password only passes through: it is never kept here.
   */
  unlock: (staffName: string, password: string, options?: UnlockOptions) => Promise<ErrorData | null>;
  /** The person read what this unlock found (status.notice): it is not shown again in this session. */
  dismissNotice: () => void;
  /** The open-alerts notice was seen (or followed to the 警报 page). */
  dismissAlerts: () => void;
  /** The confidentiality-agreement reminder was seen. */
  dismissNda: () => void;
  /** Locks main, then clears every store; resolves with the lock error, if any. */
  lock: () => Promise<ErrorData | null>;
  reset: () => void;
}

const initial = { status: null, unlockProgress: null, statusError: null, recoveryKey: null, recoveryFingerprint: null };

/** Asks main for the unlock's progress every UNLOCK_PROGRESS_POLL_MS until stopped; answers after the stop are dropped. */
function pollUnlockProgress(onProgress: (progress: UnlockProgress | null) => void): () => void {
  let stopped = false;
  const timer = setInterval(() => {
    void call('vaultUnlockProgress', {}).then(
      (progress) => {
        if (!stopped) onProgress(progress);
      },
      // A failed ask only means no bar this time; the unlock's own answer says how it went.
      () => undefined,
    );
  }, UNLOCK_PROGRESS_POLL_MS);
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}

export const useVaultStore = create<VaultState>()((set) => ({
  ...initial,
  refresh: async () => {
    try {
      set({ status: await call('vaultStatus', {}), statusError: null });
    } catch (err) {
      set({ statusError: asErrorData(err) });
    }
  },
  create: async (staffName, password) => {
    const created = await tryCall('vaultCreate', { staffName, password });
    if (!created.ok) return created.error;
    set({ status: created.data.status, recoveryKey: created.data.recoveryKey, recoveryFingerprint: created.data.fingerprint, statusError: null });
    return null;
  },
  acknowledgeRecoveryKey: () => set({ recoveryKey: null, recoveryFingerprint: null }),
  unlock: async (staffName, password, options = {}) => {
    const stop = pollUnlockProgress((unlockProgress) => set({ unlockProgress }));
    // tryCall never throws: the poll always stops here.
    const unlocked = await tryCall('vaultUnlock', { staffName, password, ...(options.acceptRollback ? { acceptRollback: true } : {}) });
    stop();
    if (!unlocked.ok) {
      set({ unlockProgress: null });
      return unlocked.error;
    }
    set({ status: unlocked.data, statusError: null, unlockProgress: null });
    return null;
  },
  dismissNotice: () =>
    set(({ status }) => {
      if (!status?.notice) return {};
      const { notice: _seen, ...rest } = status;
      return { status: rest };
    }),
  dismissAlerts: () =>
    set(({ status }) => {
      if (!status?.openAlerts) return {};
      const { openAlerts: _seen, ...rest } = status;
      return { status: rest };
    }),
  dismissNda: () =>
    set(({ status }) => {
      if (!status?.nda) return {};
      const { nda: _seen, ...rest } = status;
      return { status: rest };
    }),
  lock: async () => {
    let status: VaultStatus | null = null;
    let failure: ErrorData | null = null;
    try {
      status = await call('vaultLock', {});
    } catch (err) {
      failure = asErrorData(err);
    }
    // Clear client data whether or not main answered cleanly.
    resetAllStores();
    if (status) set({ status });
    else await useVaultStore.getState().refresh();
    return failure;
  },
  reset: () => set(initial),
}));

registerReset(() => useVaultStore.getState().reset());
