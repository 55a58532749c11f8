import { create } from 'zustand';
import type { DocumentMeta } from '../../../shared/domain';
import type { ErrorData } from '../../../shared/errors';
import { asErrorData, call } from '../bridge/client';
import { registerReset } from './registry';

interface DocumentsState {
  /** Whose documents these are; lists of another client are never shown. */
  clientId: string | null;
  active: DocumentMeta[];
  trashed: DocumentMeta[];
  loading: boolean;
  error: ErrorData | null;
  /** Category filter of the 资料 tab; null shows every category. */
  category: string | null;
  /** Loads both lists (资料 and 回收站) of a client. */
  load: (clientId: string) => Promise<void>;
  /** Reloads the current client's lists, keeping the filter. */
  refresh: () => Promise<void>;
  setCategory: (category: string | null) => void;
  reset: () => void;
}

const initial = {
  clientId: null,
  active: [] as DocumentMeta[],
  trashed: [] as DocumentMeta[],
  loading: false,
  error: null,
  category: null,
};

// As in the client stores: an answer that arrives after a newer request, or after a lock, is dropped.
let generation = 0;

export const useDocumentsStore = create<DocumentsState>()((set, get) => {
  async function fetchLists(clientId: string): Promise<void> {
    const mine = ++generation;
    set({ loading: true, error: null });
    try {
      const [active, trashed] = await Promise.all([
        call('docList', { clientId, status: 'active' }),
        call('docList', { clientId, status: 'trashed' }),
      ]);
      if (mine !== generation) return;
      set({ active, trashed, loading: false });
    } catch (err) {
      if (mine !== generation) return;
      set({ loading: false, error: asErrorData(err) });
    }
  }

  return {
    ...initial,
    load: async (clientId) => {
      if (get().clientId !== clientId) set({ ...initial, clientId });
      await fetchLists(clientId);
    },
    refresh: async () => {
      const { clientId } = get();
      if (clientId) await fetchLists(clientId);
    },
    setCategory: (category) => set({ category }),
    reset: () => {
      generation++;
      set(initial);
    },
  };
});

registerReset(() => useDocumentsStore.getState().reset());
