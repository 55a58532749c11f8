/**
 * The operating system's file dialogs, as the FileDialogs the IPC handlers
 * use. Dialogs are modal to the main window, keep client files out of the
 * OS "recent documents" list, and carry no titles of their own (the OS
 * supplies localised ones, so no UI string is hard-coded here).
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
  const open = async (properties: OpenProperty[]) => {
    const win = parent();
    const options: OpenOptions = { properties: [...properties, 'dontAddToRecent'] };
    const result = await (win ? dialog.showOpenDialog(win, options) : dialog.showOpenDialog(options));
    return result.canceled ? [] : result.filePaths;
  };
  return {
    async pickFiles() {
      const paths = await open(['openFile', 'multiSelections']);
      return paths.length > 0 ? paths : null;
    },
    async pickFolder() {
      return (await open(['openDirectory']))[0] ?? null;
    },
    async pickSaveTarget(defaultName) {
      const win = parent();
      const options: SaveOptions = {
        defaultPath: join(defaultDir(), safeDefaultFileName(defaultName)),
        properties: ['showOverwriteConfirmation', 'dontAddToRecent', 'createDirectory'],
      };
      const result = await (win ? dialog.showSaveDialog(win, options) : dialog.showSaveDialog(options));
      return result.canceled || result.filePath === '' ? null : result.filePath;
    },
  };
}
