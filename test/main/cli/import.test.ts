/**
 * What `doc import` takes: a regular file, not a symbolic link unless
 * --follow-symlinks, not a device or a pipe, nothing over the firm's import
 * limit; each refusal says what it was and what to do (exit 2), and the
 * other files of the batch are imported.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SettingsService } from '../../../src/main/core/services/settings-service';
import { VaultManager } from '../../../src/main/core/vault/vault-manager';
import { expectExit, runMain, useCliTimeouts, type CliOptions } from '../../helpers/cli';

useCliTimeouts();

const OWNER = '王所长';
const OWNER_PW = 'owner password 1';
let dir: string;
let vault: string;
let clientId: string;

const zd = (args: string[], options: CliOptions = {}) => runMain(args, { password: OWNER_PW, ...options, env: { ZHANGDUN_STATE_DIR: join(dir, 'state'), ...options.env } });
const asOwner = (args: string[], options: CliOptions = {}) => zd([...args, '--vault', vault, '--staff', OWNER], options);
const path = (name: string) => join(dir, name);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zd-cli-import-'));
  vault = path('vault');
  expectExit(await zd(['init', '--vault', vault, '--staff', OWNER, '--recovery-key-out', path('recovery.txt')]), 0);
  const added = await asOwner(['client', 'add', '--name', '福州闽江财税咨询有限公司']);
  expectExit(added, 0);
  clientId = added.stdout.trim();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('doc import refuses what is not a plain file of its own', () => {
  it('a symbolic link only with --follow-symlinks; a pipe never; the rest of the batch goes in', async () => {
    writeFileSync(path('real.txt'), '客户的真实文件');
    symlinkSync(path('real.txt'), path('link.txt'));
    execFileSync('mkfifo', [path('pipe')]);
    writeFileSync(path('plain.txt'), '三月凭证');
    const res = await asOwner(['doc', 'import', '--client', clientId, path('link.txt'), path('pipe'), path('plain.txt')]);
    expectExit(res, 2);
    expect(res.stdout.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toContain(`${path('link.txt')}：这是一个符号链接，没有跟随它导入；确认它指向的文件应当导入时，请加上 --follow-symlinks`);
    expect(res.stderr).toContain(`${path('pipe')}：这不是普通文件`);
    const english = await asOwner(['doc', 'import', '--client', clientId, path('link.txt'), '--lang', 'en']);
    expectExit(english, 2);
    expect(english.stderr).toContain('this is a symbolic link and was not followed; add --follow-symlinks');

    const followed = await asOwner(['doc', 'import', '--client', clientId, '--follow-symlinks', path('link.txt')]);
    expectExit(followed, 0);
    const docs = JSON.parse((await asOwner(['doc', 'list', '--client', clientId, '--json'])).stdout) as { name: string }[];
    expect(docs.map((d) => d.name).sort()).toEqual(['link.txt', 'plain.txt']);
  });

  it('a file over the firm’s import limit, naming the limit', async () => {
    // The limit is a policy setting (the app's settings page); set here through the core.
    const m = new VaultManager({ vaultDir: vault, stateDir: join(dir, 'state') });
    await m.unlock(OWNER, Buffer.from(OWNER_PW));
    new SettingsService(m.session().vault).setImportLimit(10);
    await m.close();
    writeFileSync(path('big.txt'), '这份文件超过了十个字节的限制');
    const res = await asOwner(['doc', 'import', '--client', clientId, path('big.txt')]);
    expectExit(res, 2);
    expect(res.stderr).toContain(`${path('big.txt')}：文件超过本所设定的导入上限（10 字节），没有导入`);
    const english = await asOwner(['doc', 'import', '--client', clientId, path('big.txt'), '--lang', 'en']);
    expect(english.stderr).toContain("larger than the firm's import limit (10 bytes); not imported");
  });
});
