/**
 * The process the offboarding crash test kills: it opens the vault as its
 * owner and offboards an accountant (roster update, grants revoked with key
 * rotation, clients handed over, the common key replaced), announcing the
 * start and the end on stdout. The parent SIGKILLs it at a random moment.
 *
 *   (waits for a line on stdin)   ready   begin   done
 */
import { writeSync } from 'node:fs';
import { VaultManager } from '../../src/main/core/vault/vault-manager';

function say(line: string): void {
  writeSync(1, `${line}\n`);
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as { vaultDir: string; stateDir: string; owner: string; password: string; leaver: string; colleague: string };
  setTimeout(() => process.exit(3), 60_000).unref();
  const manager = new VaultManager({ vaultDir: config.vaultDir, stateDir: config.stateDir });
  await manager.unlock(config.owner, Buffer.from(config.password, 'utf8'));
  const s = manager.session();
  const leaver = s.staff.byName(config.leaver);
  const colleague = s.staff.byName(config.colleague);
  say('ready');
  await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
  process.stdin.pause();
  say('begin');
  await s.staff.offboard(leaver.id, colleague.id);
  say('done');
  await manager.close();
}

main().catch((err: unknown) => {
  const code = (err as { code?: unknown } | null)?.code;
  say(`error ${typeof code === 'string' ? code : 'UNEXPECTED'}`);
  process.stderr.write(`${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(2);
});
