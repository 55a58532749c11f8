import { create } from 'zustand';
import type { IndexProgress } from '../../../shared/domain';
import type { ErrorData } from '../../../shared/errors';
import { asErrorData, call } from '../bridge/client';
import { useDocumentsStore } from './documents-store';
import { registerReset } from './registry';

/** How often the header asks while documents are waiting to be read. */
export const INDEX_POLL_MS = 3000;

interface IndexState {
  /** The background reading of documents' content; null before the first answer, or when main reads nothing. */
  progress: IndexProgress | null;
  /** A pause or resume is on its way. */
  toggling: boolean;
  error: ErrorData | null;
  /** Asks once; keeps asking every INDEX_POLL_MS while documents are waiting or being read. */
  check: () => Promise<void>;
  setPaused: (paused: boolean) => Promise<void>;
  reset: () => void;
}

const initial = { progress: null, toggling: false, error: null };

let timer: ReturnType<typeof setTimeout> | null = null;
// Bumped by reset: an answer to a request made before a lock is dropped, and no poll outlives the lock.
let generation = 0;

function stopPolling(): void {
  if (timer) clearTimeout(timer);
  timer = null;
}

function busy(progress: IndexProgress | null): boolean {
  return progress !== null && (progress.pending > 0 || progress.running);
}

/** 正在读取资料内容 N in the header, with 暂停/继续; polls only while there is something to read. */
export const useIndexStore = create<IndexState>()((set, get) => {
  function receive(mine: number, next: IndexProgress | null): void {
    if (mine !== generation) return;
    const before = get().progress;
    set({ progress: next, error: null });
    // Documents were read since the last answer: their tags in the open list change.
    if (before && next && (next.done !== before.done || next.pending < before.pending)) void useDocumentsStore.getState().refresh();
    stopPolling();
    if (busy(next) && !next?.paused) {
      timer = setTimeout(() => {
        timer = null;
        void get().check();
      }, INDEX_POLL_MS);
    }
  }

  return {
    ...initial,
    check: async () => {
      const mine = generation;
      try {
        receive(mine, await call('indexStatus', {}));
      } catch (err) {
        // Locked meanwhile, or main refused: stop asking until something starts it again.
        if (mine !== generation) return;
        stopPolling();
        set({ error: asErrorData(err) });
      }
    },
    setPaused: async (paused) => {
      const mine = generation;
      set({ toggling: true });
      try {
        const next = await call('indexPause', { paused });
        if (mine !== generation) return;
        set({ toggling: false });
        receive(mine, next);
      } catch (err) {
        if (mine === generation) set({ toggling: false, error: asErrorData(err) });
      }
    },
    reset: () => {
      generation++;
      stopPolling();
      set(initial);
    },
  };
});

registerReset(() => useIndexStore.getState().reset());
