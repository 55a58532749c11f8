import { create } from 'zustand';
import type { ClientDetail } from '../../../shared/domain';
import type { ErrorData } from '../../../shared/errors';
import { asErrorData, call } from '../bridge/client';
import { registerReset } from './registry';

interface ClientDetailState {
  client: ClientDetail | null;
  loading: boolean;
  error: ErrorData | null;
  load: (id: string) => Promise<void>;
  /** Takes main's answer to an update or archive of the shown client. */
  setClient: (client: ClientDetail) => void;
  reset: () => void;
}

const initial = { client: null, loading: false, error: null };

// See client-list-store: late answers after a newer request or a lock are dropped.
let generation = 0;

export const useClientDetailStore = create<ClientDetailState>()((set) => ({
  ...initial,
  load: async (id) => {
    const mine = ++generation;
    set({ client: null, loading: true, error: null });
    try {
      const client = await call('clientGet', { id });
      if (mine === generation) set({ client, loading: false });
    } catch (err) {
      if (mine === generation) set({ loading: false, error: asErrorData(err) });
    }
  },
  setClient: (client) => {
    generation++;
    set({ client, loading: false, error: null });
  },
  reset: () => {
    generation++;
    set(initial);
  },
}));

registerReset(() => useClientDetailStore.getState().reset());
