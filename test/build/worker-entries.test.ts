import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../helpers/seeded-random';

/**
 * The worker threads ship as entries of the build (out/main/*.worker.js,
 * beside index.js and cli.js), and the built command line encrypts with them:
 * a file imported and exported back through out/main/cli.js, a backup written
 * and verified, and the same bundle without its worker files failing to
 * import. Skipped unless `npm run build` has run (npm test builds first).
 */
const out = resolve(__dirname, '../../out');
const main = join(out, 'main');
const built = existsSync(join(main, 'cli.js'));
const WORKERS = ['blob-writer.worker.js', 'hash.worker.js'];

describe.skipIf(!built)('worker entries of the build', () => {
  let dir: string;
  let bare: string;
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ZHANGDUN_PASSWORD: 'worker entries test 1', LANG: 'en_US.UTF-8' };
  const cli = (bundle: string, args: string[]) => spawnSync(process.execPath, [join(bundle, 'cli.js'), ...args, '--lang', 'en'], { env, encoding: 'utf8' });
  const ok = (r: ReturnType<typeof cli>) => {
    expect(r.status, r.stderr).toBe(0);
    return r.stdout.trim();
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'zd-worker-entries-'));
    // A copy of the bundle without its workers, inside out/ so that it still finds node_modules.
    bare = mkdtempSync(join(out, '.no-workers-'));
    cpSync(main, bare, { recursive: true, filter: (path) => !WORKERS.some((w) => path.endsWith(w)) });
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(bare, { recursive: true, force: true });
  });

  it('ships each worker as its own file beside the bundles, and no worker code in strings', () => {
    for (const worker of WORKERS) expect(existsSync(join(main, worker)), worker).toBe(true);
    for (const file of readdirSync(main).filter((f) => f.endsWith('.js'))) {
      expect(readFileSync(join(main, file), 'utf8'), file).not.toMatch(/eval:\s*(true|!0)/);
    }
  });

  it('the built CLI imports and exports a file, and backs up and verifies the vault, through them', () => {
    const vault = join(dir, 'vault');
    const key = join(dir, 'recovery.txt');
    ok(cli(main, ['init', '--vault', vault, '--staff', 'Owner', '--recovery-key-out', key]));
    const who = ['--vault', vault, '--staff', 'Owner'];
    const client = ok(cli(main, ['client', 'add', ...who, '--name', 'Worker Entries Ltd', '--json']));
    // Several 1 MiB blocks and a partial 64 KiB chunk at the end.
    const source = join(dir, 'statement.bin');
    const bytes = seededRandom(7).bytes(3 * 1024 * 1024 + 12_345);
    writeFileSync(source, bytes);
    const doc = ok(cli(main, ['doc', 'import', ...who, '--client', client, '--json', source]));
    expect(doc).toMatch(/^[0-9a-f]{32}$/);
    const back = join(dir, 'back.bin');
    ok(cli(main, ['doc', 'export', ...who, '--doc', doc, '--out', back]));
    expect(readFileSync(back).equals(bytes)).toBe(true);

    const backup = join(dir, 'vault.zdbk');
    // As the owner, so signed by this vault: verify passes only those.
    ok(cli(main, ['backup', 'create', ...who, '--out', backup]));
    expect(ok(cli(main, ['backup', 'verify', backup, '--identity', key]))).toMatch(/intact[\s\S]*Signed by this vault/i);

    const failed = cli(bare, ['doc', 'import', ...who, '--client', client, '--json', source]);
    expect(failed.status).not.toBe(0);
  });
});
