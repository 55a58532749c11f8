import { promises as fsp } from 'node:fs';
import { hostname } from 'node:os';
import { VaultError, fsError } from '../errors';

/**
 * One process at a time may hold a vault open: the app or the CLI. The lock
 * file names its holder; a holder that died (same host, pid gone) is replaced.
 */
export interface ClaimHolder {
  pid: number;
  host: string;
  since: string;
}

/** Lock files this process really holds: a same-pid lock file not listed here is stale (a release that failed). */
const held = new Set<string>();

export class OpenerClaim {
  private constructor(private readonly path: string) {
    held.add(path);
  }

  static async acquire(path: string, now = new Date()): Promise<OpenerClaim> {
    const me: ClaimHolder = { pid: process.pid, host: hostname(), since: now.toISOString() };
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await fsp.writeFile(path, JSON.stringify(me), { flag: 'wx', mode: 0o600 });
        return new OpenerClaim(path);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw fsError(err, 'vault.in-use');
      }
      const holder = await readHolder(path);
      if (holder && holder.host === me.host && holder.pid === me.pid && held.has(path)) {
        throw new VaultError('VAULT_BUSY', { holder: `pid ${holder.pid}` });
      }
      if (holder && holder.host === me.host && holder.pid === me.pid) {
        // Ours but not held: an earlier release failed (e.g. the folder was read-only then).
        await fsp.rm(path, { force: true });
        continue;
      }
      if (holder && (holder.host !== me.host || isAlive(holder.pid))) {
        throw new VaultError('VAULT_BUSY', { holder: `${holder.host} pid ${holder.pid}` });
      }
      await fsp.rm(path, { force: true });
    }
    throw new VaultError('VAULT_BUSY', { holder: '?' });
  }

  async release(): Promise<void> {
    held.delete(this.path);
    const holder = await readHolder(this.path);
    if (holder && holder.pid === process.pid) await fsp.rm(this.path, { force: true });
  }
}

async function readHolder(path: string): Promise<ClaimHolder | null> {
  try {
    const parsed = JSON.parse(await fsp.readFile(path, 'utf8')) as ClaimHolder;
    return typeof parsed.pid === 'number' && typeof parsed.host === 'string' ? parsed : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
