import { create } from 'zustand';
import type { AlertEntry, AlertEventRef, AlertSettings } from '../../../shared/alerts';
import type { ErrorData, Result } from '../../../shared/errors';
import { asErrorData, call, tryCall } from '../bridge/client';
import { registerReset } from '../stores/registry';

interface AlertsState {
  items: AlertEntry[];
  open: number;
  openOnly: boolean;
  loading: boolean;
  error: ErrorData | null;
  /** The events behind each alert, by alert number, once asked for. */
  events: Record<number, AlertEventRef[]>;
  settings: AlertSettings | null;
  load: () => Promise<void>;
  setOpenOnly: (openOnly: boolean) => void;
  loadEvents: (seq: number) => Promise<void>;
  acknowledge: (seq: number, note: string) => Promise<Result<AlertEntry>>;
  suspend: (staffId: string, alert: number) => Promise<Result<{ suspended: true }>>;
  unsuspend: (staffId: string) => Promise<Result<{ suspended: false }>>;
  loadSettings: () => Promise<void>;
  saveSettings: (settings: AlertSettings) => Promise<Result<AlertSettings>>;
  reset: () => void;
}

const initial = { items: [] as AlertEntry[], open: 0, openOnly: false, loading: false, error: null, events: {}, settings: null };

// Bumped by every load and by reset: only the latest list counts, and none after a lock.
let generation = 0;
// Bumped by reset only: events and settings asked for before a lock are dropped (a list reload does not drop them).
let epoch = 0;

export const useAlertsStore = create<AlertsState>()((set, get) => ({
  ...initial,
  load: async () => {
    const mine = ++generation;
    set({ loading: true, error: null });
    try {
      const page = await call('alertList', { openOnly: get().openOnly });
      if (mine === generation) set({ items: page.items, open: page.open, loading: false });
    } catch (err) {
      if (mine === generation) set({ error: asErrorData(err), loading: false });
    }
  },
  setOpenOnly: (openOnly) => {
    set({ openOnly });
    void get().load();
  },
  loadEvents: async (seq) => {
    const mine = epoch;
    const result = await tryCall('alertEvents', { seq });
    if (result.ok && mine === epoch) set({ events: { ...get().events, [seq]: result.data } });
  },
  acknowledge: async (seq, note) => {
    const result = await tryCall('alertAck', { seq, note });
    if (result.ok) await get().load();
    return result;
  },
  suspend: async (staffId, alert) => {
    const result = await tryCall('staffSuspend', { staffId, alert });
    if (result.ok) await get().load();
    return result;
  },
  unsuspend: async (staffId) => {
    const result = await tryCall('staffUnsuspend', { staffId });
    if (result.ok) await get().load();
    return result;
  },
  loadSettings: async () => {
    const mine = epoch;
    const result = await tryCall('alertSettingsGet', {});
    if (result.ok && mine === epoch) set({ settings: result.data });
  },
  saveSettings: async (settings) => {
    const result = await tryCall('alertSettingsSet', settings);
    if (result.ok) set({ settings: result.data });
    return result;
  },
  reset: () => {
    generation++;
    epoch++;
    set(initial);
  },
}));

registerReset(() => useAlertsStore.getState().reset());
