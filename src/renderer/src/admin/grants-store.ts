import { create } from 'zustand';
import type { FileSaved, GrantInfo, StaffInfo } from '../../../shared/access';
import type { ErrorData, Result } from '../../../shared/errors';
import { asErrorData, call, tryCall } from '../bridge/client';
import { registerReset } from '../stores/registry';

interface GrantsState {
  /** Whose grants these are; another client's are never shown. */
  clientId: string | null;
  grants: GrantInfo[];
  /** Everyone who signs in: the names to grant to. */
  staff: StaffInfo[];
  error: ErrorData | null;
  /** The client's grants and the staff list; a failure keeps what was shown and says why. */
  load: (clientId: string) => Promise<void>;
  /** 授权, optionally as the assigned staff member; the caller reloads. */
  add: (clientId: string, staffId: string, assign: boolean) => Promise<Result<GrantInfo>>;
  /** 撤销授权 (main rotates the client key); resolves with the error, if any; the caller reloads. */
  revoke: (clientId: string, staffId: string) => Promise<ErrorData | null>;
  /** 客户信息访问报告 as PDF, where main's save dialog says. */
  saveAccessReport: (clientId: string) => Promise<Result<FileSaved>>;
  reset: () => void;
}

const initial = { clientId: null, grants: [] as GrantInfo[], staff: [] as StaffInfo[], error: null };

// As in the other stores: an answer that arrives after a newer request, or after a lock, is dropped.
let generation = 0;

export const useGrantsStore = create<GrantsState>()((set, get) => ({
  ...initial,
  load: async (clientId) => {
    const mine = ++generation;
    if (get().clientId !== clientId) set({ ...initial, clientId });
    try {
      const [grants, staff] = await Promise.all([call('grantList', { clientId }), call('staffList', {})]);
      if (mine === generation) set({ grants, staff, error: null });
    } catch (err) {
      if (mine === generation) set({ error: asErrorData(err) });
    }
  },
  add: (clientId, staffId, assign) => tryCall('grantAdd', { clientId, staffId, assign }),
  revoke: async (clientId, staffId) => {
    const result = await tryCall('grantRevoke', { clientId, staffId });
    return result.ok ? null : result.error;
  },
  saveAccessReport: (clientId) => tryCall('reportAccess', { clientId }),
  reset: () => {
    generation++;
    set(initial);
  },
}));

registerReset(() => useGrantsStore.getState().reset());
