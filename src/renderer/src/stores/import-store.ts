import { create } from 'zustand';
import type { DocumentFields } from '../../../shared/contract';
import { DROP_IMPORT_MAX_BYTES, type ImportOutcome, type PickedFile } from '../../../shared/domain';
import type { ErrorCode, ErrorData } from '../../../shared/errors';
import { asErrorData, call } from '../bridge/client';
import { useDocumentsStore } from './documents-store';
import { useIndexStore } from './index-store';
import { registerReset } from './registry';

/** One file's line in the result summary: main's outcome, or what the renderer decided itself. */
export type BatchItem =
  | ImportOutcome
  /** Over the drop limit: the file dialog (导入文件) streams it instead. */
  | { source: string; status: 'tooLarge'; size: number }
  /** A folder, or a file the browser could not read. */
  | { source: string; status: 'unreadable'; folder: boolean }
  /** Not tried: the batch was cancelled or stopped first. */
  | { source: string; status: 'skipped' };

/** A 所属期 as a document records it: a year, and a month or the whole year; year null is 未识别. */
export interface FilePeriod {
  year: number | null;
  month: number | null;
  /** This file's own category (proposed from its name or content, or chosen); absent or null, the batch's. */
  category?: string | null;
}

export interface DroppedFile {
  file: File;
  isDirectory: boolean;
  /** This file's own 所属期, chosen in the import dialog; absent, the batch's fields decide. */
  period?: FilePeriod;
}

export type ImportMode = 'files' | 'folder' | 'drop';

/** A batch waiting in the import dialog: dropped files (their bytes here), or files a dialog picked (held in main). */
export type PreparedBatch = { mode: 'drop'; files: DroppedFile[] } | { mode: 'files' | 'folder'; token: string; files: PickedFile[] };

/** The pick's token is no longer held (imported, expired, or the vault locked since): pick again. */
export function isPickGone(error: ErrorData): boolean {
  return error.code === 'NOT_FOUND' && error.detail?.what === 'pick';
}

interface Running {
  mode: ImportMode;
  total: number;
  done: number;
  current: string | null;
  cancelling: boolean;
}

export interface ImportSummary {
  items: BatchItem[];
  cancelled: boolean;
}

interface ImportState {
  running: Running | null;
  summary: ImportSummary | null;
  /** The whole batch failed before any file (e.g. the vault locked). */
  error: ErrorData | null;
  /** 导入文件 / 导入文件夹, first step: main opens the dialog; the picked files' names and sizes under a token (null: cancelled or failed). */
  pick: (clientId: string, mode: 'files' | 'folder') => Promise<PreparedBatch | null>;
  /** The picked files imported, each with its own 所属期 and category (in the pick's order); one call. */
  importPicked: (clientId: string, token: string, fields: DocumentFields, periods: FilePeriod[]) => Promise<void>;
  /** Dropped files, one docImportBytes call each, in order; stops between files when cancelled. */
  drop: (clientId: string, files: DroppedFile[], fields: DocumentFields) => Promise<void>;
  cancel: () => void;
  dismiss: () => void;
  reset: () => void;
}

const initial = { running: null, summary: null, error: null };

/** After these, every later file would fail the same way. */
const BATCH_STOPPERS: readonly ErrorCode[] = ['VAULT_LOCKED', 'DISK_FULL', 'READ_ONLY', 'CANCELLED'];

let generation = 0;

async function readBytes(file: File): Promise<Uint8Array<ArrayBuffer> | null> {
  try {
    return new Uint8Array(await file.arrayBuffer());
  } catch {
    return null;
  }
}

export const useImportStore = create<ImportState>()((set, get) => ({
  ...initial,
  pick: async (clientId, mode) => {
    const mine = ++generation;
    // total 0: the dialog is open (the progress line asks the person to choose).
    set({ running: { mode, total: 0, done: 0, current: null, cancelling: false }, summary: null, error: null });
    try {
      const picked = await call('docPickFiles', { clientId, mode });
      if (mine !== generation) return null;
      set({ running: null });
      return picked.cancelled ? null : { mode, token: picked.token, files: picked.files };
    } catch (err) {
      if (mine === generation) set({ running: null, error: asErrorData(err) });
      return null;
    }
  },
  importPicked: async (clientId, token, fields, periods) => {
    const mine = ++generation;
    set({ running: { mode: 'files', total: periods.length, done: 0, current: null, cancelling: false }, summary: null, error: null });
    try {
      const files = periods.map((p) => ({ category: p.category ?? null, periodYear: p.year, periodMonth: p.year === null ? null : p.month }));
      const outcomes = await call('docPickImport', { clientId, token, fields, files });
      if (mine !== generation) return;
      set({ running: null, summary: { items: outcomes, cancelled: false } });
      void useDocumentsStore.getState().refresh();
      // Main starts reading the new files' content: show it in the header.
      void useIndexStore.getState().check();
    } catch (err) {
      if (mine === generation) set({ running: null, error: asErrorData(err) });
    }
  },
  drop: async (clientId, files, fields) => {
    const mine = ++generation;
    const items: BatchItem[] = [];
    set({ running: { mode: 'drop', total: files.length, done: 0, current: null, cancelling: false }, summary: null, error: null });
    let stopped = false;
    for (const [index, { file, isDirectory, period }] of files.entries()) {
      if (mine !== generation) return;
      if (stopped || get().running?.cancelling) {
        stopped = true;
        items.push({ source: file.name, status: 'skipped' });
        continue;
      }
      set((s) => ({ running: s.running && { ...s.running, current: file.name } }));
      const own = period
        ? { ...fields, periodYear: period.year, periodMonth: period.year === null ? null : period.month, category: period.category || fields.category }
        : fields;
      items.push(await importDropped(clientId, file, isDirectory, own, (code) => (stopped = BATCH_STOPPERS.includes(code))));
      if (mine !== generation) return;
      set((s) => ({ running: s.running && { ...s.running, done: index + 1 } }));
    }
    const cancelled = get().running?.cancelling === true;
    set({ running: null, summary: { items, cancelled } });
    void useDocumentsStore.getState().refresh();
    void useIndexStore.getState().check();
  },
  cancel: () => set((s) => ({ running: s.running && { ...s.running, cancelling: true } })),
  dismiss: () => set({ summary: null, error: null }),
  reset: () => {
    generation++;
    set(initial);
  },
}));

async function importDropped(
  clientId: string,
  file: File,
  isDirectory: boolean,
  fields: DocumentFields,
  onThrown: (code: ErrorCode) => void,
): Promise<BatchItem> {
  const source = file.name;
  if (isDirectory) return { source, status: 'unreadable', folder: true };
  if (file.size > DROP_IMPORT_MAX_BYTES) return { source, status: 'tooLarge', size: file.size };
  const data = await readBytes(file);
  if (!data) return { source, status: 'unreadable', folder: false };
  try {
    return await call('docImportBytes', { clientId, name: source, data, fields });
  } catch (err) {
    const error = asErrorData(err);
    onThrown(error.code);
    return { source, status: 'failed', code: error.code, message: error.message };
  }
}

registerReset(() => useImportStore.getState().reset());
