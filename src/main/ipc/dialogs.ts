/**
 * The one port through which main asks a person for paths: the operating
 * system's file dialogs. The shell provides it (app/file-dialogs.ts), the e2e
 * harness a stand-in (test/e2e/harness/test-dialogs.ts). Handlers never show a
 * dialog any other way.
 */

/** Every method resolves null when the person cancels. */
export interface FileDialogs {
  /** Files to open; several unless `multiple` is false. Null (or no paths) when cancelled. */
  pickFiles(options?: { multiple?: boolean }): Promise<string[] | null>;
  /** One folder; null when cancelled. */
  pickFolder(): Promise<string | null>;
  /** Where to save, suggesting `defaultName`; the dialog itself confirms replacing a file. Null when cancelled. */
  pickSaveTarget(defaultName: string): Promise<string | null>;
}

/** How services that write a file ask where: they choose the suggested name, the save dialog the place. */
export type SaveTargetPicker = (defaultName: string) => Promise<string | null>;

/** The save dialog as services take it (a bound function: stand-ins may be class instances). */
export function saveTargetPicker(dialogs: FileDialogs): SaveTargetPicker {
  return (defaultName) => dialogs.pickSaveTarget(defaultName);
}

/** The one file a person picked to open (a single-selection dialog); null when cancelled. */
export async function pickOneFile(dialogs: FileDialogs): Promise<string | null> {
  const [path] = (await dialogs.pickFiles({ multiple: false })) ?? [];
  return path ?? null;
}

/**
 * The one way a handler goes on from an open dialog: with what was picked,
 * or, when the person cancelled (null or no paths), with `{ cancelled: true }`
 * and without running `next`.
 */
export async function ifPicked<T, R>(
  picked: Promise<T | null> | T | null,
  next: (value: T) => Promise<R> | R,
): Promise<R | { cancelled: true }> {
  const value = await picked;
  if (value === null || (Array.isArray(value) && value.length === 0)) return { cancelled: true };
  return next(value);
}
