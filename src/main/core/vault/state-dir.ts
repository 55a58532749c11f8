import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where a person's own record of the vaults they opened lives, outside the
 * vault folder (anchors, the pinned vault identity, a copy of the unlock
 * throttle): ZHANGDUN_STATE_DIR if set; the app passes its user-data folder;
 * otherwise the platform's per-user configuration folder.
 */
export function defaultStateDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.ZHANGDUN_STATE_DIR) return env.ZHANGDUN_STATE_DIR;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Zhangdun', 'state');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Zhangdun', 'state');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Zhangdun', 'state');
}

/** The folder for one vault's state (by its id, so two vaults never share anchors). */
export function vaultStateDir(stateDir: string, vaultId: string): string {
  return join(stateDir, vaultId);
}
