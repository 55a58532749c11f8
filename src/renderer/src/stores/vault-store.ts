import { create } from 'zustand';
import type { VaultStatus } from '../../../shared/domain';
import type { ErrorData } from '../../../shared/errors';
import { asErrorData, call, tryCall } from '../bridge/client';
import { registerReset, resetAllStores } from './registry';

interface VaultState {
  /** null until the first vaultStatus answer. */
  status: VaultStatus | null;
  statusError: ErrorData | null;
  /** Held only between vaultCreate and the owner confirming it is saved. */
  recoveryKey: string | null;
  refresh: () => Promise<void>;
  /** Resolves with the error, if any; on success the recovery key is held until acknowledged. */
  create: (staffName: string, password: string) => Promise<ErrorData | null>;
  acknowledgeRecoveryKey: () => void;
  /** Resolves with the error, if any (WRONG_CREDENTIALS, LOCKED_OUT with the seconds to wait…). */
  unlock: (staffName: string, password: string) => Promise<ErrorData | null>;
  /** Locks main, then clears every store; resolves with the lock error, if any. */
  lock: () => Promise<ErrorData | null>;
  reset: () => void;
}

const initial = { status: null, statusError: null, recoveryKey: null };

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
    set({ status: created.data.status, recoveryKey: created.data.recoveryKey, statusError: null });
    return null;
  },
  acknowledgeRecoveryKey: () => set({ recoveryKey: null }),
  unlock: async (staffName, password) => {
    const unlocked = await tryCall('vaultUnlock', { staffName, password });
    if (!unlocked.ok) return unlocked.error;
    set({ status: unlocked.data, statusError: null });
    return null;
  },
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
