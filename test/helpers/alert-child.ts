/**
 * The process the alert crash test kills: it opens the vault with the
 * recovery identity, previews the documents it is given one by one (the last
 * one reaches the owner's low doc-burst threshold), says `done` once the last
 * preview returned, and then waits to be SIGKILLed, never locking.
 *
 *   (waits for a line on stdin)   ready   done
 */
import { readFileSync, writeSync } from 'node:fs';
import { VaultManager } from '../../src/main/core/vault/vault-manager';

function say(line: string): void {
  writeSync(1, `${line}\n`);
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as { vaultDir: string; stateDir: string; identityFile: string; docs: string[] };
  setTimeout(() => process.exit(3), 120_000);
  await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
  process.stdin.pause();
  const manager = new VaultManager({ vaultDir: config.vaultDir, stateDir: config.stateDir });
  await manager.unlockWithRecovery(readFileSync(config.identityFile, 'utf8').trim());
  const s = manager.session();
  say('ready');
  for (const id of config.docs) await s.documents.preview(id);
  say('done');
}

main().catch((err: unknown) => {
  const code = (err as { code?: unknown } | null)?.code;
  say(`error ${typeof code === 'string' ? code : 'UNEXPECTED'}`);
  process.stderr.write(`${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(2);
});
