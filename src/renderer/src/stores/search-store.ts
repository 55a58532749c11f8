import { create } from 'zustand';
import type { SearchHit } from '../../../shared/domain';
import type { ErrorData } from '../../../shared/errors';
import { asErrorData, call } from '../bridge/client';
import { registerReset } from './registry';

interface SearchState {
  /** The query the current hits answer. */
  query: string;
  hits: SearchHit | null;
  loading: boolean;
  error: ErrorData | null;
  search: (query: string) => Promise<void>;
  clear: () => void;
  reset: () => void;
}

const initial = { query: '', hits: null, loading: false, error: null };

let generation = 0;

/** 全局搜索: clients and documents matching what the user types in the header. */
export const useSearchStore = create<SearchState>()((set) => ({
  ...initial,
  search: async (raw) => {
    const query = raw.trim();
    const mine = ++generation;
    if (!query) {
      set(initial);
      return;
    }
    set({ loading: true, error: null });
    try {
      const hits = await call('search', { query });
      if (mine === generation) set({ query, hits, loading: false });
    } catch (err) {
      if (mine === generation) set({ loading: false, error: asErrorData(err) });
    }
  },
  clear: () => {
    generation++;
    set(initial);
  },
  reset: () => {
    generation++;
    set(initial);
  },
}));

registerReset(() => useSearchStore.getState().reset());
