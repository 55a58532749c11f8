import { create } from 'zustand';
import type { AuditEntry, AuditAction, AuditOutcome } from '../../../shared/access';
import type { ErrorData } from '../../../shared/errors';
import { asErrorData, call } from '../bridge/client';
import { registerReset } from '../stores/registry';

export interface AuditFilter {
  staffId: string | null;
  clientId: string | null;
  action: AuditAction | null;
  outcome: AuditOutcome | null;
  /** ISO instants. */
  from: string | null;
  to: string | null;
}

export const PAGE_SIZE = 50;

interface AuditState {
  filter: AuditFilter;
  page: number;
  items: AuditEntry[];
  total: number;
  loading: boolean;
  error: ErrorData | null;
  setFilter: (patch: Partial<AuditFilter>) => void;
  setPage: (page: number) => void;
  load: () => Promise<void>;
  reset: () => void;
}

const initial = {
  filter: { staffId: null, clientId: null, action: null, outcome: null, from: null, to: null } as AuditFilter,
  page: 1,
  items: [] as AuditEntry[],
  total: 0,
  loading: false,
  error: null,
};

export const useAuditStore = create<AuditState>()((set, get) => ({
  ...initial,
  setFilter: (patch) => {
    set({ filter: { ...get().filter, ...patch }, page: 1 });
    void get().load();
  },
  setPage: (page) => {
    set({ page });
    void get().load();
  },
  load: async () => {
    const { filter, page } = get();
    set({ loading: true, error: null });
    try {
      const result = await call('auditList', { ...filter, offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE });
      // A later request may have changed the filter meanwhile; only the latest answer counts.
      if (get().filter !== filter || get().page !== page) return;
      set({ items: result.items, total: result.total, loading: false });
    } catch (err) {
      set({ error: asErrorData(err), loading: false });
    }
  },
  reset: () => set(initial),
}));

registerReset(() => useAuditStore.getState().reset());
