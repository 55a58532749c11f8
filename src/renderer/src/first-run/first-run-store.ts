import { create } from 'zustand';
import type { ExportResult } from '../../../shared/domain';
import type { ErrorData, Result } from '../../../shared/errors';
import type { FirstRunView } from '../../../shared/first-run';
import { tryCall } from '../bridge/client';
import { registerReset } from '../stores/registry';

interface FirstRunState {
  view: FirstRunView | null;
  loadError: ErrorData | null;
  load: () => Promise<void>;
  /** The whole key (any spacing) or, right after creation, its last characters; it only passes through. */
  confirm: (text: string) => Promise<ErrorData | null>;
  /** Main reads the key from a file the person picks; it never reaches the page. */
  confirmFromFile: () => Promise<ErrorData | null>;
  /** The recovery sheet's PDF, where the save dialog says. */
  saveSheet: (recoveryKey: string) => Promise<Result<ExportResult>>;
  reset: () => void;
}

const initial = { view: null, loadError: null };
// Bumped by reset: answers to requests made before a lock are dropped.
let generation = 0;

export const useFirstRunStore = create<FirstRunState>()((set) => ({
  ...initial,
  load: async () => {
    const asked = generation;
    const loaded = await tryCall('firstRunStatus', {});
    if (asked !== generation) return;
    set(loaded.ok ? { view: loaded.data, loadError: null } : { loadError: loaded.error });
  },
  confirm: async (text) => {
    const asked = generation;
    const confirmed = await tryCall('firstRunConfirmRecoveryKey', { text });
    if (!confirmed.ok) return confirmed.error;
    if (asked === generation) set({ view: confirmed.data, loadError: null });
    return null;
  },
  confirmFromFile: async () => {
    const asked = generation;
    const confirmed = await tryCall('firstRunConfirmRecoveryKeyFile', {});
    if (!confirmed.ok) return confirmed.error;
    if (asked === generation && !('cancelled' in confirmed.data)) set({ view: confirmed.data, loadError: null });
    return null;
  },
  saveSheet: (recoveryKey) => tryCall('recoverySheetSave', { recoveryKey }),
  reset: () => {
    generation++;
    set(initial);
  },
}));

registerReset(() => useFirstRunStore.getState().reset());

/** The message for a refused confirmation (which problem main named). */
export function confirmErrorKey(error: ErrorData): { key: string; count?: number } | null {
  if (error.code !== 'INVALID_INPUT') return null;
  switch (error.detail?.['problem']) {
    case 'recovery-tail': {
      const left = Number(error.detail?.['attemptsLeft'] ?? 0);
      return left > 0 ? { key: 'firstRun.errors.tail', count: left } : { key: 'firstRun.errors.tailExhausted' };
    }
    case 'recovery-key':
      return { key: 'firstRun.errors.key' };
    case 'recovery-key-other':
      return { key: 'firstRun.errors.other' };
    case 'recovery-key-file':
      return { key: 'firstRun.errors.file' };
    default:
      return null;
  }
}
