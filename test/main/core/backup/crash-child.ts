/**
 * Run as a separate process by crash.test.ts and killed with SIGKILL at a
 * random moment. Prints "ready" once loaded, then does one backup operation
 * and prints "done".
 */
import { readFileSync } from 'node:fs';
import { createBackup } from '../../../../src/main/core/backup/create-backup';
import { restoreBackup } from '../../../../src/main/core/backup/restore-backup';
import { DocumentService } from '../../../../src/main/core/services/document-service';
import { openVault } from '../../../../src/main/core/vault/unlock-vault';

interface Job {
  mode: 'create-at-rest' | 'create-open' | 'restore' | 'import-and-hang';
  vaultDir: string;
  out: string;
  identityFile: string;
  backup?: string;
  to?: string;
  /** import-and-hang: the file to import into the vault's first client. */
  source?: string;
  clientId?: string;
}

async function run(job: Job): Promise<void> {
  const identity = readFileSync(job.identityFile, 'utf8').trim();
  process.stdout.write('ready\n');
  switch (job.mode) {
    case 'create-at-rest':
      await createBackup({ vaultDir: job.vaultDir }, { out: job.out, appVersion: 'crash-test' });
      break;
    case 'create-open': {
      const vault = await openVault(job.vaultDir, { recoveryIdentity: identity });
      try {
        await createBackup({ vault }, { out: job.out, appVersion: 'crash-test' });
      } finally {
        await vault.close();
      }
      break;
    }
    case 'restore':
      await restoreBackup(job.backup ?? '', { identity }, job.to ?? '');
      break;
    case 'import-and-hang': {
      // Commits a document, then waits to be killed with the vault open: the commit is only in vault.db-wal.
      const vault = await openVault(job.vaultDir, { recoveryIdentity: identity });
      const outcome = await new DocumentService(vault).importFiles(job.clientId ?? '', [job.source ?? '']);
      process.stdout.write(`imported ${JSON.stringify(outcome)}\n`);
      setInterval(() => undefined, 60_000);
      return;
    }
  }
  process.stdout.write('done\n');
}

run(JSON.parse(process.argv[2] ?? '{}') as Job).catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exitCode = 1;
});
