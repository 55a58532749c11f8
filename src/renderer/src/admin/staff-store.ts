import { create } from 'zustand';
import type { StaffInfo } from '../../../shared/access';
import type { ErrorData } from '../../../shared/errors';
import { asErrorData, call } from '../bridge/client';
import { registerReset } from '../stores/registry';

interface StaffState {
  staff: StaffInfo[];
  loading: boolean;
  error: ErrorData | null;
  load: () => Promise<void>;
  reset: () => void;
}

const initial = { staff: [] as StaffInfo[], loading: false, error: null };

export const useStaffStore = create<StaffState>()((set) => ({
  ...initial,
  load: async () => {
    set({ loading: true, error: null });
    try {
      set({ staff: await call('staffList', {}), loading: false });
    } catch (err) {
      set({ error: asErrorData(err), loading: false });
    }
  },
  reset: () => set(initial),
}));

registerReset(() => useStaffStore.getState().reset());
