import { create } from 'zustand';
import type { ErrorData, Result } from '../../../shared/errors';
import type { FileSaved } from '../../../shared/access';
import type { DestructionItem, DestructionList, RetentionPeriods, RetentionRuleId, RetentionYears } from '../../../shared/retention';
import { asErrorData, call, tryCall } from '../bridge/client';
import { registerReset } from '../stores/registry';

interface RetentionState {
  periods: RetentionPeriods | null;
  candidates: DestructionItem[];
  lists: DestructionList[];
  loading: boolean;
  error: ErrorData | null;
  loadPeriods: () => Promise<void>;
  setPeriod: (rule: RetentionRuleId, years: RetentionYears) => Promise<Result<RetentionPeriods>>;
  /** The 销毁清册 page: what has passed retention, and the lists. */
  load: () => Promise<void>;
  create: () => Promise<Result<DestructionList>>;
  approve: (id: string) => Promise<Result<DestructionList>>;
  cancel: (id: string) => Promise<Result<DestructionList>>;
  execute: (id: string) => Promise<Result<DestructionList>>;
  certificate: (id: string) => Promise<Result<FileSaved>>;
  reset: () => void;
}

const initial = { periods: null, candidates: [] as DestructionItem[], lists: [] as DestructionList[], loading: false, error: null };

// Bumped by every load and by reset: only the latest answer counts, and none after a lock.
let generation = 0;

/** 保管期限 (the owner's settings) and the 销毁清册 page. */
export const useRetentionStore = create<RetentionState>()((set, get) => {
  /** A step on a list, then the page again. */
  const step = async <T,>(run: () => Promise<Result<T>>): Promise<Result<T>> => {
    const result = await run();
    await get().load();
    return result;
  };
  return {
    ...initial,
    loadPeriods: async () => {
      const mine = ++generation;
      const result = await tryCall('retentionPeriodsGet', {});
      if (mine === generation && result.ok) set({ periods: result.data });
    },
    setPeriod: async (rule, years) => {
      const result = await tryCall('retentionPeriodSet', { rule, years });
      if (result.ok) set({ periods: result.data });
      return result;
    },
    load: async () => {
      const mine = ++generation;
      set({ loading: true, error: null });
      try {
        const [candidates, lists] = await Promise.all([call('destructionCandidates', {}), call('destructionLists', {})]);
        if (mine === generation) set({ candidates, lists, loading: false });
      } catch (err) {
        if (mine === generation) set({ loading: false, error: asErrorData(err) });
      }
    },
    create: () => step(() => tryCall('destructionCreate', {})),
    approve: (id) => step(() => tryCall('destructionApprove', { id })),
    cancel: (id) => step(() => tryCall('destructionCancel', { id })),
    execute: (id) => step(() => tryCall('destructionExecute', { id })),
    certificate: (id) => tryCall('destructionCertificate', { id }),
    reset: () => {
      generation++;
      set(initial);
    },
  };
});

registerReset(() => useRetentionStore.getState().reset());
