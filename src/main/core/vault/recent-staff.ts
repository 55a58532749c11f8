import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { writeFileDurable } from '../fs/durable';
import { vaultStateDir } from './state-dir';

/**
 * Who unlocked a vault on this PC, last first: the unlock screen's staff
 * picker. Kept in this person's state folder, never in the vault (staff
 * names are sealed there under the common key); only names that unlocked
 * successfully are kept, so a mistyped name or a password typed into the
 * name field never lands here.
 */
const MAX_NAMES = 20;

function namesPath(stateDir: string, vaultId: string): string {
  return join(vaultStateDir(stateDir, vaultId), 'recent-staff.json');
}

export async function readStaffNames(stateDir: string, vaultId: string): Promise<string[]> {
  try {
    const parsed: unknown = JSON.parse(await fsp.readFile(namesPath(stateDir, vaultId), 'utf8'));
    if (!Array.isArray(parsed)) return [];
    return parsed.filter((n): n is string => typeof n === 'string' && n.length > 0 && n.length <= 64).slice(0, MAX_NAMES);
  } catch {
    return [];
  }
}

export async function rememberStaffName(stateDir: string, vaultId: string, name: string): Promise<void> {
  const names = [name, ...(await readStaffNames(stateDir, vaultId)).filter((n) => n !== name)].slice(0, MAX_NAMES);
  await fsp.mkdir(vaultStateDir(stateDir, vaultId), { recursive: true, mode: 0o700 });
  await writeFileDurable(namesPath(stateDir, vaultId), JSON.stringify(names));
}
