import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackup } from '../../../../src/main/core/backup/create-backup';
import { verifyBackup } from '../../../../src/main/core/backup/read-backup';
import { restoreBackup } from '../../../../src/main/core/backup/restore-backup';
import { checkVault } from '../../../../src/main/core/services/check-service';
import { bundleChild } from '../../../helpers/bundle-child';
import { APP_VERSION, atRestSigner, contentFile, copyVault, exportAll, makeVault, openWithRecovery, sha256, treeHashes, type TestVault } from './fixtures';

/**
 * SIGKILL during create and restore, at random moments, in a child process:
 * never a file under the final name that fails verify, never a target folder
 * that is not a checked vault, never a damaged live vault.
 */
const TRIALS = { atRest: 8, open: 8, restore: 8 };

let root: string;
let template: TestVault;
let identityFile: string;
let child: string;
let backup: string;
/** Seeded, so a failing trial can be replayed. */
let seed = 20_240_601;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};
/** Trials run child processes: generous per-test limits for loaded CI machines. */
const TRIAL_TIMEOUT = 150_000;
/** Stratified: trial i of n is killed somewhere in the i-th slice of the run, stretched by a margin (timings vary under load). */
const killAt = (trial: number, trials: number, fullMs: number) => Math.floor(((trial + random()) / trials) * fullMs * 1.3);

interface Run {
  /** Milliseconds from "ready" to exit, or to the kill. */
  ms: number;
  finished: boolean;
}

/** Runs one job; kills it `killAfterMs` after it printed `marker` (never, if null). */
function runChild(job: object, killAfterMs: number | null, marker = 'ready\n'): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const proc = spawn(process.execPath, [child, JSON.stringify(job)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let readyAt = 0;
    let timer: NodeJS.Timeout | undefined;
    proc.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (!readyAt && out.includes(marker)) {
        readyAt = Date.now();
        if (killAfterMs !== null) timer = setTimeout(() => proc.kill('SIGKILL'), killAfterMs);
      }
    });
    proc.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    proc.on('close', (code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL' && code !== 0) reject(new Error(`child failed (${code}): ${err}`));
      else resolvePromise({ ms: Date.now() - readyAt, finished: out.includes('done\n') });
    });
  });
}

async function assertLiveVaultHealthy(dir: string): Promise<void> {
  const vault = await openWithRecovery(dir, template.identity);
  try {
    const report = await checkVault(vault);
    expect(report.ok, JSON.stringify(report.problems)).toBe(true);
    expect(report.documents).toBe(template.documents.size);
  } finally {
    await vault.close();
  }
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'zd-backup-crash-'));
  template = await makeVault(root, [300_000, 1_200_000, 700_000, 50, 65_536]);
  identityFile = join(root, 'recovery.txt');
  writeFileSync(identityFile, `${template.identity}\n`, { mode: 0o600 });
  child = await bundleChild(join(__dirname, 'crash-child.ts'), root);
  backup = join(root, 'reference.zdbk');
  await createBackup({ vaultDir: template.dir }, { signer: await atRestSigner(template), out: backup, appVersion: APP_VERSION });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('SIGKILL at random moments', () => {
  it('during create from a locked vault: no final file that fails verify; the live vault byte-identical', async () => {
    const live = copyVault(template, join(root, 'live-at-rest'));
    const skipLock = (name: string) => name === 'vault.in-use';
    const before = treeHashes(live.dir, skipLock);
    const out = join(root, 'at-rest.zdbk');
    const full = await runChild({ mode: 'create-at-rest', vaultDir: live.dir, out, identityFile }, null);
    rmSync(out);
    const outcomes = { final: 0, none: 0 };
    for (let trial = 0; trial < TRIALS.atRest; trial++) {
      await runChild({ mode: 'create-at-rest', vaultDir: live.dir, out, identityFile }, killAt(trial, TRIALS.atRest, full.ms));
      if (existsSync(out)) {
        outcomes.final++;
        await verifyBackup(out, { identity: template.identity });
        rmSync(out);
      } else outcomes.none++;
      expect(treeHashes(live.dir, skipLock)).toEqual(before);
      for (const name of readdirSync(root).filter((f) => f.startsWith('at-rest.zdbk.partial-'))) rmSync(join(root, name));
    }
    await assertLiveVaultHealthy(live.dir);
    expect(outcomes.none).toBeGreaterThan(0);
    console.info(`create at rest: ${full.ms} ms uninterrupted; after kills ${JSON.stringify(outcomes)}`);
  }, TRIAL_TIMEOUT);

  it('during create from an open vault: no final file that fails verify; the vault opens and checks; the work folder is swept later', async () => {
    const live = copyVault(template, join(root, 'live-open'));
    const out = join(root, 'open.zdbk');
    const full = await runChild({ mode: 'create-open', vaultDir: live.dir, out, identityFile }, null);
    rmSync(out);
    const outcomes = { final: 0, none: 0 };
    for (let trial = 0; trial < TRIALS.open; trial++) {
      await runChild({ mode: 'create-open', vaultDir: live.dir, out, identityFile }, killAt(trial, TRIALS.open, full.ms));
      if (existsSync(out)) {
        outcomes.final++;
        await verifyBackup(out, { identity: template.identity });
        rmSync(out);
      } else outcomes.none++;
      await assertLiveVaultHealthy(live.dir);
    }
    // The next backup removes snapshot work folders left by killed processes.
    await createBackup({ vaultDir: live.dir }, { signer: await atRestSigner(live), out, appVersion: APP_VERSION });
    expect(readdirSync(live.dir).filter((f) => f.startsWith('.backup-work-'))).toEqual([]);
    expect(outcomes.none).toBeGreaterThan(0);
    console.info(`create from open vault: ${full.ms} ms uninterrupted; after kills ${JSON.stringify(outcomes)}`);
  }, TRIAL_TIMEOUT);

  it('during restore: the target is absent or a vault that opens and checks; the next restore sweeps leftovers', async () => {
    const before = treeHashes(template.dir);
    const to = join(root, 'restored');
    const full = await runChild({ mode: 'restore', vaultDir: '', out: '', identityFile, backup, to }, null);
    rmSync(to, { recursive: true });
    const outcomes = { complete: 0, absent: 0 };
    for (let trial = 0; trial < TRIALS.restore; trial++) {
      await runChild({ mode: 'restore', vaultDir: '', out: '', identityFile, backup, to }, killAt(trial, TRIALS.restore, full.ms));
      if (existsSync(to)) {
        outcomes.complete++;
        await assertLiveVaultHealthy(to);
        rmSync(to, { recursive: true });
      } else outcomes.absent++;
    }
    expect(treeHashes(template.dir)).toEqual(before);
    await restoreBackup(backup, { identity: template.identity }, to);
    expect(readdirSync(root).filter((f) => f.startsWith('restored.restoring-'))).toEqual([]);
    expect(outcomes.absent).toBeGreaterThan(0);
    console.info(`restore: ${full.ms} ms uninterrupted; after kills ${JSON.stringify(outcomes)}`);
  }, TRIAL_TIMEOUT);

  it('after a crash that left a commit only in vault.db-wal: the at-rest backup carries the WAL and the commit survives restore', async () => {
    const live = copyVault(template, join(root, 'live-wal'));
    const source = contentFile(root, 'late-arrival.pdf', 150_000);
    await runChild({ mode: 'import-and-hang', vaultDir: live.dir, out: '', identityFile, source, clientId: template.clientId }, 0, 'imported');
    expect(statSync(join(live.dir, 'vault.db-wal')).size).toBeGreaterThan(0);
    const out = join(root, 'wal.zdbk');
    const created = await createBackup({ vaultDir: live.dir }, { signer: await atRestSigner(live), out, appVersion: APP_VERSION });
    expect(created.manifest.entries.map((e) => e.name)).toContain('vault.db-wal');
    const to = join(root, 'wal-restored');
    await restoreBackup(out, { identity: template.identity }, to);
    const vault = await openWithRecovery(to, template.identity);
    try {
      const exported = await exportAll(vault, join(root, 'wal-export'));
      expect(exported.size).toBe(template.documents.size + 1);
      expect([...exported.values()]).toContain(sha256(readFileSync(source)));
    } finally {
      await vault.close();
    }
  }, TRIAL_TIMEOUT);
});
