/** The operating system's file dialogs, provided by the shell (and by a stand-in in e2e tests). */
export interface FileDialogs {
  /** Files to import; null when cancelled. */
  pickFiles(): Promise<string[] | null>;
  /** A folder to import; null when cancelled. */
  pickFolder(): Promise<string | null>;
  /** Where to export; the dialog itself confirms replacing a file. Null when cancelled. */
  pickSaveTarget(defaultName: string): Promise<string | null>;
}
