/**
 * The mistakes people make at the command line, each answered with a
 * complete message in their language that names what it is about, and the
 * exit code docs/CLI.md gives for it.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, STATE_DIR, expectExit, explain, runCliSync, runMain, useCliTimeouts, type CliOptions } from '../../helpers/cli';

useCliTimeouts();

const OWNER = '张会计';
const PASSWORD = 'correct horse battery';
let dir: string;
let vault: string;
let recovery: string;
let clientId: string;
let docId: string;
const EVIL = '坏\x1b[31m名字\u202e';

const zd = (args: string[], options: CliOptions = {}) => runMain(args, { password: PASSWORD, ...options });
const asOwner = (args: string[], options: CliOptions = {}) => zd([...args, '--vault', vault, '--staff', OWNER], options);
const path = (name: string) => join(dir, name);

// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zd-cli-refusals-'));
  vault = path('vault');
  recovery = path('recovery.txt');
  expectExit(await zd(['init', '--vault', vault, '--staff', OWNER, '--recovery-key-out', recovery]), 0);
  const added = await asOwner(['client', 'add', '--name', EVIL]);
  expectExit(added, 0);
  clientId = added.stdout.trim();
  writeFileSync(path('对账单.pdf'), Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(1024 * 1024)]));
  const imported = await asOwner(['doc', 'import', '--client', clientId, path('对账单.pdf')]);
  expectExit(imported, 0);
  docId = imported.stdout.trim();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('passwords', () => {
  it('staff add and passwd without a new password name ZHANGDUN_NEW_PASSWORD and --new-password-file', async () => {
    for (const args of [['staff', 'add', '--name', '李会计', '--role', 'accountant'], ['passwd']]) {
      const res = await asOwner(args);
      expectExit(res, 2);
      expect(res.stderr).toContain('ZHANGDUN_NEW_PASSWORD');
      expect(res.stderr).toContain('--new-password-file');
      expect(res.stderr).not.toContain('请设置 ZHANGDUN_PASSWORD');
    }
  });

  it('takes a new password from --new-password-file, and says which source was too short or missing', async () => {
    writeFileSync(path('short.txt'), 'short\n');
    const short = await asOwner(['staff', 'add', '--name', '李会计', '--role', 'accountant', '--new-password-file', path('short.txt')]);
    expectExit(short, 2);
    expect(short.stderr).toContain(path('short.txt'));
    const missing = await asOwner(['staff', 'add', '--name', '李会计', '--role', 'accountant', '--new-password-file', path('nope.txt')]);
    expectExit(missing, 6);
    expect(missing.stderr).toContain(path('nope.txt'));
    expect(missing.stderr).toContain('密码文件');

    writeFileSync(path('li.txt'), 'accountant pw 1\n');
    expectExit(await asOwner(['staff', 'add', '--name', '李会计', '--role', 'accountant', '--new-password-file', path('li.txt')]), 0);
    expectExit(await zd(['client', 'list', '--vault', vault, '--staff', '李会计'], { password: 'accountant pw 1' }), 0);
    const again = await asOwner(['staff', 'add', '--name', '李会计', '--role', 'auditor', '--new-password-file', path('li.txt')]);
    expectExit(again, 8);
    expect(again.stderr).toContain('李会计');
  });
});

describe('the command line', () => {
  it('doc import with no file says a file is missing, not an option', async () => {
    const res = await asOwner(['doc', 'import', '--client', clientId]);
    expectExit(res, 2);
    expect(res.stderr).toContain('缺少要导入的文件');
    expect(res.stderr).not.toContain('--FILE');
  });

  it('an unknown option is reported in the user language, with the option meant', async () => {
    const zh = await asOwner(['client', 'list', '--josn']);
    expectExit(zh, 2);
    expect(zh.stderr).toContain('未知选项 --josn（是不是 --json？）');
    expect(zh.stderr).not.toMatch(/Unknown option|positional/);
    const en = await asOwner(['client', 'list', '--josn', '--lang', 'en']);
    expectExit(en, 2);
    expect(en.stderr).toContain('unknown option --josn (did you mean --json?)');
    const backup = await zd(['backup', 'verify', path('b.zdbk'), '--identiy', recovery]);
    expectExit(backup, 2);
    expect(backup.stderr).toContain('未知选项 --identiy（是不是 --identity？）');
  });

  it('arguments a command does not take are refused', async () => {
    const res = await asOwner(['client', 'list', 'extra']);
    expectExit(res, 2);
    expect(res.stderr).toContain('extra');
  });
});

describe('not found', () => {
  it('names the folder that holds no vault', async () => {
    const res = await zd(['client', 'list', '--vault', path('nowhere'), '--staff', OWNER]);
    expectExit(res, 6);
    expect(res.stderr).toContain(path('nowhere'));
  });

  it('names the client, the document and the staff member that were not found', async () => {
    const client = await asOwner(['doc', 'list', '--client', 'f'.repeat(32)]);
    expectExit(client, 6);
    expect(client.stderr).toContain(`未找到客户 ${'f'.repeat(32)}`);
    const doc = await asOwner(['doc', 'export', '--doc', 'e'.repeat(32), '--out', path('x.pdf')]);
    expectExit(doc, 6);
    expect(doc.stderr).toContain(`未找到资料 ${'e'.repeat(32)}`);
    const staff = await asOwner(['grant', '--to', '王五', '--client', clientId]);
    expectExit(staff, 6);
    expect(staff.stderr).toContain('王五');
    expect(staff.stderr).toContain('--to');
    for (const res of [client, doc, staff]) expect(res.stderr).not.toMatch(/未找到：(client|document|staff)/);
  });

  it('a recovery key file: missing (6), holding no key (2), of another vault (3)', async () => {
    const missing = await zd(['check', '--vault', vault, '--identity', path('no-key.txt')]);
    expectExit(missing, 6);
    expect(missing.stderr).toContain(path('no-key.txt'));
    writeFileSync(path('notes.txt'), 'nothing here\n');
    expectExit(await zd(['check', '--vault', vault, '--identity', path('notes.txt')]), 2);
    const other = path('other-vault');
    const otherKey = path('other-recovery.txt');
    expectExit(await zd(['init', '--vault', other, '--staff', OWNER, '--recovery-key-out', otherKey]), 0);
    const wrong = await zd(['check', '--vault', vault, '--identity', otherKey]);
    expectExit(wrong, 3);
    expect(wrong.stderr).toContain('恢复密钥打不开这个保险库');
  });
});

describe('doc export --out', () => {
  it('writes into a folder under the document name, refuses to replace without --force, replaces with it', async () => {
    const out = path('exports');
    mkdirSync(out);
    expectExit(await asOwner(['doc', 'export', '--doc', docId, '--out', out]), 0);
    expect(readFileSync(join(out, '对账单.pdf')).equals(readFileSync(path('对账单.pdf')))).toBe(true);
    const again = await asOwner(['doc', 'export', '--doc', docId, '--out', out]);
    expectExit(again, 8);
    expect(again.stderr).toContain(join(out, '对账单.pdf'));
    expect(again.stderr).toContain('--force');
    writeFileSync(join(out, '对账单.pdf'), 'old');
    expectExit(await asOwner(['doc', 'export', '--doc', docId, '--out', out, '--force']), 0);
    expect(readFileSync(join(out, '对账单.pdf')).length).toBeGreaterThan(1024 * 1024);
    expect(readdirSync(out)).toEqual(['对账单.pdf']);
  });

  it('says which folder is missing, or is not a folder', async () => {
    const missing = await asOwner(['doc', 'export', '--doc', docId, '--out', path('no-such-folder/a.pdf')]);
    expectExit(missing, 6);
    expect(missing.stderr).toContain(`要写入的文件夹 ${path('no-such-folder')} 不存在`);
    const notFolder = await asOwner(['doc', 'export', '--doc', docId, '--out', path('对账单.pdf/a.pdf')]);
    expectExit(notFolder, 6);
    expect(notFolder.stderr).toContain(`${path('对账单.pdf')} 不是文件夹`);
  });

  it('a confidential client needs --reason (exit 2, saying so)', async () => {
    const added = await asOwner(['client', 'add', '--name', '机密客户', '--label', 'confidential']);
    writeFileSync(path('合同.txt'), '合同');
    const doc = (await asOwner(['doc', 'import', '--client', added.stdout.trim(), path('合同.txt')])).stdout.trim();
    const res = await asOwner(['doc', 'export', '--doc', doc, '--out', path('合同-导出.txt')]);
    expectExit(res, 2);
    expect(res.stderr).toContain('--reason');
    expectExit(await asOwner(['doc', 'export', '--doc', doc, '--out', path('合同-导出.txt'), '--reason', '客户要求']), 0);
  });
});

describe('names are printed with control characters escaped', () => {
  it('in lists, JSON and messages', async () => {
    const list = await asOwner(['client', 'list']);
    expectExit(list, 0);
    expect(list.stdout).toContain('坏\\x1b[31m名字\\u202e');
    expect(list.stdout).not.toMatch(RAW_CONTROL);
    const json = await asOwner(['client', 'list', '--json']);
    expect(json.stdout).not.toMatch(RAW_CONTROL);
    expect((JSON.parse(json.stdout) as { name: string }[]).map((c) => c.name)).toContain(EVIL);

    const evilFile = path('evil\x1b]0;pwned\x07\u202efdp.exe');
    writeFileSync(evilFile, 'x');
    const imported = await asOwner(['doc', 'import', '--client', clientId, evilFile, evilFile]);
    expectExit(imported, 0);
    expect(imported.stderr).toContain('evil\\x1b]0;pwned\\x07\\u202efdp.exe');
    const docs = await asOwner(['doc', 'list', '--client', clientId]);
    expect(docs.stdout).toContain('evil\\x1b]0;pwned\\x07\\u202efdp.exe');
    for (const res of [imported, docs]) expect(res.stdout + res.stderr).not.toMatch(RAW_CONTROL);

    writeFileSync(path('evil-staff.txt'), 'evil staff pw\n');
    expectExit(await asOwner(['staff', 'add', '--name', `王${'\x1b'}[8m`, '--role', 'auditor', '--new-password-file', path('evil-staff.txt')]), 0);
    const staff = await asOwner(['staff', 'list']);
    expect(staff.stdout).toContain('王\\x1b[8m');
    expect(staff.stdout).not.toMatch(RAW_CONTROL);
  });
});

describe('backups', () => {
  it('create and verify print the same two sizes, each named, in MiB', async () => {
    const out = path('sizes.zdbk');
    // As the owner, so signed by this vault (verify passes only those).
    const created = await asOwner(['backup', 'create', '--out', out]);
    expectExit(created, 0);
    const verified = await zd(['backup', 'verify', out, '--identity', recovery]);
    expectExit(verified, 0);
    expect(verified.stdout).toContain('签名：本保险库（主密钥）。');
    const sizes = (text: string) => /备份文件 ([\d.]+) MiB，其中保险库文件共 ([\d.]+) MiB/.exec(text)?.slice(1);
    expect(sizes(created.stdout), explain(created)).toBeDefined();
    expect(sizes(verified.stdout), explain(verified)).toEqual(sizes(created.stdout));
    const help = await zd(['backup', '--help']);
    expect(help.stdout).toContain('1 MiB = 1024 × 1024 字节');
  });

  it('a copy at rest with no backup key endorsed on this PC is said to be unsigned when made; verify names it so and exits 4', async () => {
    const out = path('unsigned.zdbk');
    const created = await zd(['backup', 'create', '--vault', vault, '--out', out]);
    expectExit(created, 0);
    expect(created.stderr).toContain('注意：这个备份没有签名');
    const verified = await zd(['backup', 'verify', out, '--identity', recovery, '--json']);
    expectExit(verified, 4);
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true, signature: 'unsigned', signedBy: null, fingerprint: expect.stringMatching(/^([0-9A-F]{4} ){9}[0-9A-F]{4}$/) });
    expect(verified.stderr).toContain('备份文件本身完好，但无法确认出自本保险库');
  });

  it('refuses to restore onto an existing folder with exit 8, naming it and leaving it alone', async () => {
    const out = path('restore.zdbk');
    expectExit(await zd(['backup', 'create', '--vault', vault, '--out', out]), 0);
    const target = path('occupied');
    mkdirSync(target);
    writeFileSync(join(target, 'keep.txt'), 'mine');
    const res = await zd(['backup', 'restore', out, '--identity', recovery, '--to', target]);
    expectExit(res, 8);
    expect(res.stderr).toContain(target);
    expect(readdirSync(target)).toEqual(['keep.txt']);
    expectExit(await zd(['backup', 'restore', out, '--identity', recovery, '--to', path('对账单.pdf')]), 8);
    const again = await zd(['backup', 'create', '--vault', vault, '--out', out]);
    expectExit(again, 8);
    expect(again.stderr).toContain(out);
  });

  it('says what is wrong with a file that is not a backup, or is cut short, in Chinese', async () => {
    const notBackup = await zd(['backup', 'verify', path('对账单.pdf'), '--identity', recovery]);
    expectExit(notBackup, 4);
    expect(notBackup.stderr).toContain('这不是账盾备份文件：不是 age 加密文件');
    const out = path('cut-source.zdbk');
    expectExit(await zd(['backup', 'create', '--vault', vault, '--out', out]), 0);
    writeFileSync(path('cut.zdbk'), readFileSync(out).subarray(0, 200_000));
    const cut = await zd(['backup', 'verify', path('cut.zdbk'), '--identity', recovery]);
    expectExit(cut, 4);
    expect(cut.stderr).toContain('备份文件不完整');
    expect(cut.stderr).not.toMatch(/chunk|age header|payload|bytes/);
  });
});

describe('a closed pipe', () => {
  it('`zhangdun client list | true` exits quietly, without a stack trace', () => {
    // `true` exits at once, so every line zhangdun writes after its unlock meets a closed pipe (EPIPE).
    const script = `"${process.execPath}" "${BIN}" client list --vault "${vault}" --staff ${OWNER} | true; echo "exit=\${PIPESTATUS[0]}" >&2`;
    const res = spawnSync('bash', ['--norc', '--noprofile', '-c', script], { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '', LANG: 'zh_CN.UTF-8', ZHANGDUN_PASSWORD: PASSWORD, ZHANGDUN_STATE_DIR: STATE_DIR }, encoding: 'utf8' });
    expect(res.stderr.trim(), res.stderr).toBe('exit=0');
    // And the vault was closed as usual: the next command opens it.
    expectExit(runCliSync(['client', 'list', '--vault', vault, '--staff', OWNER], PASSWORD), 0);
  });
});
