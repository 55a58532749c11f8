import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupMain } from '../../../../src/main/cli/backup-commands';
import type { CliIo } from '../../../../src/main/cli/context';
import { createBackup } from '../../../../src/main/core/backup/create-backup';
import { newRecoveryIdentity } from '../../../../src/main/core/keys/age-keys';
import { APP_VERSION, atRestSigner, copyVault, makeVault, type TestVault } from './fixtures';

let root: string;
let template: TestVault;
let identityFile: string;
let n = 0;
const fresh = (name: string) => join(root, `${name}-${++n}`);

/** Runs `zhangdun backup …` in-process; stdin is not a terminal, so nothing prompts. */
async function zd(args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io = {
    stdout: { write: (s: string) => ((out += s), true) },
    stderr: { write: (s: string) => ((err += s), true) },
    stdin: { isTTY: false },
    // This test process's state folder, as a CLI process started by the tests inherits it (the vault's backup signer is there).
    env: { ZHANGDUN_PASSWORD: 'correct horse battery', ZHANGDUN_STATE_DIR: process.env.ZHANGDUN_STATE_DIR ?? '', ...env },
  } as unknown as CliIo;
  const code = await backupMain(args, io, APP_VERSION);
  return { code, out, err };
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'zd-backup-cli-'));
  template = await makeVault(root, [80_000, 7]);
  identityFile = join(root, 'recovery.txt');
  writeFileSync(identityFile, `# 恢复密钥\n${template.identity}\n`, { mode: 0o600 });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('zhangdun backup', () => {
  it('prints help in Chinese by default, English on request, and exits 2 on bad usage', async () => {
    const help = await zd(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('退出码');
    expect((await zd(['--help', '--lang', 'en'])).out).toContain('Exit codes');
    expect((await zd([])).code).toBe(2);
    expect((await zd(['frobnicate'])).code).toBe(2);
    expect((await zd(['create', '--vault', template.dir])).err).toContain('--out');
    expect((await zd(['create', '--bogus'])).code).toBe(2);
    expect((await zd(['verify', join(root, 'x.zdbk')])).code).toBe(2);
    const both = await zd(['create', '--vault', template.dir, '--out', fresh('b'), '--passphrase-env', 'P', '--recipient', 'age1x'], { P: 'long enough passphrase' });
    expect(both.code).toBe(2);
  });

  it('creates from a locked vault without a password, verifies, restores and replaces', async () => {
    const live = copyVault(template, fresh('live'));
    const out = fresh('b.zdbk');
    const created = await zd(['create', '--vault', live.dir, '--out', out], { ZHANGDUN_PASSWORD: '' });
    expect(created.code, created.err).toBe(0);
    expect(created.out).toContain('已写入并校验备份');
    const verified = await zd(['verify', out, '--identity', identityFile, '--json']);
    expect(verified.code, verified.err).toBe(0);
    expect(JSON.parse(verified.out)).toMatchObject({ ok: true, vaultId: template.vaultId, consistency: 'at-rest', entries: 4 });
    const to = fresh('restored');
    const restored = await zd(['restore', out, '--identity', identityFile, '--to', to, '--lang', 'en']);
    expect(restored.code, restored.err).toBe(0);
    expect(restored.out).toContain('2 documents, full check passed');
    // An existing target is refused with the documented 8 (already exists), before the backup is read.
    expect((await zd(['restore', out, '--identity', identityFile, '--to', to])).code).toBe(8);
    const replaced = await zd(['replace', '--vault', live.dir, '--from', to, '--identity', identityFile]);
    expect(replaced.code, replaced.err).toBe(0);
    expect(replaced.out).toContain('.before-restore-');
  });

  it('creates from a vault opened with a staff password, and counts a wrong password as one', async () => {
    const live = copyVault(template, fresh('live'));
    const ok = await zd(['create', '--vault', live.dir, '--out', fresh('b.zdbk'), '--staff', '张会计']);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toContain('从打开的保险库快照');
    expect((await zd(['create', '--vault', live.dir, '--out', fresh('b.zdbk'), '--staff', '张会计'], { ZHANGDUN_PASSWORD: 'wrong password' })).code).toBe(3);
  });

  it('exits 3 for a wrong key, 4 for a damaged or cut file, 6 for a missing one, with a clear message', async () => {
    const out = fresh('b.zdbk');
    await createBackup({ vaultDir: template.dir }, { out, appVersion: APP_VERSION });
    const stranger = fresh('stranger.txt');
    writeFileSync(stranger, `${(await newRecoveryIdentity()).identity}\n`);
    const wrong = await zd(['verify', out, '--identity', stranger]);
    expect(wrong).toMatchObject({ code: 3 });
    expect(wrong.err).toContain('这个恢复密钥打不开此备份');

    const bytes = readFileSync(out);
    const middle = Math.floor(bytes.length / 2);
    bytes[middle] = (bytes[middle] ?? 0) ^ 1;
    const damaged = fresh('damaged.zdbk');
    writeFileSync(damaged, bytes);
    const bad = await zd(['verify', damaged, '--identity', identityFile]);
    expect(bad.code).toBe(4);
    expect(bad.err).toContain('已损坏或被改动');

    const cut = fresh('cut.zdbk');
    writeFileSync(cut, readFileSync(out).subarray(0, 100_000));
    const truncated = await zd(['restore', cut, '--identity', identityFile, '--to', fresh('never'), '--lang', 'en']);
    expect(truncated.code).toBe(4);
    expect(truncated.err).toContain('incomplete');

    expect((await zd(['verify', fresh('missing.zdbk'), '--identity', identityFile])).code).toBe(6);
    expect((await zd(['verify', out, '--identity', fresh('missing.txt')])).code).toBe(6);
    const noKey = fresh('empty.txt');
    writeFileSync(noKey, 'nothing here\n');
    expect((await zd(['verify', out, '--identity', noKey])).code).toBe(2);
  });

  it('reads a passphrase from an environment variable, refuses a wrong one with 3, and restores with it', async () => {
    // Written through the API with a low scrypt work factor: the CLI's default (2^18) costs seconds per derivation.
    const out = fresh('pass.zdbk');
    await createBackup({ vaultDir: template.dir }, { signer: await atRestSigner(template), out, appVersion: APP_VERSION, passphrase: 'violet-anchor-seventy-plum', scryptWorkFactor: 10 });
    expect((await zd(['verify', out, '--passphrase-env', 'EXPORT_PASS'], { EXPORT_PASS: 'violet-anchor-seventy-plum' })).code).toBe(0);
    expect((await zd(['verify', out, '--passphrase-env', 'EXPORT_PASS'], { EXPORT_PASS: 'violet-anchor-seventy-pear' })).code).toBe(3);
    expect((await zd(['verify', out, '--passphrase-env', 'UNSET_VAR'])).code).toBe(2);
    expect((await zd(['verify', out, '--identity', identityFile])).err).toContain('--passphrase-env');
    const dir = fresh('restore-target');
    mkdirSync(dir);
    expect((await zd(['restore', out, '--passphrase-env', 'EXPORT_PASS', '--to', dir], { EXPORT_PASS: 'violet-anchor-seventy-plum' })).code).toBe(2);
    const restored = await zd(['restore', out, '--passphrase-env', 'EXPORT_PASS', '--identity', identityFile, '--to', dir], { EXPORT_PASS: 'violet-anchor-seventy-plum' });
    expect(restored.code, restored.err).toBe(0);
    expect((await zd(['create', '--vault', template.dir, '--out', fresh('b.zdbk'), '--passphrase-env', 'EXPORT_PASS'], { EXPORT_PASS: 'short' })).code).toBe(2);
  });
});
