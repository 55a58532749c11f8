import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleChild } from '../../../helpers/bundle-child';
import { makeVault, type TestVault } from './fixtures';

/**
 * Streaming throughout: backing up and restoring ~300 MiB of blobs must not
 * grow the process by anything like that. Also prints throughput next to
 * `tar -c | age -r` (Go) on the same files.
 */
const MiB = 1024 * 1024;
const DOC_MIB = 10;
const DOCS = 30;
/**
 * Far below the 300 MiB that holding the blobs (or the database) in memory would show. Measured 40–61 MiB,
 * and about the same for 100 and 600 MiB of blobs: garbage from per-chunk buffers awaiting collection.
 * With the hash workers 60–87 MiB: each worker's own heap, and the 1 MiB stages they fill ahead.
 */
const MAX_GROWTH_MIB = 100;

let root: string;
let vault: TestVault;
let identityFile: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'zd-backup-mem-'));
  vault = await makeVault(root, Array.from({ length: DOCS }, () => DOC_MIB * MiB));
  rmSync(join(root, 'sources'), { recursive: true, force: true });
  identityFile = join(root, 'recovery.txt');
  writeFileSync(identityFile, `${vault.identity}\n`, { mode: 0o600 });
}, 180_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('memory', () => {
  it('creates, verifies and restores ~300 MiB of blobs with flat memory', async () => {
    const child = await bundleChild(join(__dirname, 'memory-child.ts'), root);
    const job = { vaultDir: vault.dir, out: join(root, 'big.zdbk'), to: join(root, 'restored'), identityFile };
    const res = spawnSync(process.execPath, ['--expose-gc', child, JSON.stringify(job)], { encoding: 'utf8', timeout: 240_000 });
    expect(res.status, res.stderr).toBe(0);
    const figures = JSON.parse(res.stdout.trim().split('\n').pop() ?? '{}') as {
      payloadMiB: number;
      createPeakGrowthMiB: number;
      restorePeakGrowthMiB: number;
      createMs: number;
      restoreMs: number;
      phasesMs: Record<string, number>;
    };
    expect(figures.payloadMiB).toBeGreaterThan(DOCS * DOC_MIB);
    expect(figures.createPeakGrowthMiB).toBeLessThan(MAX_GROWTH_MIB);
    expect(figures.restorePeakGrowthMiB).toBeLessThan(MAX_GROWTH_MIB);

    // The same files through the reference tools, for comparison only.
    const ref = join(root, 'reference.tar.age');
    const t0 = performance.now();
    execFileSync('sh', ['-c', 'tar -c -C "$DIR" vault.key vault.db blobs | age -r "$R" > "$OUT"'], { env: { PATH: process.env.PATH ?? '', DIR: vault.dir, R: vault.recipient, OUT: ref } });
    const refCreateMs = performance.now() - t0;
    const t1 = performance.now();
    execFileSync('sh', ['-c', 'age -d -i "$ID" "$IN" | tar -t > /dev/null'], { env: { PATH: process.env.PATH ?? '', ID: identityFile, IN: ref } });
    const refVerifyMs = performance.now() - t1;
    const rate = (ms: number | undefined) => (ms ? (figures.payloadMiB / (ms / 1000)).toFixed(1) : '-');
    console.info(
      [
        `payload ${figures.payloadMiB.toFixed(1)} MiB; backup file ${(statSync(job.out).size / MiB).toFixed(1)} MiB`,
        `RSS growth: create+verify ${figures.createPeakGrowthMiB.toFixed(1)} MiB, restore ${figures.restorePeakGrowthMiB.toFixed(1)} MiB`,
        `zhangdun create+verify ${(figures.createMs / 1000).toFixed(1)} s = ${rate(figures.createMs)} MiB/s ` +
          `(hash ${rate(figures.phasesMs.hashing)} MiB/s, encrypt+write ${rate(figures.phasesMs.writing)} MiB/s, verify ${rate(figures.phasesMs.verifying)} MiB/s)`,
        `zhangdun restore (decrypt, extract, open, checkVault) ${(figures.restoreMs / 1000).toFixed(1)} s = ${rate(figures.restoreMs)} MiB/s`,
        `tar -c | age -r: ${(refCreateMs / 1000).toFixed(1)} s = ${rate(refCreateMs)} MiB/s; age -d | tar -t: ${rate(refVerifyMs)} MiB/s`,
      ].join('\n'),
    );
  }, 300_000);
});
