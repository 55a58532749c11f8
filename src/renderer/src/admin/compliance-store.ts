import { create } from 'zustand';
import type { ErrorData, Result } from '../../../shared/errors';
import type { NdaPolicy, StaffComplianceDetail, StaffComplianceView } from '../../../shared/staff-compliance';
import type { FileSaved } from '../../../shared/access';
import { asErrorData, call, tryCall } from '../bridge/client';
import { registerReset } from '../stores/registry';

export interface NdaForm {
  signedOn: string;
  expiresOn: string;
  policyVersion: string | null;
  pickScan: boolean;
}

interface ComplianceState {
  view: StaffComplianceView | null;
  error: ErrorData | null;
  /** The staff member whose records are open, and their records. */
  detail: StaffComplianceDetail | null;
  load: () => Promise<void>;
  open: (staffId: string) => Promise<ErrorData | null>;
  close: () => void;
  /** Each resolves with the outcome; the records and the list are reloaded after a success. */
  recordNda: (staffId: string, form: NdaForm) => Promise<Result<{ cancelled: boolean }>>;
  recordTraining: (staffId: string, heldOn: string, topic: string, note: string) => Promise<Result<unknown>>;
  acknowledge: (staffId: string, version: string, acknowledgedOn: string) => Promise<Result<unknown>>;
  saveScan: (ndaId: string) => Promise<Result<FileSaved>>;
  setPolicy: (required: boolean, graceDays: number) => Promise<Result<NdaPolicy | null>>;
  reset: () => void;
}

const initial = { view: null, error: null, detail: null };

// An answer that arrives after a newer request, or after a lock, is dropped.
let generation = 0;

/** 保密协议与培训 (owners and admins): the staff page's column, the records of one person, the owner's rule. */
export const useComplianceStore = create<ComplianceState>()((set, get) => {
  async function refresh(staffId: string | null): Promise<void> {
    await get().load();
    if (staffId && get().detail?.summary.staffId === staffId) await get().open(staffId);
  }
  async function after<T>(staffId: string | null, result: Result<T>): Promise<Result<T>> {
    if (result.ok) await refresh(staffId);
    return result;
  }
  return {
    ...initial,
    load: async () => {
      const mine = ++generation;
      try {
        const view = await call('staffComplianceView', {});
        if (mine === generation) set({ view, error: null });
      } catch (err) {
        if (mine === generation) set({ error: asErrorData(err) });
      }
    },
    open: async (staffId) => {
      const mine = generation;
      const result = await tryCall('staffComplianceDetail', { staffId });
      if (mine !== generation) return null;
      if (!result.ok) return result.error;
      set({ detail: result.data });
      return null;
    },
    close: () => set({ detail: null }),
    recordNda: async (staffId, form) => {
      const result = await tryCall('staffNdaRecord', { staffId, ...form });
      return after(staffId, result.ok ? { ok: true, data: { cancelled: result.data.cancelled } } : result);
    },
    recordTraining: async (staffId, heldOn, topic, note) => after(staffId, await tryCall('staffTrainingRecord', { staffId, heldOn, topic, note })),
    acknowledge: async (staffId, version, acknowledgedOn) => after(staffId, await tryCall('staffPolicyAck', { staffId, version, acknowledgedOn })),
    saveScan: (ndaId) => tryCall('staffNdaScanSave', { ndaId }),
    setPolicy: async (required, graceDays) => after(null, await tryCall('ndaPolicySet', { required, graceDays })),
    reset: () => {
      generation++;
      set(initial);
    },
  };
});

registerReset(() => useComplianceStore.getState().reset());
