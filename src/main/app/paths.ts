/**
 * Where the shell finds things on disk. Pure, so the packaged/unpackaged
 * decisions are tested without Electron.
 */
import { join, resolve } from 'node:path';

/** The file name node-gyp gives the better-sqlite3-multiple-ciphers addon. */
export const NATIVE_FILE = 'better_sqlite3.node';

export interface NativeBindingInput {
  isPackaged: boolean;
  resourcesPath: string;
  electronVersion: string;
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * The Electron-ABI build of the SQLite addon. Packaged builds only ever load
 * the copy shipped in resources/native/<electron version>/ and ignore the
 * environment: a variable naming a .node file would be a way to run foreign
 * code inside the process that holds the keys. Development runs take the path
 * scripts/start.mjs built and passed in ZHANGDUN_NATIVE_BINDING.
 */
export function nativeBindingPath(input: NativeBindingInput): string | undefined {
  if (input.isPackaged) return join(input.resourcesPath, 'native', input.electronVersion, NATIVE_FILE);
  const fromEnv = input.env['ZHANGDUN_NATIVE_BINDING']?.trim();
  return fromEnv ? resolve(fromEnv) : undefined;
}

/** The vault directory: ZHANGDUN_VAULT when set (e.g. a firm keeps it on another drive), else under userData. */
export function defaultVaultDir(env: Readonly<Record<string, string | undefined>>, userDataDir: string): string {
  const fromEnv = env['ZHANGDUN_VAULT']?.trim();
  return fromEnv ? resolve(fromEnv) : join(userDataDir, 'vault');
}

/**
 * This user's own state (anchors, the pinned vault identity): ZHANGDUN_STATE_DIR when set, else
 * userData/state. It is kept apart from the vault folder on purpose: see core/vault/anchors.ts.
 */
export function defaultStateDir(env: Readonly<Record<string, string | undefined>>, userDataDir: string): string {
  const fromEnv = env['ZHANGDUN_STATE_DIR']?.trim();
  return fromEnv ? resolve(fromEnv) : join(userDataDir, 'state');
}

/** The built bundle next to the compiled main script (out/main → out/preload, out/renderer). */
export function bundlePaths(mainDir: string): { preload: string; renderer: string } {
  return { preload: join(mainDir, '..', 'preload', 'index.js'), renderer: join(mainDir, '..', 'renderer') };
}
