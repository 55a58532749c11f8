import { create } from 'zustand';
import type { RequestOf } from '../../../shared/contract';
import type { ClientDetail, Revealed, RevealableField } from '../../../shared/domain';
import type { ErrorData, Result } from '../../../shared/errors';
import type { ClientEndRequest, ClientEnding, ClientHandbackRequest, ClientHandbackResult } from '../../../shared/handback';
import type { LegalHold } from '../../../shared/retention';
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
  /** 解除委托, step one: the hand-back package through main's save dialog; the passphrase comes back once. */
  handback: (request: ClientHandbackRequest) => Promise<Result<ClientHandbackResult>>;
  /** 解除委托, step two: the client becomes 已解除委托; the shown client is read again. */
  end: (request: ClientEndRequest) => Promise<Result<ClientEnding>>;
  /** The client's legal hold (null: none). */
  holdGet: (id: string) => Promise<Result<LegalHold | null>>;
  /** Sets (a reason) or lifts (null) the client's legal hold. */
  hold: (id: string, reason: string | null) => Promise<Result<LegalHold | null>>;
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
  handback: (request) => tryCall('clientHandback', request),
  end: async (request) => {
    const result = await tryCall('clientEnd', request);
    if (result.ok && get().client?.id === request.clientId) {
      const client = await tryCall('clientGet', { id: request.clientId });
      if (client.ok) get().setClient(client.data);
    }
    return result;
  },
  holdGet: (id) => tryCall('clientHoldGet', { clientId: id }),
  hold: (id, reason) => tryCall('clientHold', { clientId: id, reason }),
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
