import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A throwaway PostgreSQL cluster for one test file: initdb in a temp folder, a
 * unix socket in that folder (no TCP), stopped and removed by stop(). PostgreSQL
 * refuses to run as root, so as root (CI) it runs as the `postgres` user the
 * Debian package creates, on a folder that user owns.
 */
export interface PgCluster {
  /** A connection URL for the superuser `zd` on database `postgres`. */
  url: string;
  /** Another database in the cluster, created empty. */
  createDatabase: (name: string) => string;
  stop: () => void;
}

function binDir(): string {
  if (process.env.ZHANGDUN_PG_BIN) return process.env.ZHANGDUN_PG_BIN;
  for (const v of ['18', '17', '16', '15', '14']) {
    const dir = `/usr/lib/postgresql/${v}/bin`;
    if (existsSync(join(dir, 'initdb'))) return dir;
  }
  return '';
}

export function pgAvailable(): boolean {
  return binDir() !== '';
}

export function startCluster(): PgCluster {
  const bin = binDir();
  if (!bin) throw new Error('PostgreSQL is not installed (apt-get install postgresql)');
  const asRoot = process.getuid?.() === 0;
  // As root the folder must be reachable by the postgres user (a TMPDIR under /root would not be); the socket path stays short.
  const dir = mkdtempSync(join(asRoot ? '/tmp' : tmpdir(), 'zd-pg-'));
  const run = (tool: string, args: string[]): string => {
    const cmd = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] as const : [join(bin, tool), args] as const;
    return execFileSync(cmd[0], cmd[1], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  };
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const port = 20_000 + Math.floor(Math.random() * 30_000);
  run('initdb', ['-D', data, '-U', 'zd', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const options = `-k ${dir} -p ${port} -c listen_addresses= -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  run('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', '-s', 'start']);
  let stopped = false;
  const url = (db: string) => `postgresql://zd@/${db}?host=${encodeURIComponent(dir)}&port=${port}`;
  return {
    url: url('postgres'),
    createDatabase: (name) => {
      run('createdb', ['-h', dir, '-p', String(port), '-U', 'zd', name]);
      return url(name);
    },
    stop: () => {
      if (stopped) return;
      stopped = true;
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', '-s', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
