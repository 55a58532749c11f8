import { create } from 'zustand';
import type { LockPolicy, LockSettings, LockSettingsView } from '../../../shared/domain';
import type { ErrorData } from '../../../shared/errors';
import { asErrorData, call } from '../bridge/client';
import { registerReset } from '../stores/registry';

interface LockSettingsState {
  /** main's answer: the staff member's own settings, the owner's policy, and what is in force. */
  view: LockSettingsView | null;
  loading: boolean;
  error: ErrorData | null;
  saving: 'staff' | 'policy' | null;
  load: () => Promise<void>;
  /** Sends the whole settings object; resolves with the error, if any. */
  saveStaff: (staff: LockSettings) => Promise<ErrorData | null>;
  /** Owner only; sends the whole policy. */
  savePolicy: (policy: LockPolicy) => Promise<ErrorData | null>;
  reset: () => void;
}

const initial = { view: null, loading: false, error: null, saving: null };

// As in the other stores: an answer that arrives after a newer request, or after a lock, is dropped.
let generation = 0;

export const useLockSettingsStore = create<LockSettingsState>()((set) => {
  async function save(part: 'staff' | 'policy', request: { staff: LockSettings } | { policy: LockPolicy }): Promise<ErrorData | null> {
    const mine = ++generation;
    set({ saving: part });
    try {
      const view = await call('lockSettingsSet', request);
      if (mine === generation) set({ view, saving: null, error: null });
      return null;
    } catch (err) {
      if (mine === generation) set({ saving: null });
      return asErrorData(err);
    }
  }

  return {
    ...initial,
    load: async () => {
      const mine = ++generation;
      set({ loading: true, error: null });
      try {
        const view = await call('lockSettingsGet', {});
        if (mine === generation) set({ view, loading: false });
      } catch (err) {
        if (mine === generation) set({ loading: false, error: asErrorData(err) });
      }
    },
    saveStaff: (staff) => save('staff', { staff }),
    savePolicy: (policy) => save('policy', { policy }),
    reset: () => {
      generation++;
      set(initial);
    },
  };
});

registerReset(() => useLockSettingsStore.getState().reset());
