/**
 * `zhangdun audit head --out FILE` writes a signed statement of the log's
 * head, never over an existing file; `audit verify --anchor FILE` checks the
 * log against it and names why a log fails it: cut short, rebuilt from an
 * earlier point, a statement edited, of another vault, or not one at all.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openVault } from '../../../src/main/core/vault/unlock-vault';
import { expectExit, runMain, useCliTimeouts, type CliOptions } from '../../helpers/cli';

useCliTimeouts();

const OWNER = '王所长';
const OWNER_PW = 'owner password 1';

let dir: string;
let vault: string;
let recovery: string;
const head = () => join(dir, 'head.json');

const zd = (args: string[], options: CliOptions = {}) => runMain(args, { password: OWNER_PW, ...options, env: { ZHANGDUN_STATE_DIR: join(dir, 'state'), ...options.env } });
const asOwner = (args: string[], options: CliOptions = {}) => zd([...args, '--vault', vault, '--staff', OWNER], options);

interface Statement {
  format: string;
  vaultId: string;
  seq: number;
  hash: string;
  signer: string;
  signature: string;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zd-cli-head-'));
  vault = join(dir, 'vault');
  recovery = join(dir, 'recovery.txt');
  expectExit(await zd(['init', '--vault', vault, '--staff', OWNER, '--recovery-key-out', recovery]), 0);
  expectExit(await asOwner(['client', 'add', '--name', '福州闽江财税咨询有限公司']), 0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('audit head and audit verify --anchor', () => {
  it('writes a signed head once, never over an existing file, and the log checks out against it as it grows', async () => {
    const written = await asOwner(['audit', 'head', '--out', head()]);
    expectExit(written, 0);
    expect(written.stdout).toContain(head());
    const statement = JSON.parse(readFileSync(head(), 'utf8')) as Statement;
    expect(statement).toMatchObject({ format: 'zhangdun-audit-head', seq: expect.any(Number) as number, hash: expect.stringMatching(/^[0-9a-f]{64}$/) as string });
    expect(written.stdout).toContain(`第 ${statement.seq} 条事件`);

    const again = await asOwner(['audit', 'head', '--out', head(), '--force']);
    expectExit(again, 8);
    expect(again.stderr).toContain(`${head()} 已存在，没有覆盖它`);
    expect(JSON.parse(readFileSync(head(), 'utf8'))).toEqual(statement);

    expectExit(await asOwner(['client', 'add', '--name', '厦门鹭岛贸易有限公司']), 0);
    const verified = await asOwner(['audit', 'verify', '--anchor', head()]);
    expectExit(verified, 0);
    expect(verified.stdout).toContain('审计日志完整');
    expect(verified.stdout).toContain(`与 ${head()} 核对一致：其中记录的第 ${statement.seq} 条事件仍在日志中`);
  });

  it('a log cut short is caught (the event is gone), and once it grows again, that another event stands there', async () => {
    const statement = JSON.parse(readFileSync(head(), 'utf8')) as Statement;
    // Cut on a copy, with the common key, the way someone with the folder would; the copy has its own state folder.
    const copy = join(dir, 'cut');
    cpSync(vault, copy, { recursive: true });
    const copyState = { ZHANGDUN_STATE_DIR: join(dir, 'cut-state') };
    const v = await openVault(copy, { recoveryIdentity: readFileSync(recovery, 'utf8').split('\n').find((line) => line.startsWith('AGE-SECRET-KEY-1'))! }, { stateDir: copyState.ZHANGDUN_STATE_DIR });
    v.db.prepare('DELETE FROM audit_log WHERE seq >= ?').run(statement.seq - 1);
    await v.close();

    const cut = await zd(['audit', 'verify', '--anchor', head(), '--vault', copy, '--staff', OWNER], { env: copyState });
    // The chain itself holds (a cut tail leaves no gap): only the statement shows the cut.
    expect(cut.stdout).toContain('审计日志完整');
    expect(cut.stdout).toContain(`其中记录的第 ${statement.seq} 条事件已不在日志中`);
    expectExit(cut, 4);
    const rebuilt = await zd(['audit', 'verify', '--anchor', head(), '--vault', copy, '--staff', OWNER, '--lang', 'en'], { env: copyState });
    expectExit(rebuilt, 4);
    expect(rebuilt.stdout).toContain(`event #${statement.seq} in the log is not the one it names`);
  });

  it('refuses a statement edited, of another vault, or not a statement at all (exit 4), and a missing file (exit 6)', async () => {
    const statement = JSON.parse(readFileSync(head(), 'utf8')) as Statement;
    const file = (name: string, content: string) => (writeFileSync(join(dir, name), content), join(dir, name));
    const cases: [string, string][] = [
      [file('edited.json', JSON.stringify({ ...statement, seq: statement.seq - 1 })), '链头的签名无效'],
      [file('other.json', JSON.stringify({ ...statement, vaultId: 'a'.repeat(32) })), '这份链头属于另一个保险库'],
      [file('garbage.json', '这不是链头\n'), '这不是账盾的审计链头文件'],
    ];
    for (const [path, message] of cases) {
      const res = await asOwner(['audit', 'verify', '--anchor', path]);
      expectExit(res, 4);
      expect(res.stdout).toContain(`审计日志与 ${path} 不符：${message}`);
    }
    const missing = await asOwner(['audit', 'verify', '--anchor', join(dir, 'nope.json')]);
    expectExit(missing, 6);
    expect(missing.stderr).toContain(`找不到链头文件 ${join(dir, 'nope.json')}`);
  });

  it('an accountant may not write one (exit 5)', async () => {
    expectExit(await asOwner(['staff', 'add', '--name', '李会计', '--role', 'accountant'], { env: { ZHANGDUN_NEW_PASSWORD: 'accountant pw 1' } }), 0);
    const res = await zd(['audit', 'head', '--out', join(dir, 'li-head.json'), '--vault', vault, '--staff', '李会计'], { password: 'accountant pw 1' });
    expectExit(res, 5);
    expect(res.stderr).toContain('没有权限');
  });
});
