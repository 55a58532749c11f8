import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RecoveryKeyFile } from '../../../src/main/cli/recovery-key-file';
import { parseKeyFile } from '../../../src/main/core/keys/key-file';
import { vaultFingerprint } from '../../../src/main/core/keys/vault-statements';
import { VaultManager } from '../../../src/main/core/vault/vault-manager';
import { expectExit, runMain, useCliTimeouts } from '../../helpers/cli';

useCliTimeouts();

/** In this process, so that a failure can be injected. */
const run = (argv: string[]) => runMain(argv, { password: 'correct horse battery' });

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zd-init-'));
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

describe('zhangdun init never loses the recovery key', () => {
  it('refuses an existing --recovery-key-out before creating anything, and leaves that file alone', async () => {
    const vault = join(dir, 'vault');
    const key = join(dir, 'recovery.txt');
    writeFileSync(key, 'someone else’s notes\n');
    const res = await run(['init', '--vault', vault, '--staff', '张会计', '--recovery-key-out', key]);
    expectExit(res, 8);
    expect(res.stderr).toContain(key);
    expect(readFileSync(key, 'utf8')).toBe('someone else’s notes\n');
    expect(existsSync(join(vault, 'vault.key'))).toBe(false);
    // Nothing was created, so the same command with a free path then works.
    const again = await run(['init', '--vault', vault, '--staff', '张会计', '--recovery-key-out', join(dir, 'rk2.txt')]);
    expectExit(again, 0);
    // The file holds the key and, as a comment line, the vault's signing fingerprint; both are printed too.
    const written = readFileSync(join(dir, 'rk2.txt'), 'utf8');
    const fingerprint = vaultFingerprint(parseKeyFile(readFileSync(join(vault, 'vault.key'), 'utf8')));
    const [comment, keyLine, rest] = written.split('\n');
    expect(comment).toBe(`# 保险库签名指纹（与恢复密钥放在一起；备份将据此核对）：${fingerprint}`);
    expect(keyLine).toMatch(/^AGE-SECRET-KEY-1[0-9A-Z]+$/);
    expect(rest).toBe('');
    expect(again.stdout).toContain(fingerprint);
  });

  it('refuses a key path in a folder that does not exist, before creating the vault', async () => {
    const vault = join(dir, 'vault');
    const res = await run(['init', '--vault', vault, '--staff', '张会计', '--recovery-key-out', join(dir, 'no-such-folder', 'rk.txt')]);
    expectExit(res, 6);
    expect(existsSync(join(vault, 'vault.key'))).toBe(false);
  });

  it('removes the claimed key file when the vault cannot be created (a vault is already there)', async () => {
    const vault = join(dir, 'vault');
    expectExit(await run(['init', '--vault', vault, '--staff', '张会计', '--recovery-key-out', join(dir, 'first.txt')]), 0);
    const second = join(dir, 'second.txt');
    const res = await run(['init', '--vault', vault, '--staff', '张会计', '--recovery-key-out', second]);
    expectExit(res, 8);
    expect(existsSync(second)).toBe(false);
  });

  it('prints the key with a warning when writing it fails after the vault was created, and that key opens the vault', async () => {
    const vault = join(dir, 'vault');
    vi.spyOn(RecoveryKeyFile.prototype, 'write').mockRejectedValue(Object.assign(new Error('no space'), { code: 'ENOSPC' }));
    const res = await run(['init', '--vault', vault, '--staff', '张会计', '--recovery-key-out', join(dir, 'rk.txt')]);
    expectExit(res, 1);
    expect(res.stderr).toContain('恢复密钥未能写入');
    const printed = /AGE-SECRET-KEY-1[0-9A-Z]+/.exec(res.stdout)?.[0];
    expect(printed).toBeDefined();
    const manager = new VaultManager({ vaultDir: vault });
    await manager.unlockWithRecovery(printed!);
    expect(manager.status().state).toBe('unlocked');
    await manager.close();
  });
});
