import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { writeFileDurable } from '../fs/durable';
import { vaultStateDir } from './state-dir';

/**
 * Alarms raised while the vault could not be trusted, kept in this person's
 * state folder until an unlock that can be trusted writes them to the audit
 * log. A refused rollback is one: written into the rolled-back vault.db, the
 * event would be signed under an older roster (and break the firm's log once
 * the right vault.key is back) or be lost with the old vault.db when the
 * right one is put back.
 */
export interface PendingAlarm {
  at: number;
  action: 'vault.rollback';
  what: 'vault.key' | 'audit log';
  /** Who was refused (null: the recovery key). */
  staffId: string | null;
}

/** At most this many wait; older ones give way (the count of refusals is in each). */
const MAX_ALARMS = 100;

function alarmsPath(stateDir: string, vaultId: string): string {
  return join(vaultStateDir(stateDir, vaultId), 'alarms.json');
}

function isAlarm(value: unknown): value is PendingAlarm {
  if (value === null || typeof value !== 'object') return false;
  const a = value as Record<string, unknown>;
  return (
    typeof a.at === 'number' &&
    Number.isFinite(a.at) &&
    a.action === 'vault.rollback' &&
    (a.what === 'vault.key' || a.what === 'audit log') &&
    (a.staffId === null || (typeof a.staffId === 'string' && /^[0-9a-f]{32}$/.test(a.staffId)))
  );
}

export async function readAlarms(stateDir: string, vaultId: string): Promise<PendingAlarm[]> {
  try {
    const parsed: unknown = JSON.parse(await fsp.readFile(alarmsPath(stateDir, vaultId), 'utf8'));
    return Array.isArray(parsed) ? parsed.filter(isAlarm) : [];
  } catch {
    // Missing or unreadable: nothing waits (an alarm is also the refusal the person saw).
    return [];
  }
}

export async function addAlarm(stateDir: string, vaultId: string, alarm: PendingAlarm): Promise<void> {
  const alarms = [...(await readAlarms(stateDir, vaultId)), alarm].slice(-MAX_ALARMS);
  await fsp.mkdir(vaultStateDir(stateDir, vaultId), { recursive: true, mode: 0o700 });
  await writeFileDurable(alarmsPath(stateDir, vaultId), JSON.stringify(alarms));
}

export async function clearAlarms(stateDir: string, vaultId: string): Promise<void> {
  await fsp.rm(alarmsPath(stateDir, vaultId), { force: true });
}
