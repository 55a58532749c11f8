import { create } from 'zustand';
import type { FileSaved } from '../../../shared/access';
import type { ErrorData, Result } from '../../../shared/errors';
import type { DraftTarget, IncidentDetail, IncidentScope, IncidentSummary } from '../../../shared/incidents';
import { asErrorData, call, tryCall } from '../bridge/client';
import { registerReset } from '../stores/registry';

interface IncidentsState {
  items: IncidentSummary[];
  loading: boolean;
  error: ErrorData | null;
  /** The incident shown in detail (the latest answer from main). */
  current: IncidentDetail | null;
  load: () => Promise<void>;
  show: (id: string) => Promise<void>;
  openFromAlert: (alert: number) => Promise<Result<IncidentDetail>>;
  openByHand: (title: string, scope: IncidentScope) => Promise<Result<IncidentDetail>>;
  update: (id: string, change: { title?: string; contact?: string }) => Promise<Result<IncidentDetail>>;
  addAction: (id: string, text: string) => Promise<Result<IncidentDetail>>;
  saveDraft: (id: string, target: DraftTarget, text: string) => Promise<Result<IncidentDetail>>;
  exportDraft: (id: string, target: DraftTarget) => Promise<Result<FileSaved>>;
  close: (id: string, cause: string, lessons: string) => Promise<Result<IncidentDetail>>;
  reset: () => void;
}

const initial = { items: [] as IncidentSummary[], loading: false, error: null, current: null };

// Bumped by every load and by reset: only the latest answer counts, and none after a lock.
let generation = 0;
let epoch = 0;

export const useIncidentsStore = create<IncidentsState>()((set, get) => {
  /** A change main answered with the incident as it now stands: shown at once. */
  async function changed(result: Promise<Result<IncidentDetail>>): Promise<Result<IncidentDetail>> {
    const mine = epoch;
    const r = await result;
    if (r.ok && mine === epoch) set({ current: r.data });
    return r;
  }
  return {
    ...initial,
    load: async () => {
      const mine = ++generation;
      set({ loading: true, error: null });
      try {
        const items = await call('incidentList', {});
        if (mine === generation) set({ items, loading: false });
      } catch (err) {
        if (mine === generation) set({ error: asErrorData(err), loading: false });
      }
    },
    show: async (id) => {
      const mine = epoch;
      const r = await tryCall('incidentGet', { id });
      if (mine !== epoch) return;
      if (r.ok) set({ current: r.data, error: null });
      else set({ current: null, error: r.error });
    },
    openFromAlert: (alert) => changed(tryCall('incidentOpen', { alert })),
    openByHand: (title, scope) => changed(tryCall('incidentOpen', { title, scope })),
    update: (id, change) => changed(tryCall('incidentUpdate', { id, ...change })),
    addAction: (id, text) => changed(tryCall('incidentAction', { id, text })),
    saveDraft: (id, target, text) => changed(tryCall('incidentDraftSave', { id, target, text })),
    exportDraft: (id, target) => tryCall('incidentExport', { id, target }),
    close: async (id, cause, lessons) => {
      const r = await changed(tryCall('incidentClose', { id, cause, lessons }));
      if (r.ok) void get().load();
      return r;
    },
    reset: () => {
      generation++;
      epoch++;
      set(initial);
    },
  };
});

registerReset(() => useIncidentsStore.getState().reset());
