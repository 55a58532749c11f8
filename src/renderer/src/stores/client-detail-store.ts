import { create } from 'zustand';
import type { RequestOf } from '../../../shared/contract';
import type { ClientDetail, Revealed, RevealableField } from '../../../shared/domain';
import type { ErrorData, Result } from '../../../shared/errors';
import { asErrorData, call, tryCall } from '../bridge/client';
import { registerReset } from './registry';

interface ClientDetailState {
  client: ClientDetail | null;
  loading: boolean;
  error: ErrorData | null;
  load: (id: string) => Promise<void>;
  /** One masked field in clear; main audits every reveal. The value is the caller's to hide again. */
  reveal: (id: string, field: RevealableField) => Promise<Result<Revealed>>;
  /** 编辑客户: sends every field; the caller shows main's answer with setClient. */
  update: (id: string, client: RequestOf<'clientCreate'>) => Promise<Result<ClientDetail>>;
  /** 归档 / 取消归档; the caller shows main's answer with setClient. */
  archive: (id: string, archived: boolean) => Promise<Result<ClientDetail>>;
  /** Takes main's answer to an update or archive of the shown client; ignored once another client (or none, after a lock) is shown. */
  setClient: (client: ClientDetail) => void;
  reset: () => void;
}

const initial = { client: null, loading: false, error: null };

// See client-list-store: late answers after a newer request or a lock are dropped.
let generation = 0;

export const useClientDetailStore = create<ClientDetailState>()((set, get) => ({
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
  reveal: (id, field) => tryCall('clientReveal', { id, field }),
  update: (id, client) => tryCall('clientUpdate', { id, client }),
  archive: (id, archived) => tryCall('clientArchive', { id, archived }),
  setClient: (client) => {
    if (get().client?.id !== client.id) return;
    generation++;
    set({ client, loading: false, error: null });
  },
  reset: () => {
    generation++;
    set(initial);
  },
}));

registerReset(() => useClientDetailStore.getState().reset());
