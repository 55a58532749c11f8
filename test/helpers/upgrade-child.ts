/**
 * The process the upgrade crash test kills: it opens a copy of the version-2
 * fixture vault as its owner, which converts it, announcing each step of the
 * conversion on stdout. The parent SIGKILLs it at a random moment and then
 * checks that the folder is in the old form or the new, never a mix.
 *
 *   (waits for a line on stdin)   ready   progress <phase> <done> <total> …   done
 */
import { writeSync } from 'node:fs';
import { VaultManager } from '../../src/main/core/vault/vault-manager';

function say(line: string): void {
  writeSync(1, `${line}\n`);
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as { vaultDir: string; staffName: string; password: string };
  setTimeout(() => process.exit(3), 60_000).unref();
  say('ready');
  await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
  process.stdin.pause();
  const manager = new VaultManager({ vaultDir: config.vaultDir });
  await manager.unlock(config.staffName, Buffer.from(config.password, 'utf8'), {
    onProgress: (p) => say(`progress ${p.phase} ${p.done} ${p.total}`),
  });
  await manager.close();
  say('done');
}

main().catch((err: unknown) => {
  const code = (err as { code?: unknown } | null)?.code;
  say(`error ${typeof code === 'string' ? code : 'UNEXPECTED'}`);
  process.stderr.write(`${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(2);
});
