import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main, type CliIo } from '../../../src/main/cli/index';
import { RecoveryKeyFile } from '../../../src/main/cli/recovery-key-file';
import { VaultManager } from '../../../src/main/core/vault/vault-manager';

/** Runs the CLI in this process (so a failure can be injected), capturing what it prints. */
async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const stderr = new PassThrough() as unknown as NodeJS.WriteStream;
  stderr.write = ((chunk: string) => ((err += chunk), true)) as NodeJS.WriteStream['write'];
  const io: CliIo = {
    stdout: { write: ((chunk: string) => ((out += chunk), true)) as NodeJS.WriteStream['write'] },
    stderr,
    stdin: new PassThrough() as unknown as NodeJS.ReadStream,
    env: { ZHANGDUN_PASSWORD: 'correct horse battery', LANG: 'zh_CN.UTF-8' },
  };
  const code = await main(argv, io);
  return { code, out, err };
}

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
    expect(res.code).not.toBe(0);
    expect(res.err).toContain(key);
    expect(readFileSync(key, 'utf8')).toBe('someone else’s notes\n');
    expect(existsSync(join(vault, 'vault.key'))).toBe(false);
    // Nothing was created, so the same command with a free path then works.
    const again = await run(['init', '--vault', vault, '--staff', '张会计', '--recovery-key-out', join(dir, 'rk2.txt')]);
    expect(again.code, again.err).toBe(0);
  });

  it('refuses a key path in a folder that does not exist, before creating the vault', async () => {
    const vault = join(dir, 'vault');
    const res = await run(['init', '--vault', vault, '--staff', '张会计', '--recovery-key-out', join(dir, 'no-such-folder', 'rk.txt')]);
    expect(res.code).toBe(6);
    expect(existsSync(join(vault, 'vault.key'))).toBe(false);
  });

  it('removes the claimed key file when the vault cannot be created (a vault is already there)', async () => {
    const vault = join(dir, 'vault');
    expect((await run(['init', '--vault', vault, '--staff', '张会计', '--recovery-key-out', join(dir, 'first.txt')])).code).toBe(0);
    const second = join(dir, 'second.txt');
    const res = await run(['init', '--vault', vault, '--staff', '张会计', '--recovery-key-out', second]);
    expect(res.code).not.toBe(0);
    expect(existsSync(second)).toBe(false);
  });

  it('prints the key with a warning when writing it fails after the vault was created, and that key opens the vault', async () => {
    const vault = join(dir, 'vault');
    vi.spyOn(RecoveryKeyFile.prototype, 'write').mockRejectedValue(Object.assign(new Error('no space'), { code: 'ENOSPC' }));
    const res = await run(['init', '--vault', vault, '--staff', '张会计', '--recovery-key-out', join(dir, 'rk.txt')]);
    expect(res.code).toBe(1);
    expect(res.err).toContain('恢复密钥未能写入');
    const printed = /AGE-SECRET-KEY-1[0-9A-Z]+/.exec(res.out)?.[0];
    expect(printed).toBeDefined();
    const manager = new VaultManager({ vaultDir: vault });
    await manager.unlockWithRecovery(printed!);
    expect(manager.status().state).toBe('unlocked');
    await manager.close();
  });
});
