/**
 * Run by memory.test.ts in a fresh process: creates (and verifies) a backup
 * of a large vault, then restores it, sampling RSS throughout. Prints one
 * JSON line with the figures.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createBackup, type BackupPhase } from '../../../../src/main/core/backup/create-backup';
import { restoreBackup } from '../../../../src/main/core/backup/restore-backup';
import { readKeyFile } from '../../../../src/main/core/keys/key-file';
import { loadBackupSigner } from '../../../../src/main/core/vault/backup-signer';
import { defaultStateDir } from '../../../../src/main/core/vault/state-dir';

interface Job {
  vaultDir: string;
  out: string;
  to: string;
  identityFile: string;
}

const MiB = 1024 * 1024;

async function main(job: Job): Promise<void> {
  const identity = readFileSync(job.identityFile, 'utf8').trim();
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  const phases: Partial<Record<BackupPhase, number>> = {};
  const current: { phase: BackupPhase | null; since: number } = { phase: null, since: performance.now() };
  const t0 = performance.now();
  // Signed at rest by the backup signer the parent's vault endorsed (the state folder is inherited).
  const signer = await loadBackupSigner(defaultStateDir(), await readKeyFile(join(job.vaultDir, 'vault.key')));
  const created = await createBackup(
    { vaultDir: job.vaultDir },
    {
      out: job.out,
      signer,
      appVersion: 'memory-test',
      onProgress: (next) => {
        if (next === current.phase) return;
        const now = performance.now();
        if (current.phase) phases[current.phase] = now - current.since;
        current.phase = next;
        current.since = now;
      },
    },
  );
  if (current.phase) phases[current.phase] = performance.now() - current.since;
  const createMs = performance.now() - t0;
  const createPeak = peak;
  const t1 = performance.now();
  await restoreBackup(job.out, { identity }, job.to);
  const restoreMs = performance.now() - t1;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const payload = created.manifest.entries.reduce((sum, e) => sum + e.size, 0);
  process.stdout.write(
    `${JSON.stringify({
      payloadMiB: payload / MiB,
      fileMiB: created.bytes / MiB,
      baselineMiB: baseline / MiB,
      createPeakGrowthMiB: (createPeak - baseline) / MiB,
      restorePeakGrowthMiB: (peak - baseline) / MiB,
      maxRssMiB: process.resourceUsage().maxRSS / 1024,
      createMs,
      phasesMs: phases,
      restoreMs,
    })}\n`,
  );
}

main(JSON.parse(process.argv[2] ?? '{}') as Job).catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exitCode = 1;
});
