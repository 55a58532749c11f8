import type { FileDialogs } from '../../../src/main/ipc/dialogs';

/**
 * Stands in for the operating system's file dialogs. Every dialog answers
 * "cancelled" unless a test says what the person would pick: either once
 * (answerFiles / answerFolder / answerSave: the next opening of that dialog
 * takes it) or standing (the files / folder / saveTarget fields).
 */
export class TestDialogs implements FileDialogs {
  files: string[] | null = null;
  folder: string | null = null;
  saveTarget: string | null = null;
  /** Which dialogs were opened, in order (and the suggested name for saves). */
  readonly opened: string[] = [];

  private readonly once = {
    files: [] as (string[] | null)[],
    folder: [] as (string | null)[],
    save: [] as (string | null)[],
  };

  /** The next 导入文件 dialog picks these paths (null: the person cancels). */
  answerFiles(paths: string[] | null): void {
    this.once.files.push(paths);
  }

  /** The next 导入文件夹 dialog picks this folder (null: cancelled). */
  answerFolder(dir: string | null): void {
    this.once.folder.push(dir);
  }

  /** The next save dialog saves to this path (null: cancelled). */
  answerSave(path: string | null): void {
    this.once.save.push(path);
  }

  async pickFiles(): Promise<string[] | null> {
    this.opened.push('files');
    return this.once.files.length > 0 ? (this.once.files.shift() ?? null) : this.files;
  }

  async pickFolder(): Promise<string | null> {
    this.opened.push('folder');
    return this.once.folder.length > 0 ? (this.once.folder.shift() ?? null) : this.folder;
  }

  async pickSaveTarget(defaultName: string): Promise<string | null> {
    this.opened.push(`save:${defaultName}`);
    return this.once.save.length > 0 ? (this.once.save.shift() ?? null) : this.saveTarget;
  }
}
