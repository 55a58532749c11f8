import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createFileDialogs, safeDefaultFileName, type DialogLike } from '../../../src/main/app/file-dialogs';

describe('safeDefaultFileName', () => {
  it.each([
    ['发票-2024.pdf', '发票-2024.pdf'],
    ['../../etc/passwd', '_.._etc_passwd'],
    ['..\\..\\Windows\\win.ini', '_.._Windows_win.ini'],
    ['C:\\Users\\x.pdf', 'C__Users_x.pdf'],
    ['a/b.pdf', 'a_b.pdf'],
    ['report\u202Efdp.exe', 'reportfdp.exe'],
    ['bad\u0000name.pdf', 'bad_name.pdf'],
    ['  .hidden  ', 'hidden'],
    ['name.', 'name'],
    ['CON', '_CON'],
    ['nul.txt', '_nul.txt'],
    ['', '_'],
    ['...', '_'],
  ])('%j -> %j', (name, safe) => {
    expect(safeDefaultFileName(name)).toBe(safe);
  });

  it('caps the length', () => {
    expect(safeDefaultFileName('a'.repeat(500))).toHaveLength(180);
  });
});

function fakeDialog(open: { canceled: boolean; filePaths: string[] }, save: { canceled: boolean; filePath: string }) {
  return {
    showOpenDialog: vi.fn((..._args: unknown[]) => Promise.resolve(open)),
    showSaveDialog: vi.fn((..._args: unknown[]) => Promise.resolve(save)),
  };
}

const asDialog = (d: ReturnType<typeof fakeDialog>) => d as unknown as DialogLike<string>;

describe('createFileDialogs', () => {
  it('opens files modally, keeps them out of recent documents, returns the paths', async () => {
    const d = fakeDialog({ canceled: false, filePaths: ['/a.pdf', '/b.pdf'] }, { canceled: true, filePath: '' });
    const dialogs = createFileDialogs(asDialog(d), () => 'WINDOW', () => '/docs');
    await expect(dialogs.pickFiles()).resolves.toEqual(['/a.pdf', '/b.pdf']);
    expect(d.showOpenDialog).toHaveBeenCalledWith('WINDOW', {
      properties: ['openFile', 'multiSelections', 'dontAddToRecent'],
    });
  });

  it('returns null when cancelled or empty', async () => {
    const cancelled = createFileDialogs(asDialog(fakeDialog({ canceled: true, filePaths: ['/x'] }, { canceled: true, filePath: '/x' })), () => null, () => '/d');
    await expect(cancelled.pickFiles()).resolves.toBeNull();
    await expect(cancelled.pickFolder()).resolves.toBeNull();
    await expect(cancelled.pickSaveTarget('a.pdf')).resolves.toBeNull();
    const empty = createFileDialogs(asDialog(fakeDialog({ canceled: false, filePaths: [] }, { canceled: false, filePath: '' })), () => null, () => '/d');
    await expect(empty.pickFiles()).resolves.toBeNull();
    await expect(empty.pickSaveTarget('a.pdf')).resolves.toBeNull();
  });

  it('opens a single file when asked for one', async () => {
    const d = fakeDialog({ canceled: false, filePaths: ['/backups/zhangdun-2024.zdbak'] }, { canceled: true, filePath: '' });
    await expect(createFileDialogs(asDialog(d), () => null, () => '/d').pickFiles({ multiple: false })).resolves.toEqual(['/backups/zhangdun-2024.zdbak']);
    expect(d.showOpenDialog).toHaveBeenCalledWith({ properties: ['openFile', 'dontAddToRecent'] });
  });

  it('picks one folder', async () => {
    const d = fakeDialog({ canceled: false, filePaths: ['/clients/a'] }, { canceled: true, filePath: '' });
    await expect(createFileDialogs(asDialog(d), () => null, () => '/d').pickFolder()).resolves.toBe('/clients/a');
    expect(d.showOpenDialog).toHaveBeenCalledWith({ properties: ['openDirectory', 'dontAddToRecent'] });
  });

  it('suggests a sanitised name in the default folder and asks before overwriting', async () => {
    const d = fakeDialog({ canceled: true, filePaths: [] }, { canceled: false, filePath: '/chosen/x.pdf' });
    const dialogs = createFileDialogs(asDialog(d), () => 'WINDOW', () => '/home/u/Documents');
    await expect(dialogs.pickSaveTarget('../../.ssh/authorized_keys')).resolves.toBe('/chosen/x.pdf');
    expect(d.showSaveDialog).toHaveBeenCalledWith('WINDOW', {
      defaultPath: join('/home/u/Documents', '_.._.ssh_authorized_keys'),
      properties: ['showOverwriteConfirmation', 'dontAddToRecent', 'createDirectory'],
    });
  });
});
