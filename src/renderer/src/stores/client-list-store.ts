import { create } from 'zustand';
import type { RequestOf, ResponseOf } from '../../../shared/contract';
import type { ClientDetail, ClientStatus, ClientSummary, Label } from '../../../shared/domain';
import type { ErrorData, Result } from '../../../shared/errors';
import { asErrorData, call, tryCall } from '../bridge/client';
import { registerReset } from './registry';

export const CLIENT_PAGE_SIZE = 200;

interface ClientListState {
  query: string;
  label: Label | null;
  /** 服务中, 已归档 or 已解除委托: the list shows one at a time. */
  status: ClientStatus;
  items: ClientSummary[];
  total: number;
  loading: boolean;
  error: ErrorData | null;
  setQuery: (query: string) => void;
  setLabel: (label: Label | null) => void;
  setStatus: (status: ClientStatus) => void;
  /** Reloads from the first page with the current filters. */
  load: () => Promise<void>;
  /** Appends the next page, if any; called as the list scrolls near its end. */
  loadMore: () => Promise<void>;
  /** 新建客户; the caller reloads the list. */
  create: (client: RequestOf<'clientCreate'>) => Promise<Result<ClientDetail>>;
  /** 导入: main's open dialog, then the file read and checked (nothing written). */
  importPick: () => Promise<Result<ResponseOf<'clientImportPick'>>>;
  /** The previewed rows checked again with another mapping or sheet. */
  importCheck: (request: RequestOf<'clientImportCheck'>) => Promise<Result<ResponseOf<'clientImportCheck'>>>;
  /** Imports the ticked rows; the list is read again when any client was created. */
  importRun: (request: RequestOf<'clientImportRun'>) => Promise<Result<ResponseOf<'clientImportRun'>>>;
  /** 导出客户清单 with a reason; main asks where to save. */
  exportList: (reason: string) => Promise<Result<ResponseOf<'clientExport'>>>;
  reset: () => void;
}

const initial = {
  query: '',
  label: null,
  status: 'active' as ClientStatus,
  items: [] as ClientSummary[],
  total: 0,
  loading: false,
  error: null,
};

// Bumped by every reload and by reset, so an answer that arrives after the
// filters changed, or after the vault locked, is dropped.
let generation = 0;

export const useClientListStore = create<ClientListState>()((set, get) => {
  async function fetchPage(offset: number): Promise<void> {
    const mine = offset === 0 ? ++generation : generation;
    const { query, label, status } = get();
    set({ loading: true, error: null });
    try {
      const page = await call('clientList', { query: query.trim(), label, status, offset, limit: CLIENT_PAGE_SIZE });
      if (mine !== generation) return;
      set((state) => ({
        items: offset === 0 ? page.items : [...state.items, ...page.items],
        total: page.total,
        loading: false,
      }));
    } catch (err) {
      if (mine !== generation) return;
      set({ loading: false, error: asErrorData(err) });
    }
  }

  return {
    ...initial,
    setQuery: (query) => {
      if (query === get().query) return;
      set({ query });
      void fetchPage(0);
    },
    setLabel: (label) => {
      set({ label });
      void fetchPage(0);
    },
    setStatus: (status) => {
      set({ status });
      void fetchPage(0);
    },
    load: () => fetchPage(0),
    loadMore: async () => {
      const { loading, items, total } = get();
      if (loading || items.length >= total) return;
      await fetchPage(items.length);
    },
    create: (client) => tryCall('clientCreate', client),
    importPick: () => tryCall('clientImportPick', {}),
    importCheck: (request) => tryCall('clientImportCheck', request),
    importRun: async (request) => {
      const done = await tryCall('clientImportRun', request);
      if (done.ok && done.data.imported > 0) void fetchPage(0);
      return done;
    },
    exportList: (reason) => tryCall('clientExport', { reason }),
    reset: () => {
      generation++;
      set(initial);
    },
  };
});

registerReset(() => useClientListStore.getState().reset());
