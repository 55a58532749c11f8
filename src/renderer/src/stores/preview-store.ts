import { create } from 'zustand';
import type { DocumentPreview } from '../../../shared/domain';
import type { ErrorData } from '../../../shared/errors';
import { asErrorData, call, tryCall } from '../bridge/client';
import { fileKind } from '../documents/format';
import { registerReset } from './registry';

interface PreviewTarget {
  id: string;
  /** Shown in the title while the bytes load. */
  name: string;
  /** Whose document, when known: its label decides whether export asks for a reason. */
  clientId?: string;
  /** Type and size, when known: a type the app cannot draw is described without fetching its bytes. */
  mime?: string;
  size?: number;
}

/** Word and Excel files main reads for the preview (.docx/.xlsx and their macro-enabled forms; not the old binary .doc/.xls). */
const OFFICE_MIMES = new Set([
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.ms-word.document.macroenabled.12',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.ms-excel.sheet.macroenabled.12',
]);

/** Whether the viewer draws this type; the bytes of other types are never asked for. */
export function isViewable(mime: string): boolean {
  const kind = fileKind(mime);
  return kind === 'pdf' || kind === 'image' || kind === 'csv' || kind === 'text' || OFFICE_MIMES.has(mime.toLowerCase());
}

interface PreviewState {
  target: PreviewTarget | null;
  /** Decrypted bytes: held only while the preview is open. */
  preview: DocumentPreview | null;
  loading: boolean;
  error: ErrorData | null;
  open: (target: PreviewTarget) => Promise<void>;
  /** Closes the preview and drops the bytes. */
  close: () => void;
  /** Records the print in the audit log; the caller prints only if this resolves with no error. */
  recordPrint: (id: string) => Promise<ErrorData | null>;
  reset: () => void;
}

const initial = { target: null, preview: null, loading: false, error: null };

let generation = 0;

export const usePreviewStore = create<PreviewState>()((set) => ({
  ...initial,
  open: async (target) => {
    const mine = ++generation;
    if (target.mime !== undefined && !isViewable(target.mime)) {
      set({ target, preview: null, loading: false, error: null });
      return;
    }
    set({ target, preview: null, loading: true, error: null });
    try {
      const preview = await call('docPreview', { id: target.id });
      if (mine === generation) set({ preview, loading: false });
    } catch (err) {
      if (mine === generation) set({ loading: false, error: asErrorData(err) });
    }
  },
  close: () => {
    generation++;
    set(initial);
  },
  recordPrint: async (id) => {
    const result = await tryCall('docPrint', { id });
    return result.ok ? null : result.error;
  },
  reset: () => {
    generation++;
    set(initial);
  },
}));

registerReset(() => usePreviewStore.getState().reset());
