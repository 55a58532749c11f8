import { create } from 'zustand';
import type { DocumentFields } from '../../../shared/contract';
import type { DocumentMeta, ExportResult } from '../../../shared/domain';
import type { ErrorData, Result } from '../../../shared/errors';
import { asErrorData, call, tryCall } from '../bridge/client';
import type { TextFilter } from '../documents/text-status';
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
  /** 只看可能损坏的, 未能提取文字…: narrows the 资料 tab by how content was read; null shows all. */
  textFilter: TextFilter | null;
  /** Loads both lists (资料 and 回收站) of a client. */
  load: (clientId: string) => Promise<void>;
  /** Reloads the current client's lists, keeping the filter. */
  refresh: () => Promise<void>;
  setCategory: (category: string | null) => void;
  setTextFilter: (filter: TextFilter | null) => void;
  // Changes to one document; each resolves with the error, if any, and the caller refreshes the lists.
  trash: (id: string) => Promise<ErrorData | null>;
  restore: (id: string) => Promise<ErrorData | null>;
  /** 彻底删除 from the trash. */
  remove: (id: string) => Promise<ErrorData | null>;
  /** 编辑资料: name and filing fields. */
  update: (id: string, name: string, fields: DocumentFields) => Promise<Result<DocumentMeta>>;
  /** 导出: main opens the save dialog; a 机密/绝密 client's document needs a reason. */
  exportDocument: (id: string, reason: string) => Promise<Result<ExportResult>>;
  reset: () => void;
}

const initial = {
  clientId: null,
  active: [] as DocumentMeta[],
  trashed: [] as DocumentMeta[],
  loading: false,
  error: null,
  category: null,
  textFilter: null,
};

function errorOf(result: Result<unknown>): ErrorData | null {
  return result.ok ? null : result.error;
}

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
    setTextFilter: (textFilter) => set({ textFilter }),
    trash: async (id) => errorOf(await tryCall('docTrash', { id })),
    restore: async (id) => errorOf(await tryCall('docRestore', { id })),
    remove: async (id) => errorOf(await tryCall('docDelete', { id })),
    update: (id, name, fields) => tryCall('docUpdate', { id, name, fields }),
    exportDocument: (id, reason) => tryCall('docExport', { id, reason }),
    reset: () => {
      generation++;
      set(initial);
    },
  };
});

registerReset(() => useDocumentsStore.getState().reset());
