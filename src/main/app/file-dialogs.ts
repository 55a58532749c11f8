/**
 * The operating system's file dialogs, as the FileDialogs port the IPC
 * handlers use (src/main/ipc/dialogs.ts). Every dialog is shown the same way:
 * modal to the main window when there is one, kept out of the OS "recent
 * documents" list, and without a title of its own (the OS supplies localised
 * ones, so no UI string is hard-coded here).
 */
import { join } from 'node:path';
import type { FileDialogs } from '../ipc/dialogs';

type OpenProperty = 'openFile' | 'openDirectory' | 'multiSelections' | 'dontAddToRecent';
type SaveProperty = 'showOverwriteConfirmation' | 'dontAddToRecent' | 'createDirectory';

interface OpenOptions {
  properties: OpenProperty[];
}

interface SaveOptions {
  defaultPath: string;
  properties: SaveProperty[];
}

/** The parts of Electron's `dialog` used here; W is the window type. */
export interface DialogLike<W> {
  showOpenDialog(window: W, options: OpenOptions): Promise<{ canceled: boolean; filePaths: string[] }>;
  showOpenDialog(options: OpenOptions): Promise<{ canceled: boolean; filePaths: string[] }>;
  showSaveDialog(window: W, options: SaveOptions): Promise<{ canceled: boolean; filePath: string }>;
  showSaveDialog(options: SaveOptions): Promise<{ canceled: boolean; filePath: string }>;
}

/**
 * A suggested file name from vault data (a document's name, typed by staff
 * at import) made safe to put in a path: no directories, no device names,
 * nothing the OS would reject. The user still chooses the final location.
 */
export function safeDefaultFileName(name: string): string {
  const replaced = name
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed.
    .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]/g, '_')
    // Bidirectional controls can disguise an extension ("report\u202Efdp.exe").
    .replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '');
  // Cut by code point, not UTF-16 unit, so a Chinese or emoji name is never split in half.
  const cleaned = Array.from(replaced).slice(0, 180).join('').replace(/^[.\s]+|[.\s]+$/g, '');
  if (cleaned === '' || /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i.test(cleaned)) return `_${cleaned}`;
  return cleaned;
}

export function createFileDialogs<W>(
  dialog: DialogLike<W>,
  parent: () => W | null,
  defaultDir: () => string,
): FileDialogs {
  // The one way a dialog is shown: on the main window when it exists, free-standing otherwise.
  const show = <O, R>(withWindow: (win: W, options: O) => Promise<R>, alone: (options: O) => Promise<R>, options: O) => {
    const win = parent();
    return win ? withWindow(win, options) : alone(options);
  };
  const open = async (properties: OpenProperty[]): Promise<string[] | null> => {
    const options: OpenOptions = { properties: [...properties, 'dontAddToRecent'] };
    const result = await show((w, o: OpenOptions) => dialog.showOpenDialog(w, o), (o) => dialog.showOpenDialog(o), options);
    return result.canceled || result.filePaths.length === 0 ? null : result.filePaths;
  };
  return {
    pickFiles: ({ multiple = true } = {}) => open(multiple ? ['openFile', 'multiSelections'] : ['openFile']),
    pickFolder: async () => (await open(['openDirectory']))?.[0] ?? null,
    async pickSaveTarget(defaultName) {
      const options: SaveOptions = {
        defaultPath: join(defaultDir(), safeDefaultFileName(defaultName)),
        properties: ['showOverwriteConfirmation', 'dontAddToRecent', 'createDirectory'],
      };
      const result = await show((w, o: SaveOptions) => dialog.showSaveDialog(w, o), (o) => dialog.showSaveDialog(o), options);
      return result.canceled || result.filePath === '' ? null : result.filePath;
    },
  };
}
