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

// An answer for a session that has since locked is dropped.
let generation = 0;

export const useAccessStore = create<AccessState>()((set) => ({
  access: null,
  load: async () => {
    const mine = ++generation;
    try {
      const access = await call('sessionAccess', {});
      if (mine === generation) set({ access });
    } catch {
      // Without an answer the UI offers nothing extra; main still enforces every call.
      if (mine === generation) set({ access: null });
    }
  },
  reset: () => {
    generation++;
    set({ access: null });
  },
}));

registerReset(() => useAccessStore.getState().reset());

/** Whether the session may do `action` (on a granted client, for client actions). Hidden until known. */
export function useCan(action: Action): boolean {
  return useAccessStore((s) => s.access?.allowed.includes(action) ?? false);
}
