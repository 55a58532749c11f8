import { create } from 'zustand';
import type { AssignableRole, OffboardResult, StaffInfo } from '../../../shared/access';
import type { ErrorData, Result } from '../../../shared/errors';
import { asErrorData, call, tryCall } from '../bridge/client';
import { registerReset } from '../stores/registry';

interface NewStaff {
  name: string;
  role: AssignableRole;
  /** Crosses to main once; never kept here. */
  password: string;
}

interface StaffState {
  staff: StaffInfo[];
  loading: boolean;
  error: ErrorData | null;
  load: () => Promise<void>;
  /** 添加员工; the caller reloads the list. */
  add: (person: NewStaff) => Promise<Result<StaffInfo>>;
  /** Resolves with the error, if any; the caller reloads the list. */
  updateRole: (staffId: string, role: AssignableRole) => Promise<ErrorData | null>;
  /** 离职: hands the person's clients over; main may ask where to save the PDF report. */
  offboard: (staffId: string, handoverToId: string, saveReport: boolean) => Promise<Result<OffboardResult>>;
  reset: () => void;
}

const initial = { staff: [] as StaffInfo[], loading: false, error: null };

// As in the other stores: an answer that arrives after a newer request, or after a lock, is dropped.
let generation = 0;

export const useStaffStore = create<StaffState>()((set) => ({
  ...initial,
  load: async () => {
    const mine = ++generation;
    set({ loading: true, error: null });
    try {
      const staff = await call('staffList', {});
      if (mine === generation) set({ staff, loading: false });
    } catch (err) {
      if (mine === generation) set({ error: asErrorData(err), loading: false });
    }
  },
  add: ({ name, role, password }) => tryCall('staffAdd', { name, role, password }),
  updateRole: async (staffId, role) => {
    const result = await tryCall('staffUpdateRole', { staffId, role });
    return result.ok ? null : result.error;
  },
  offboard: (staffId, handoverToId, saveReport) => tryCall('offboard', { staffId, handoverToId, saveReport }),
  reset: () => {
    generation++;
    set(initial);
  },
}));

registerReset(() => useStaffStore.getState().reset());
