/**
 * A vault older than someone last saw it, through the command line: refused
 * with exit 4 and a message that says what is older and what an owner or
 * admin can do; --accept-rollback from an accountant changes nothing, from
 * the owner it opens (a notice on stderr), and staff are then told the vault
 * was restored. An anchor altered by someone else is a warning at unlock.
 * (test/main/core/vault/rollback.test.ts is the same through the core.)
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectExit, runMain, useCliTimeouts, type CliOptions } from '../../helpers/cli';

useCliTimeouts();

const OWNER = '王所长';
const OWNER_PW = 'owner password 1';
const LI = '李会计';
const LI_PW = 'accountant pw 1';

let dir: string;
let vault: string;
let state: string;

const zd = (args: string[], options: CliOptions = {}) => runMain(args, { password: OWNER_PW, ...options, env: { ZHANGDUN_STATE_DIR: state, ...options.env } });
const asOwner = (args: string[], options: CliOptions = {}) => zd([...args, '--vault', vault, '--staff', OWNER], options);
const asLi = (args: string[], options: CliOptions = {}) => zd([...args, '--vault', vault, '--staff', LI], { password: LI_PW, ...options });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zd-cli-rollback-'));
  vault = join(dir, 'vault');
  state = join(dir, 'state');
  expectExit(await zd(['init', '--vault', vault, '--staff', OWNER, '--recovery-key-out', join(dir, 'recovery.txt')]), 0);
  expectExit(await asOwner(['staff', 'add', '--name', LI, '--role', 'accountant'], { env: { ZHANGDUN_NEW_PASSWORD: LI_PW } }), 0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a rolled-back vault on the command line', () => {
  it('is refused to whoever saw later (exit 4, with what to do), accepted only by the owner, and staff are then told', async () => {
    expectExit(await asLi(['client', 'list']), 0);
    // Closed: everything is in vault.db (no -wal beside it), so a copy of it is the whole database.
    expect(readdirSync(vault).filter((f) => f.startsWith('vault.db-'))).toEqual([]);
    copyFileSync(join(vault, 'vault.db'), join(dir, 'old-vault.db'));
    expectExit(await asOwner(['client', 'add', '--name', '后来新增的客户']), 0);
    expectExit(await asLi(['client', 'list']), 0);
    copyFileSync(join(dir, 'old-vault.db'), join(vault, 'vault.db'));

    const refused = await asLi(['client', 'list']);
    expectExit(refused, 4);
    expect(refused.stderr).toContain('保险库比您上次打开时看到的更旧');
    expect(refused.stderr).toContain('较旧的是审计日志');
    expect(refused.stderr).toContain('--accept-rollback');
    const english = await asLi(['client', 'list', '--lang', 'en']);
    expectExit(english, 4);
    expect(english.stderr).toContain('older than when you last opened it');
    expect(english.stderr).toContain('--accept-rollback');

    const notMaster = await asLi(['client', 'list', '--accept-rollback']);
    expectExit(notMaster, 4);
    expect(notMaster.stderr).toContain('--accept-rollback 只对所有者或管理员有效');
    expectExit(await asOwner(['check']), 4);

    const accepted = await asOwner(['check', '--accept-rollback']);
    expectExit(accepted, 0);
    expect(accepted.stderr).toContain('已接受：这个保险库比您上次看到的旧');
    expect(accepted.stdout).toContain('校验通过');
    // Accepted once: the next commands open without the option and without a notice.
    const after = await asOwner(['client', 'list', '--json']);
    expectExit(after, 0);
    expect(after.stderr).toBe('');
    expect(JSON.parse(after.stdout)).toEqual([]);

    const told = await asLi(['client', 'list']);
    expectExit(told, 0);
    expect(told.stderr).toContain('这个保险库已从备份恢复');
    // Each refusal waited on this PC (the folder could not be trusted) and names who was refused.
    const alarms = JSON.parse((await asOwner(['audit', 'list', '--json', '--action', 'vault.rollback'])).stdout) as { outcome: string; detail: { staffId?: string } }[];
    const names = new Map((JSON.parse((await asOwner(['staff', 'list', '--json'])).stdout) as { id: string; name: string }[]).map((s) => [s.id, s.name]));
    expect(alarms.map((e) => [names.get(e.detail.staffId ?? ''), e.outcome])).toEqual([
      [LI, 'denied'],
      [LI, 'denied'],
      [LI, 'denied'],
      [OWNER, 'denied'],
    ]);
    expect(JSON.parse((await asOwner(['audit', 'list', '--json', '--action', 'vault.rollback.accept'])).stdout)).toHaveLength(1);
    expectExit(await asOwner(['audit', 'verify']), 0);
  });

  it('an anchor altered by someone else: the unlock goes on, with a warning naming the state folder', async () => {
    const staffList = JSON.parse((await asOwner(['staff', 'list', '--json'])).stdout) as { id: string; name: string }[];
    const liId = staffList.find((s) => s.name === LI)!.id;
    const vaultId = readdirSync(state).find((name) => existsSync(join(state, name, `anchor-${liId}.json`)))!;
    const path = join(state, vaultId, `anchor-${liId}.json`);
    const anchor = JSON.parse(readFileSync(path, 'utf8')) as { rosterVersion: number };
    writeFileSync(path, JSON.stringify({ ...anchor, rosterVersion: 1 }));
    const warned = await asLi(['client', 'list']);
    expectExit(warned, 0);
    expect(warned.stderr).toContain('被人改动过');
    expect(warned.stderr).toContain(state);
    const english = await asLi(['client', 'list', '--lang', 'en']);
    expect(english.stderr).toBe('');
    const recorded = JSON.parse((await asOwner(['audit', 'list', '--json', '--action', 'anchor.forged'])).stdout) as { staffName: string }[];
    expect(recorded.map((e) => e.staffName)).toEqual([LI]);
  });
});
