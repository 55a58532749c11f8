import { promises as fsp, type Stats } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CliRefusal, errorText } from './cli-errors';
import { required, type Context } from './context';

/**
 * Where `--out` (or `--report-out`) points, checked before the vault is
 * opened, so that each mistake gets its own message: a folder that does not
 * exist, a file that would be replaced without --force, a folder where a file
 * name was needed.
 */
export type OutTarget = { kind: 'file'; path: string } | { kind: 'folder'; dir: string };

const statOrNull = (path: string): Promise<Stats | null> => fsp.stat(path).catch(() => null);

async function check(ctx: Context, option: 'out' | 'report-out', folderAllowed: boolean, replaceable = true): Promise<OutTarget> {
  const path = resolve(required(ctx, option));
  const stat = await statOrNull(path);
  if (stat?.isDirectory()) {
    if (folderAllowed) return { kind: 'folder', dir: path };
    throw new CliRefusal('INVALID_INPUT', errorText(ctx.locale, 'outIsFolder', { path, option }));
  }
  if (stat) {
    if (!replaceable) throw new CliRefusal('ALREADY_EXISTS', errorText(ctx.locale, 'backupOutExists', { path }));
    if (!ctx.values.force) throw new CliRefusal('ALREADY_EXISTS', errorText(ctx.locale, 'exportExists', { path }));
    return { kind: 'file', path };
  }
  const dir = dirname(path);
  const parent = await statOrNull(dir);
  if (!parent) throw new CliRefusal('NOT_FOUND', errorText(ctx.locale, 'outFolderMissing', { dir, path, option }));
  if (!parent.isDirectory()) throw new CliRefusal('NOT_FOUND', errorText(ctx.locale, 'outParentNotFolder', { dir, path, option }));
  return { kind: 'file', path };
}

/** `--out` for a document: a file, or a folder to write it into. */
export function outTarget(ctx: Context): Promise<OutTarget> {
  return check(ctx, 'out', true);
}

/** An option that must name a file (a report). */
export async function outFile(ctx: Context, option: 'out' | 'report-out'): Promise<string> {
  const target = await check(ctx, option, false);
  return target.kind === 'file' ? target.path : target.dir;
}

/** An option that must name a new file: an existing one is never replaced, --force or not (a signed statement). */
export async function newFile(ctx: Context, option: 'out'): Promise<string> {
  const target = await check(ctx, option, false, false);
  return target.kind === 'file' ? target.path : target.dir;
}

/** The file to write: `--out` itself, or the document's own (sanitised) name inside the folder it names. */
export async function fileIn(ctx: Context, target: OutTarget, defaultName: string): Promise<string> {
  if (target.kind === 'file') return target.path;
  const path = join(target.dir, defaultName);
  const stat = await statOrNull(path);
  if (stat?.isDirectory()) throw new CliRefusal('INVALID_INPUT', errorText(ctx.locale, 'outIsFolder', { path, option: 'out' }));
  if (stat && !ctx.values.force) throw new CliRefusal('ALREADY_EXISTS', errorText(ctx.locale, 'exportExists', { path }));
  return path;
}
