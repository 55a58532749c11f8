/**
 * Failed unlocks: every one counts (parallel attempts too, across
 * processes), deleting the file in the vault folder resets nothing, and
 * each is audited at the next unlock with the name tried — a staff name as
 * such, anything else by its length only.
 */
import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isVaultError } from '../../../../src/main/core/errors';
import { vaultPaths } from '../../../../src/main/core/vault/layout';
import { oneAttemptAtATime, readEffective, readThrottle, throttlePaths } from '../../../../src/main/core/vault/throttle';
import { VaultManager } from '../../../../src/main/core/vault/vault-manager';
import { runCli, useCliTimeouts } from '../../../helpers/cli';

useCliTimeouts();
const pw = (s: string) => Buffer.from(s, 'utf8');
const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A clock an hour further on at every reading: no attempt ever waits, so every one is tried and counted. */
function hourlyClock(): () => number {
  let t = Date.now();
  return () => (t += 3600_000);
}

async function setup(now?: () => number) {
  const root = mkdtempSync(join(tmpdir(), 'zd-throttle-'));
  made.push(root);
  const vaultDir = join(root, 'vault');
  const stateDir = join(root, 'state');
  const m = new VaultManager({ vaultDir, stateDir, ...(now ? { now } : {}) });
  await m.create('王所长', pw('owner password 1'));
  const vaultId = m.session().vault.vaultId;
  await m.session().staff.add('李会计', 'accountant', pw('accountant pw 1'));
  await m.lock();
  return { root, vaultDir, stateDir, vaultId, m, paths: throttlePaths(vaultPaths(vaultDir), stateDir, vaultId) };
}

describe('failed unlocks', () => {
  it('eight parallel wrong passwords count eight, and each is audited with the name tried', async () => {
    const { m, paths } = await setup(hourlyClock());
    const names = ['李会计', '李会计', '王所长', 'NotStaff', '李会计', '王所长', 'hunter2-typed-as-name', '李会计'];
    const results = await Promise.all(names.map((name, i) => m.unlock(name, pw(`wrong ${i}`)).then(() => 'ok', (e: unknown) => (isVaultError(e) ? e.code : String(e)))));
    expect(results).toEqual(names.map(() => 'WRONG_CREDENTIALS'));
    expect((await readEffective(paths)).failures).toBe(8);
    expect((await readEffective(paths)).pending).toHaveLength(8);
    // The next unlock writes them to the log, each with the name tried (in whatever order they were taken).
    await m.unlock('王所长', pw('owner password 1'));
    const failed = m.session().audit.listAll({ action: 'unlock.failed' });
    const shown = (n: string) => (n === '李会计' || n === '王所长' ? n : `#${[...n].length}`);
    expect(failed.map((e) => (typeof e.detail.name === 'string' ? e.detail.name : `#${String(e.detail.length)}`)).sort()).toEqual(names.map(shown).sort());
    expect(JSON.stringify(failed)).not.toContain('hunter2');
    expect(JSON.stringify(failed)).not.toContain('NotStaff');
    expect((await readEffective(paths)).failures).toBe(0);
    await m.close();
  });

  it('deleting the throttle file in the vault folder resets nothing: the copy in the user’s state wins', async () => {
    let t = Date.now();
    const { m, paths } = await setup(() => t);
    for (let i = 0; i < 4; i++) {
      t += 3600_000;
      await m.unlock('李会计', pw('wrong')).catch(() => undefined);
    }
    expect((await readThrottle(paths.folder)).failures).toBe(4);
    rmSync(paths.folder);
    expect(existsSync(paths.folder)).toBe(false);
    expect((await readEffective(paths)).failures).toBe(4);
    // Right after the fourth failure, even the right password waits.
    expect(await m.unlock('李会计', pw('accountant pw 1')).then(() => 'ok', (e: unknown) => (isVaultError(e) ? e.code : 'x'))).toBe('LOCKED_OUT');
    // Nor is the record of them gone: the next unlock audits all four, with the name tried.
    t += 3600_000;
    await m.unlock('王所长', pw('owner password 1'));
    const failed = m.session().audit.listAll({ action: 'unlock.failed' });
    expect(failed.map((e) => e.detail.name)).toEqual(['李会计', '李会计', '李会计', '李会计']);
    expect(m.session().audit.listAll({ action: 'unlock' }).at(-1)?.detail.failedAttemptsBefore).toBe(4);
    await m.close();
  });

  it('two command-line processes trying at once are taken one after the other, both counted', async () => {
    const { vaultDir, stateDir, paths } = await setup();
    const env = { ZHANGDUN_STATE_DIR: stateDir };
    const [a, b] = await Promise.all([
      runCli(['client', 'list', '--vault', vaultDir, '--staff', '李会计'], { password: 'wrong one', env }),
      runCli(['client', 'list', '--vault', vaultDir, '--staff', '李会计'], { password: 'wrong two', env }),
    ]);
    expect([a.code, b.code]).toEqual([3, 3]);
    expect((await readEffective(paths)).failures).toBe(2);
  });
});

describe('the lock file that takes attempts one at a time', () => {
  function lockPaths() {
    const root = mkdtempSync(join(tmpdir(), 'zd-lockfile-'));
    made.push(root);
    return { paths: { ...throttlePaths(vaultPaths(join(root, 'vault')), join(root, 'state'), 'v'), lock: join(root, 'unlock-throttle.lock') }, root };
  }

  it('a lock file still empty (being written by another process) is waited for, not taken over', async () => {
    const { paths } = lockPaths();
    writeFileSync(paths.lock, '');
    let ran = false;
    const attempt = oneAttemptAtATime(paths, async () => {
      ran = true;
      return 'done';
    }, 60_000);
    // It waits while the file is fresh; the holder then finishes and removes it.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(ran).toBe(false);
    rmSync(paths.lock);
    await expect(attempt).resolves.toBe('done');
  });

  it('an unreadable lock file left long ago, or one naming a dead process here, is replaced', async () => {
    const { paths } = lockPaths();
    writeFileSync(paths.lock, '{"pid":');
    const old = new Date(Date.now() - 60_000);
    utimesSync(paths.lock, old, old);
    await expect(oneAttemptAtATime(paths, async () => 'a')).resolves.toBe('a');
    writeFileSync(paths.lock, JSON.stringify({ pid: 2 ** 22 + 17, host: (await import('node:os')).hostname() }));
    await expect(oneAttemptAtATime(paths, async () => 'b')).resolves.toBe('b');
    expect(existsSync(paths.lock)).toBe(false);
  });

  it('a live holder past the deadline is reported as VAULT_BUSY, and its lock is left in place', async () => {
    const { paths } = lockPaths();
    writeFileSync(paths.lock, JSON.stringify({ pid: process.pid, host: (await import('node:os')).hostname() }));
    const err = await oneAttemptAtATime(paths, async () => 'never', 100).catch((e: unknown) => e);
    expect(isVaultError(err) && err.code).toBe('VAULT_BUSY');
    expect(existsSync(paths.lock)).toBe(true);
  });
});
