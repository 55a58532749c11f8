import { create } from 'zustand';
import type { BulkChangeInput, BulkExportResult, BulkFailure, BulkItem, BulkOutcome } from '../../../shared/bulk';
import type { DocumentMeta } from '../../../shared/domain';
import type { Result } from '../../../shared/errors';
import { tryCall } from '../bridge/client';
import { registerReset } from './registry';

/** Which list a selection belongs to: 资料 or 回收站. */
export type BulkList = 'active' | 'trash';

interface BulkState {
  /** Whose documents are selected; a selection never carries over to another client. */
  clientId: string | null;
  selected: Record<BulkList, string[]>;
  /** Documents the last batch could not do, shown until dismissed (never dropped silently). */
  report: BulkFailure[] | null;
  /** A batch running: the bar's buttons wait for it. */
  running: boolean;
  select: (clientId: string, list: BulkList, ids: string[]) => void;
  clear: (list?: BulkList) => void;
  /** Keeps only the selected ids still in the lists (after a reload). */
  prune: (clientId: string, lists: Record<BulkList, readonly DocumentMeta[]>) => void;
  update: (docs: readonly DocumentMeta[], change: BulkChangeInput) => Promise<Result<BulkOutcome>>;
  trash: (docs: readonly DocumentMeta[]) => Promise<Result<BulkOutcome>>;
  restore: (docs: readonly DocumentMeta[]) => Promise<Result<BulkOutcome>>;
  exportArchive: (ids: readonly string[], reason: string) => Promise<Result<BulkExportResult>>;
  dismissReport: () => void;
  reset: () => void;
}

const initial = {
  clientId: null as string | null,
  selected: { active: [], trash: [] } as Record<BulkList, string[]>,
  report: null as BulkFailure[] | null,
  running: false,
};

/** The documents as the page saw them: main refuses one changed since (CONFLICT). */
function itemsOf(docs: readonly DocumentMeta[]): BulkItem[] {
  return docs.map((d) => ({ id: d.id, rev: d.rev }));
}

export const useBulkStore = create<BulkState>()((set, get) => {
  /** Runs a batch; what it could not do becomes the report, and the done ones leave the selection. */
  async function run<T>(list: BulkList, call: () => Promise<Result<T>>, failedOf: (data: T) => BulkFailure[]): Promise<Result<T>> {
    set({ running: true, report: null });
    const result = await call();
    const failed = result.ok ? failedOf(result.data) : [];
    set((s) => ({
      running: false,
      report: failed.length > 0 ? failed : null,
      // The failed ones stay selected, to retry after a look; the done ones are deselected.
      selected: result.ok ? { ...s.selected, [list]: s.selected[list].filter((id) => failed.some((f) => f.id === id)) } : s.selected,
    }));
    return result;
  }

  return {
    ...initial,
    select: (clientId, list, ids) =>
      set((s) => (s.clientId === clientId ? { selected: { ...s.selected, [list]: ids } } : { clientId, selected: { ...initial.selected, [list]: ids }, report: null })),
    clear: (list) => set((s) => ({ selected: list ? { ...s.selected, [list]: [] } : initial.selected })),
    prune: (clientId, lists) => {
      if (get().clientId !== clientId) {
        set({ clientId, selected: initial.selected, report: null });
        return;
      }
      const keep = (list: BulkList) => {
        const present = new Set(lists[list].map((d) => d.id));
        return get().selected[list].filter((id) => present.has(id));
      };
      set({ selected: { active: keep('active'), trash: keep('trash') } });
    },
    update: (docs, change) => run('active', () => tryCall('docBulkUpdate', { items: itemsOf(docs), change }), (o) => o.failed),
    trash: (docs) => run('active', () => tryCall('docBulkTrash', { items: itemsOf(docs) }), (o) => o.failed),
    restore: (docs) => run('trash', () => tryCall('docBulkRestore', { items: itemsOf(docs) }), (o) => o.failed),
    exportArchive: (ids, reason) =>
      run('active', () => tryCall('docBulkExport', { ids: [...ids], reason }), (r) => (r.cancelled ? [] : r.failed)).then((result) => {
        // A cancelled dialog keeps the selection as it was.
        if (result.ok && result.data.cancelled) set((s) => ({ selected: { ...s.selected, active: [...ids] } }));
        return result;
      }),
    dismissReport: () => set({ report: null }),
    reset: () => set(initial),
  };
});

registerReset(() => useBulkStore.getState().reset());
