import type { FileDialogs } from '../../../src/main/ipc/handlers';

/**
 * Stands in for the operating system's file dialogs. Every dialog answers
 * "cancelled" unless a test sets what the person would pick.
 */
export class TestDialogs implements FileDialogs {
  files: string[] | null = null;
  folder: string | null = null;
  saveTarget: string | null = null;
  /** Which dialogs were opened, in order (and the suggested name for saves). */
  readonly opened: string[] = [];

  async pickFiles(): Promise<string[] | null> {
    this.opened.push('files');
    return this.files;
  }

  async pickFolder(): Promise<string | null> {
    this.opened.push('folder');
    return this.folder;
  }

  async pickSaveTarget(defaultName: string): Promise<string | null> {
    this.opened.push(`save:${defaultName}`);
    return this.saveTarget;
  }
}
