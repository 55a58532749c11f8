/**
 * Failures a person can act on arrive as the right VaultError code, in the
 * library and through the CLI's exit codes (3 wrong credentials, 4 tampered or
 * corrupt, 6 not found, 7 locked out, 1 other): wrong password vs unknown
 * staff (indistinguishable), a persisted unlock delay, vaults from a newer
 * version, and a missing blob. Disk-full and read-only faults are in
 * storage-errors.test.ts.
 */
import argon2 from 'argon2';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { errorMessage } from '../../../../src/shared/messages';
import { VaultError } from '../../../../src/main/core/errors';
import { KEY_FILE_VERSION } from '../../../../src/main/core/keys/key-file';
import { checkVault } from '../../../../src/main/core/services/check-service';
import { readThrottle, writeThrottle } from '../../../../src/main/core/vault/throttle';
import { vaultPaths } from '../../../../src/main/core/vault/layout';
import { VaultManager } from '../../../../src/main/core/vault/vault-manager';
import { runCli } from '../../../helpers/cli';
import {
  PASSWORD_TEXT,
  STAFF_NAME,
  openWithRecovery,
  password,
  prepareVault,
  sessionOf,
  sha256File,
  useTempDirs,
  writeIdentityFile,
  type PreparedVault,
} from '../../../helpers/vault-fixture';

async function caught(promise: Promise<unknown>): Promise<VaultError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof VaultError) return err;
    throw err;
  }
  throw new Error('expected a VaultError, but it succeeded');
}

describe('errors a person can act on', () => {
  const fresh = useTempDirs('zd-errors-');
  let template: PreparedVault;
  let templateRoot: string;

  beforeAll(async () => {
    templateRoot = mkdtempSync(join(tmpdir(), 'zd-errors-template-'));
    template = await prepareVault(templateRoot);
    return () => rmSync(templateRoot, { recursive: true, force: true });
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** A fresh copy of the prepared vault, with the recovery identity in a file beside it. */
  /**
   * A copy of the template vault, with a state folder of its own: copies share the vault's id, and a
   * person who saw one copy would rightly find another older (anchors).
   */
  function copy(): { dir: string; root: string; identityFile: string; env: { ZHANGDUN_STATE_DIR: string } } {
    const root = fresh();
    const dir = join(root, 'vault');
    cpSync(template.dir, dir, { recursive: true });
    const state = join(root, 'state');
    mkdirSync(state);
    return { dir, root, identityFile: writeIdentityFile(root, template.recoveryIdentity), env: { ZHANGDUN_STATE_DIR: state } };
  }

  it('a wrong password and an unknown staff name fail alike: same code, same message, same Argon2id work', async () => {
    const { dir, env } = copy();
    const hash = vi.spyOn(argon2, 'hash');
    const manager = new VaultManager({ vaultDir: dir, stateDir: env.ZHANGDUN_STATE_DIR });
    const wrongPassword = await caught(manager.unlock(STAFF_NAME, password('not the password')));
    const wrongCalls = hash.mock.calls.map(([, options]) => ({ ...options, salt: options?.salt?.length }));
    hash.mockClear();
    const unknownStaff = await caught(manager.unlock('不存在的员工', password()));
    const unknownCalls = hash.mock.calls.map(([, options]) => ({ ...options, salt: options?.salt?.length }));

    expect(wrongPassword.code).toBe('WRONG_CREDENTIALS');
    expect(unknownStaff.code).toBe('WRONG_CREDENTIALS');
    expect(unknownStaff.message).toBe(wrongPassword.message);
    expect(unknownStaff.values).toEqual(wrongPassword.values);
    // One derivation each, at the same cost: the time taken does not tell which was wrong either.
    expect(wrongCalls).toHaveLength(1);
    expect(unknownCalls).toEqual(wrongCalls);

    // Fresh copies: two failures above plus one here would start the (correct) throttle delay.
    const [cliWrong, cliUnknown] = [
      await ((c) => runCli(['check', '--vault', c.dir, '--staff', STAFF_NAME], { password: 'not the password', env: c.env }))(copy()),
      await ((c) => runCli(['check', '--vault', c.dir, '--staff', '不存在的员工'], { password: PASSWORD_TEXT, env: c.env }))(copy()),
    ];
    expect(cliWrong.code).toBe(3);
    expect(cliUnknown.code).toBe(3);
    expect(cliUnknown.stderr).toBe(cliWrong.stderr);
    expect(cliWrong.stderr.trim()).toBe(errorMessage('WRONG_CREDENTIALS', 'zh-CN'));
  });

  it('failed unlocks grow a persisted delay that survives a restart and holds back even the right password', async () => {
    const { dir, env } = copy();
    let now = 1_700_000_000_000;
    const manager = () => new VaultManager({ vaultDir: dir, stateDir: env.ZHANGDUN_STATE_DIR, now: () => now });
    const app = manager();
    for (let i = 0; i < 3; i++) expect((await caught(app.unlock(STAFF_NAME, password('wrong')))).code).toBe('WRONG_CREDENTIALS');

    const hash = vi.spyOn(argon2, 'hash');
    const lockedOut = await caught(app.unlock(STAFF_NAME, password()));
    expect(lockedOut.code).toBe('LOCKED_OUT');
    expect(lockedOut.values).toEqual({ seconds: 1 });
    // The refusal comes before any derivation: a locked-out guess costs the attacker nothing to learn.
    expect(hash).not.toHaveBeenCalled();
    // "Restart": a new manager reads the delay from disk.
    expect((await caught(manager().unlock(STAFF_NAME, password()))).code).toBe('LOCKED_OUT');

    const delays: number[] = [];
    for (let round = 0; round < 3; round++) {
      now += 60_000; // wait out the current delay, then fail again
      expect((await caught(manager().unlock(STAFF_NAME, password('wrong')))).code).toBe('WRONG_CREDENTIALS');
      const refused = await caught(manager().unlock(STAFF_NAME, password()));
      expect(refused.code).toBe('LOCKED_OUT');
      delays.push(Number(refused.values.seconds));
    }
    expect(delays).toEqual([2, 4, 8]);

    now += 8_000;
    const unlocked = manager();
    expect((await unlocked.unlock(STAFF_NAME, password())).state).toBe('unlocked');
    await unlocked.close();
    // A success starts the count afresh: one more slip is not held against the user.
    expect((await readThrottle(vaultPaths(dir).throttle)).failures).toBe(0);
    expect((await caught(manager().unlock(STAFF_NAME, password('wrong')))).code).toBe('WRONG_CREDENTIALS');
    const again = manager();
    expect((await again.unlock(STAFF_NAME, password())).state).toBe('unlocked');
    await again.close();
  });

  it('the CLI exits 7 while locked out, even with the right password', async () => {
    const { dir, env } = copy();
    await writeThrottle(vaultPaths(dir).throttle, { failures: 8, lastFailureAt: Date.now() });
    const res = await runCli(['check', '--vault', dir, '--staff', STAFF_NAME], { password: PASSWORD_TEXT, env });
    expect(res.code).toBe(7);
    expect(res.stderr).toMatch(/\d+/);
  });

  it('a key file from a newer version is FUTURE_VERSION, not a wrong password, and counts no failure', async () => {
    const { dir, identityFile, env } = copy();
    const file = JSON.parse(readFileSync(join(dir, 'vault.key'), 'utf8')) as { body: { version: number } };
    file.body.version = KEY_FILE_VERSION + 1;
    writeFileSync(join(dir, 'vault.key'), JSON.stringify(file, null, 2));
    const manager = new VaultManager({ vaultDir: dir, stateDir: env.ZHANGDUN_STATE_DIR });
    expect((await caught(manager.unlock(STAFF_NAME, password()))).code).toBe('FUTURE_VERSION');
    expect((await caught(manager.unlock(STAFF_NAME, password('wrong')))).code).toBe('FUTURE_VERSION');
    expect((await caught(manager.unlockWithRecovery(template.recoveryIdentity))).code).toBe('FUTURE_VERSION');
    expect((await readThrottle(vaultPaths(dir).throttle)).failures).toBe(0);
    const res = await runCli(['check', '--vault', dir, '--identity', identityFile], { env });
    expect(res.code).toBe(1);
    expect(res.stderr.trim()).toBe(errorMessage('FUTURE_VERSION', 'zh-CN'));
  });

  it('a database from a newer schema is FUTURE_VERSION and is left exactly as it was', async () => {
    const { dir } = copy();
    const vault = await openWithRecovery(dir, template.recoveryIdentity);
    vault.db.pragma('user_version = 9990');
    await vault.close();
    const before = sha256File(join(dir, 'vault.db'));
    expect((await caught(openWithRecovery(dir, template.recoveryIdentity))).code).toBe('FUTURE_VERSION');
    expect(sha256File(join(dir, 'vault.db'))).toBe(before);
    expect(readdirSync(dir).filter((n) => n.startsWith('vault.db-'))).toEqual([]);
  });

  it('a missing blob is reported by the check and its export is CORRUPT with no file left; the other document is fine', async () => {
    const { dir, root, identityFile, env } = copy();
    rmSync(join(dir, template.big.blobPath));
    const out = join(root, 'out');
    mkdirSync(out);
    const vault = await openWithRecovery(dir, template.recoveryIdentity);
    try {
      const report = await checkVault(vault);
      expect(report.ok).toBe(false);
      expect(report.problems).toEqual([expect.objectContaining({ kind: 'missing', code: 'CORRUPT', what: expect.stringContaining(template.big.id) })]);
      const documents = sessionOf(vault).documents;
      expect((await caught(documents.exportTo(template.big.id, join(out, 'big.pdf')))).code).toBe('CORRUPT');
      expect((await caught(documents.read(template.big.id, 1 << 20))).code).toBe('CORRUPT');
      await documents.exportTo(template.small.id, join(out, 'small.txt'));
      expect(sha256File(join(out, 'small.txt'))).toBe(template.small.sha256);
      expect(readdirSync(out)).toEqual(['small.txt']);
    } finally {
      await vault.close();
    }

    const check = await runCli(['check', '--vault', dir, '--identity', identityFile], { env });
    expect(check.code).toBe(4);
    expect(check.stdout).toContain(template.big.id);
    const exported = await runCli(['doc', 'export', '--vault', dir, '--identity', identityFile, '--doc', template.big.id, '--out', join(out, 'cli.pdf')], { env });
    expect(exported.code).toBe(4);
    expect(readdirSync(out)).toEqual(['small.txt']);
  });

  it('the CLI exits 6 for a folder with no vault and for an unknown document', async () => {
    const { dir, root, identityFile, env } = copy();
    const none = await runCli(['check', '--vault', join(root, 'nothing-here'), '--staff', STAFF_NAME], { password: PASSWORD_TEXT, env });
    expect(none.code).toBe(6);
    // The command line names the folder (docs/CLI.md), which the app's message has no room for.
    expect(none.stderr).toContain(join(root, 'nothing-here'));
    expect(existsSync(join(root, 'nothing-here'))).toBe(false);
    const unknown = await runCli(['doc', 'export', '--vault', dir, '--identity', identityFile, '--doc', 'f'.repeat(32), '--out', join(root, 'x')], { env });
    expect(unknown.code).toBe(6);
    expect(existsSync(join(root, 'x'))).toBe(false);
  });
});
