import { create } from 'zustand';
import type { VaultStatus } from '../../../shared/domain';
import type { ErrorData } from '../../../shared/errors';
import { asErrorData, call } from '../bridge/client';
import { registerReset, resetAllStores } from './registry';

interface VaultState {
  /** null until the first vaultStatus answer. */
  status: VaultStatus | null;
  statusError: ErrorData | null;
  /** Held only between vaultCreate and the owner confirming it is saved. */
  recoveryKey: string | null;
  refresh: () => Promise<void>;
  create: (staffName: string, password: string) => Promise<void>;
  acknowledgeRecoveryKey: () => void;
  unlock: (staffName: string, password: string) => Promise<void>;
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
    const created = await call('vaultCreate', { staffName, password });
    set({ status: created.status, recoveryKey: created.recoveryKey, statusError: null });
  },
  acknowledgeRecoveryKey: () => set({ recoveryKey: null }),
  unlock: async (staffName, password) => {
    set({ status: await call('vaultUnlock', { staffName, password }), statusError: null });
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
