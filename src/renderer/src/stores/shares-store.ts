import { create } from 'zustand';
import type { ErrorData, Result } from '../../../shared/errors';
import type { ShareCreateRequest, ShareCreateResult, ShareEntry } from '../../../shared/shares';
import { tryCall } from '../bridge/client';
import { registerReset } from './registry';

interface SharesState {
  /** Whose register is held; another client's is never shown. */
  clientId: string | null;
  entries: ShareEntry[];
  loading: boolean;
  error: ErrorData | null;
  creating: boolean;
  load: (clientId: string) => Promise<void>;
  /** Writes a package through the save dialog; the register is reloaded after. */
  create: (request: ShareCreateRequest) => Promise<Result<ShareCreateResult>>;
  reset: () => void;
}

const initial = { clientId: null as string | null, entries: [] as ShareEntry[], loading: false, error: null as ErrorData | null, creating: false };

/** 分享记录: one client's share register, and creating a share. */
export const useSharesStore = create<SharesState>()((set, get) => ({
  ...initial,
  load: async (clientId) => {
    set((s) => (s.clientId === clientId ? { loading: true } : { clientId, entries: [], loading: true, error: null }));
    const result = await tryCall('shareList', { clientId });
    if (get().clientId !== clientId) return;
    set(result.ok ? { entries: result.data, loading: false, error: null } : { loading: false, error: result.error });
  },
  create: async (request) => {
    set({ creating: true });
    const result = await tryCall('shareCreate', request);
    set({ creating: false });
    if (result.ok && !result.data.cancelled && get().clientId === request.clientId) await get().load(request.clientId);
    return result;
  },
  reset: () => set(initial),
}));

registerReset(() => useSharesStore.getState().reset());
