import { create } from 'zustand';
import type { AuditEntry, AuditAction, AuditOutcome, FileSaved, StaffInfo } from '../../../shared/access';
import type { ClientSummary } from '../../../shared/domain';
import type { ErrorData, Result } from '../../../shared/errors';
import { asErrorData, call, tryCall } from '../bridge/client';
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
/** The client filter offers this many clients (the contract's largest page). */
export const CLIENT_OPTIONS_LIMIT = 500;

interface AuditState {
  filter: AuditFilter;
  page: number;
  items: AuditEntry[];
  total: number;
  loading: boolean;
  error: ErrorData | null;
  /** Choices for the staff and client filters. */
  staffOptions: StaffInfo[];
  clientOptions: ClientSummary[];
  setFilter: (patch: Partial<AuditFilter>) => void;
  setPage: (page: number) => void;
  load: () => Promise<void>;
  /** Failures only narrow the choices (to none); the log itself still loads. */
  loadOptions: () => Promise<void>;
  /** Main asks where to save, then writes the events matching the current filter. */
  exportCsv: () => Promise<Result<FileSaved>>;
  /** 合规自查报告: main asks where to save the PDF (the JSON goes beside it). */
  exportCompliance: () => Promise<Result<FileSaved>>;
  reset: () => void;
}

const initial = {
  filter: { staffId: null, clientId: null, action: null, outcome: null, from: null, to: null } as AuditFilter,
  page: 1,
  items: [] as AuditEntry[],
  total: 0,
  loading: false,
  error: null,
  staffOptions: [] as StaffInfo[],
  clientOptions: [] as ClientSummary[],
};

// Bumped by every load and by reset: only the latest answer counts, and none after a lock.
let generation = 0;
let optionsGeneration = 0;

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
    const mine = ++generation;
    const { filter, page } = get();
    set({ loading: true, error: null });
    try {
      const result = await call('auditList', { ...filter, offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE });
      if (mine === generation) set({ items: result.items, total: result.total, loading: false });
    } catch (err) {
      if (mine === generation) set({ error: asErrorData(err), loading: false });
    }
  },
  loadOptions: async () => {
    const mine = ++optionsGeneration;
    const [staffOptions, clientOptions] = await Promise.all([
      call('staffList', {}).catch((): StaffInfo[] => []),
      call('clientList', { limit: CLIENT_OPTIONS_LIMIT }).then(
        (page) => page.items,
        (): ClientSummary[] => [],
      ),
    ]);
    if (mine === optionsGeneration) set({ staffOptions, clientOptions });
  },
  exportCsv: () => tryCall('auditExportCsv', get().filter),
  exportCompliance: () => tryCall('reportCompliance', {}),
  reset: () => {
    generation++;
    optionsGeneration++;
    set(initial);
  },
}));

registerReset(() => useAuditStore.getState().reset());
