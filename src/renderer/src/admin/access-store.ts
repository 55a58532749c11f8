import { create } from 'zustand';
import type { SessionAccess } from '../../../shared/access';
import type { Action } from '../../../shared/permissions';
import { call } from '../bridge/client';
import { registerReset } from '../stores/registry';

interface AccessState {
  /** What the signed-in staff member may do; null until loaded (and after lock). */
  access: SessionAccess | null;
  load: () => Promise<void>;
  reset: () => void;
}

export const useAccessStore = create<AccessState>()((set) => ({
  access: null,
  load: async () => {
    try {
      set({ access: await call('sessionAccess', {}) });
    } catch {
      // Without an answer the UI offers nothing extra; main still enforces every call.
      set({ access: null });
    }
  },
  reset: () => set({ access: null }),
}));

registerReset(() => useAccessStore.getState().reset());

/** Whether the session may do `action` (on a granted client, for client actions). Hidden until known. */
export function useCan(action: Action): boolean {
  return useAccessStore((s) => s.access?.allowed.includes(action) ?? false);
}
