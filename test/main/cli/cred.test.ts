/**
 * `zhangdun cred`: secrets only from the environment or stdin, masked unless
 * --reveal (recorded), copied only into a pipe, TOTP by RFC 6238, the 待更换
 * list after a revoke and its clearing, isolation from ungranted staff, and
 * mistakes answered in the user's language with exit 2.
 */
import { spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDay } from '../../../src/main/core/credentials/credential-service';
import { BIN, STATE_DIR, expectExit, explain, runMain, useCliTimeouts, type CliResult } from '../../helpers/cli';

useCliTimeouts();

const OWNER = '张所长';
const PASSWORDS: Record<string, string> = { [OWNER]: 'owner password 1', 李会计: 'accountant pw 1', 孙会计: 'accountant pw 2' };
const TAX_PASSWORD = 'Tax#Bureau-2024!';
const RFC_SECRET = '12345678901234567890';
const RFC_SEED = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'; // RFC_SECRET in base32

let dir: string;
let vault: string;
let clientA = ''; // granted to 李会计, later revoked
let clientB = '';
const ids: Record<string, string> = {};

interface Run {
  env?: Record<string, string>;
  stdin?: string;
  stdoutIsTTY?: boolean;
}

/** `zhangdun …` in this process as `staff`; stdin and whether stdout is a terminal can be set. */
async function as(staff: string, args: string[], run: Run = {}): Promise<CliResult> {
  if (run.stdin === undefined && !run.stdoutIsTTY) {
    return runMain([...args, '--vault', vault, '--staff', staff], { password: PASSWORDS[staff]!, ...(run.env ? { env: run.env } : {}) });
  }
  const { main } = await import('../../../src/main/cli/index');
  const full = [...args, '--vault', vault, '--staff', staff];
  let stdout = '';
  let stderr = '';
  const err = new PassThrough() as unknown as NodeJS.WriteStream;
  err.write = ((chunk: string) => ((stderr += chunk), true)) as NodeJS.WriteStream['write'];
  const input = new PassThrough();
  input.end(run.stdin ?? '');
  const code = await main(full, {
    stdout: { write: ((chunk: string) => ((stdout += chunk), true)) as NodeJS.WriteStream['write'], isTTY: run.stdoutIsTTY ?? false },
    stderr: err,
    stdin: input as unknown as NodeJS.ReadStream,
    env: { LANG: 'zh_CN.UTF-8', ZHANGDUN_STATE_DIR: STATE_DIR, ZHANGDUN_PASSWORD: PASSWORDS[staff]!, ...run.env },
  });
  return { args: full, code, stdout, stderr };
}
const owner = (args: string[], run?: Run) => as(OWNER, args, run);

/** A real process, stdout a pipe: what `| clip` sees, and whether a failure prints a stack trace. */
function processAs(staff: string, args: string[], env: Record<string, string> = {}): CliResult {
  const full = [...args, '--vault', vault, '--staff', staff];
  const res = spawnSync(process.execPath, [BIN, ...full], {
    env: { PATH: process.env.PATH ?? '', LANG: 'zh_CN.UTF-8', ZHANGDUN_STATE_DIR: STATE_DIR, ZHANGDUN_PASSWORD: PASSWORDS[staff]!, ...env },
    encoding: 'utf8',
  });
  if (res.error) throw res.error;
  return { args: full, code: res.status, stdout: res.stdout, stderr: res.stderr };
}

async function ok(res: Promise<CliResult> | CliResult): Promise<CliResult> {
  const done = await res;
  expectExit(done, 0);
  return done;
}

interface Listed {
  id: string;
  title: string;
  rotationDue: { staffName: string; reason: string }[];
  expiresOn: string | null;
}
const listJson = async (args: string[]) => JSON.parse((await ok(owner(['cred', 'list', '--json', ...args]))).stdout) as Listed[];
const rows = (stdout: string) => stdout.split('\n').filter(Boolean).map((l) => l.split('\t'));

async function auditActions(action: string): Promise<{ staffName: string; clientId: string }[]> {
  return JSON.parse((await ok(owner(['audit', 'list', '--json', '--client', clientA, '--action', action]))).stdout) as { staffName: string; clientId: string }[];
}

/** RFC 6238 with SHA-1, written out here so that the test does not trust the code it checks. */
function rfc6238(secret: Buffer, unixMs: number, digits = 6, period = 30): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(unixMs / 1000 / period)));
  const mac = createHmac('sha1', secret).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits;
  return String(value).padStart(digits, '0');
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zd-cli-cred-'));
  vault = join(dir, 'vault');
  await ok(runMain(['init', '--vault', vault, '--staff', OWNER, '--recovery-key-out', join(dir, 'rk.txt')], { password: PASSWORDS[OWNER]! }));
  clientA = (await ok(owner(['client', 'add', '--name', '福州闽江财税咨询有限公司']))).stdout.trim();
  clientB = (await ok(owner(['client', 'add', '--name', '厦门鹭岛贸易有限公司']))).stdout.trim();
  for (const name of ['李会计', '孙会计']) {
    await ok(owner(['staff', 'add', '--name', name, '--role', 'accountant'], { env: { ZHANGDUN_NEW_PASSWORD: PASSWORDS[name]! } }));
  }
  await ok(owner(['grant', '--to', '李会计', '--client', clientA]));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('zhangdun cred', () => {
  it('adds credentials with secrets from the environment, stdin or the generator, and prints only the id', async () => {
    const soon = localDay(new Date(Date.now() + 20 * 86_400_000));
    const tax = await ok(
      owner(
        ['cred', 'add', '--client', clientA, '--kind', 'etax', '--title', '电子税务局', '--login', '91350100M000100Y43', '--phone', '13812345678', '--expires', soon],
        { env: { ZHANGDUN_CRED_PASSWORD: TAX_PASSWORD } },
      ),
    );
    expect(tax.stdout).toMatch(/^[0-9a-f]{32}\n$/);
    ids.tax = tax.stdout.trim();

    const bank = await ok(
      owner(['cred', 'add', '--client', clientA, '--kind', 'bank', '--title', '工商银行网银', '--password-stdin', '--totp', RFC_SEED, '--expires', '2099-12-31'], {
        stdin: 'Bank-Stdin-Pass9\nnot this line\n',
        env: { ZHANGDUN_CRED_PIN: '246810' },
      }),
    );
    ids.bank = bank.stdout.trim();
    expect(bank.stdout).not.toContain('Bank-Stdin-Pass9');

    const generated = await ok(owner(['cred', 'add', '--client', clientA, '--kind', 'social-security', '--title', '社保网厅', '--generate', 'standard']));
    expect(generated.stdout).toMatch(/^[0-9a-f]{32}\n$/);
    expect(generated.stderr).toContain('未显示');
    ids.generated = generated.stdout.trim();

    const shown = JSON.parse(
      (await ok(owner(['cred', 'add', '--client', clientB, '--kind', 'etax', '--title', '电子税务局', '--generate', 'etax', '--reveal', '--json']))).stdout,
    ) as { id: string; revealed: { password: string }; secrets: string[] };
    expect(shown.revealed.password.length).toBeGreaterThanOrEqual(8);
    expect(shown.secrets).toEqual(['password']);
    ids.shown = shown.id;

    // The same password at another client, and a weak one: flagged 重复 and 弱.
    ids.reused = (await ok(owner(['cred', 'add', '--client', clientB, '--kind', 'housing-fund', '--title', '公积金', '--login', 'xm01'], { env: { ZHANGDUN_CRED_PASSWORD: TAX_PASSWORD } }))).stdout.trim();
    ids.weak = (await ok(owner(['cred', 'add', '--client', clientB, '--kind', 'other', '--title', '工商年报旧账号'], { env: { ZHANGDUN_CRED_PASSWORD: '123456' } }))).stdout.trim();
  });

  it('lists a client, what expires across the firm, never a secret', async () => {
    const list = await ok(owner(['cred', 'list', '--client', clientA]));
    expect(list.stdout).not.toContain(TAX_PASSWORD);
    const byId = new Map(rows(list.stdout).map((r) => [r[0], r]));
    expect([...byId.keys()].sort()).toEqual([ids.tax, ids.bank, ids.generated].sort());
    const tax = byId.get(ids.tax)!;
    expect(tax.slice(0, 4)).toEqual([ids.tax, 'etax', '电子税务局', '91350100M000100Y43']);
    expect(tax[5]).toBe('重复');
    expect(tax[6]).toBe('福州闽江财税咨询有限公司');
    const b = rows((await ok(owner(['cred', 'list', '--client', clientB]))).stdout);
    expect(b.find((r) => r[0] === ids.weak)?.[5]).toBe('弱');

    const expiring = await listJson(['--expiring', '30']);
    expect(expiring.map((c) => c.id)).toEqual([ids.tax]);
    expect((await listJson(['--expiring', '36500'])).map((c) => c.id).sort()).toEqual([ids.tax, ids.bank].sort());
    const firmWide = rows((await ok(owner(['cred', 'list', '--expiring', '30']))).stdout);
    expect(firmWide[0]?.[5]).toBe('重复');
  });

  it('shows secrets masked; --reveal shows each, recorded in the audit log', async () => {
    const masked = await ok(owner(['cred', 'show', '--id', ids.bank!]));
    expect(masked.stdout).not.toContain('Bank-Stdin-Pass9');
    expect(masked.stdout).not.toContain('246810');
    expect(masked.stdout).toContain('密码：••••••');
    expect(masked.stdout).toContain('PIN：••••••');
    expect(masked.stdout).toContain('动态口令（TOTP）：已设置');
    expect(masked.stdout).toContain('证书文件：无');
    expect(masked.stdout).toContain('待更换：否');
    expect(masked.stdout).toContain('类型：网银与U盾 (bank)');
    const json = JSON.parse((await ok(owner(['cred', 'show', '--id', ids.tax!, '--json']))).stdout) as Record<string, unknown>;
    expect(json).not.toHaveProperty('revealed');
    expect(JSON.stringify(json)).not.toContain(TAX_PASSWORD);
    expect(json.phoneMasked).toBe('138****5678');
    expect(await auditActions('cred.reveal')).toEqual([]);

    const revealed = await ok(owner(['cred', 'show', '--id', ids.bank!, '--reveal']));
    expect(revealed.stdout).toContain('密码：Bank-Stdin-Pass9');
    expect(revealed.stdout).toContain('PIN：246810');
    const events = await auditActions('cred.reveal');
    expect(events.map((e) => e.staffName)).toEqual([OWNER, OWNER]);
    const viaJson = JSON.parse((await ok(owner(['cred', 'show', '--id', ids.tax!, '--reveal', '--json']))).stdout) as { revealed: Record<string, string> };
    expect(viaJson.revealed).toEqual({ password: TAX_PASSWORD });
  });

  it('copies into a pipe without a newline (recorded as a copy); refuses a terminal before opening the vault', async () => {
    const copies = (await auditActions('cred.copy')).length;
    const piped = processAs(OWNER, ['cred', 'copy', '--id', ids.tax!]);
    expectExit(piped, 0);
    expect(piped.stdout).toBe(TAX_PASSWORD);
    const pin = processAs(OWNER, ['cred', 'copy', '--id', ids.bank!, '--field', 'pin']);
    expect(pin.stdout, explain(pin)).toBe('246810');
    expect(await auditActions('cred.copy')).toHaveLength(copies + 2);

    const tty = await owner(['cred', 'copy', '--id', ids.tax!], { stdoutIsTTY: true });
    expectExit(tty, 2);
    expect(tty.stdout).toBe('');
    expect(tty.stderr).toContain('| clip');
    expect(tty.stderr).not.toContain(TAX_PASSWORD);
    expect(await auditActions('cred.copy')).toHaveLength(copies + 2);

    const unset = await owner(['cred', 'copy', '--id', ids.tax!, '--field', 'certPassword']);
    expectExit(unset, 6);
    expect(unset.stderr).toContain('没有设置证书密码');
  });

  it('prints the TOTP code of RFC 6238 and the seconds left', async () => {
    // The RFC's own vector first (T = 59 s, 8 digits): the reference below is right.
    expect(rfc6238(Buffer.from(RFC_SECRET), 59_000, 8)).toBe('94287082');
    const before = Date.now();
    const res = await ok(owner(['cred', 'totp', '--id', ids.bank!, '--json']));
    const after = Date.now();
    const code = JSON.parse(res.stdout) as { code: string; remaining: number; period: number };
    expect([rfc6238(Buffer.from(RFC_SECRET), before), rfc6238(Buffer.from(RFC_SECRET), after)]).toContain(code.code);
    expect(code.period).toBe(30);
    expect(code.remaining).toBeGreaterThanOrEqual(1);
    expect(code.remaining).toBeLessThanOrEqual(30);
    expect((await ok(owner(['cred', 'totp', '--id', ids.bank!]))).stdout).toMatch(/^\d{6}（\d+ 秒后失效）\n$/);
    expect(await auditActions('cred.totp')).toHaveLength(2);
    const none = await owner(['cred', 'totp', '--id', ids.tax!]);
    expectExit(none, 6);
    expect(none.stderr).toContain('没有设置动态口令');
  });

  it('keeps a credential from an ungranted accountant: not found, and no secret', async () => {
    for (const command of [['cred', 'show', '--id', ids.tax!], ['cred', 'copy', '--id', ids.tax!], ['cred', 'totp', '--id', ids.bank!]]) {
      const res = await as('孙会计', command);
      expectExit(res, 6);
      expect(res.stderr).toContain(`未找到账号 ${command[3]}`);
      expect(res.stdout).toBe('');
    }
    expectExit(await as('孙会计', ['cred', 'list', '--client', clientA]), 6);
    expect(JSON.parse((await ok(as('孙会计', ['cred', 'list', '--expiring', '36500', '--json']))).stdout)).toEqual([]);
    // The granted accountant reads it.
    expect((await ok(as('李会计', ['cred', 'show', '--id', ids.tax!]))).stdout).toContain('登录名：91350100M000100Y43');
  });

  it('lists every credential of a revoked grant as 待更换 until it is marked changed or given a new password', async () => {
    expect(await listJson(['--rotation'])).toEqual([]);
    await ok(owner(['revoke', '--from', '李会计', '--client', clientA]));
    const due = await listJson(['--rotation']);
    expect(due.map((c) => c.id).sort()).toEqual([ids.tax, ids.bank, ids.generated].sort());
    expect(due[0]!.rotationDue).toEqual([expect.objectContaining({ staffName: '李会计', reason: 'revoke' })]);
    const text = rows((await ok(owner(['cred', 'list', '--rotation']))).stdout);
    expect(text.find((r) => r[0] === ids.generated)?.[5]).toBe('待更换');
    expect((await ok(owner(['cred', 'show', '--id', ids.generated!]))).stdout).toMatch(/待更换：是：李会计（撤销授权，/);

    const marked = await ok(owner(['cred', 'rotate', '--id', ids.generated!]));
    expect(marked.stdout).toContain(`（${OWNER}，`);
    expect(marked.stdout).toContain('不再待更换');
    expect((await ok(owner(['cred', 'show', '--id', ids.generated!]))).stdout).toContain(`上次更换：`);

    const same = await owner(['cred', 'rotate', '--id', ids.tax!, '--new-password-env'], { env: { ZHANGDUN_CRED_PASSWORD: TAX_PASSWORD } });
    expectExit(same, 2);
    expect(same.stderr).toContain('新密码与保存的密码相同');
    const changed = await ok(owner(['cred', 'rotate', '--id', ids.tax!, '--new-password-env'], { env: { ZHANGDUN_CRED_PASSWORD: 'New-Tax#Pass-2025' } }));
    expect(changed.stdout).toContain('密码已更新，不再待更换');
    expect(processAs(OWNER, ['cred', 'copy', '--id', ids.tax!]).stdout).toBe('New-Tax#Pass-2025');
    expect((await ok(owner(['cred', 'show', '--id', ids.tax!]))).stdout).toContain('旧密码记录：1 条');
    expect((await ok(owner(['cred', 'rotate', '--id', ids.tax!]))).stdout).toContain('不在待更换清单上');

    expect((await listJson(['--rotation'])).map((c) => c.id)).toEqual([ids.bank]);
    expect(await auditActions('cred.rotated')).toHaveLength(2);
  });

  it('answers bad input with exit 2 and a message in the user language, never a stack trace', async () => {
    const add = ['cred', 'add', '--client', clientA, '--title', '电子税务局'];
    const cases: [string[], Record<string, string>, string][] = [
      [[...add, '--kind', 'etax', '--expires', '2026-02-30'], {}, '--expires 2026-02-30 不是有效日期'],
      [[...add, '--kind', 'tax'], {}, '--kind 必须是 etax|etax-individual|'],
      [[...add, '--kind', 'tax', '--lang', 'en'], {}, '--kind must be one of etax|'],
      [[...add, '--kind', 'etax', '--generate', 'custom'], {}, '--generate 必须是 standard|etax|bank|pin6 之一'],
      [[...add, '--kind', 'etax', '--generate', 'bank'], { ZHANGDUN_CRED_PASSWORD: 'x' }, '密码只能有一个来源'],
      [[...add, '--kind', 'etax', '--login', 'x'.repeat(201)], {}, '--login 太长（最多 200 个字符）'],
      [['cred', 'list'], {}, '缺少选项 --client'],
      [['cred', 'list', '--expiring', '30天'], {}, '--expiring 需要一个正整数'],
      [['cred', 'copy', '--id', 'x', '--field', 'secret'], {}, '--field 必须是 password、pin、certPassword 之一'],
      [['cred', 'rotate', '--id', 'x', '--new-password-env'], {}, 'ZHANGDUN_CRED_PASSWORD 没有设置或是空的'],
      [['cred', 'frob'], {}, '未知命令 cred frob'],
    ];
    // The first two as real processes (what a person sees, stack trace or not), the rest in this process.
    for (const [i, [args, env, message]] of cases.entries()) {
      const res = i < 2 ? processAs(OWNER, args, env) : await owner(args, { env });
      expectExit(res, 2);
      expect(res.stderr, explain(res)).toContain(message);
      expect(res.stderr, explain(res)).not.toMatch(/\n\s+at |ZodError|Error:/);
    }
    const badSeed = await owner([...add, '--kind', 'bank'], { env: { ZHANGDUN_CRED_TOTP: 'not base32 !!' } });
    expectExit(badSeed, 2);
    expect(badSeed.stderr).toContain('动态口令密钥（ZHANGDUN_CRED_TOTP）无效');
    expect((await listJson(['--client', clientA])).map((c) => c.title)).toHaveLength(3);
  });

  it('has its own help', async () => {
    const help = await ok(runMain(['cred', '--help']));
    expect(help.stdout).toContain('ZHANGDUN_CRED_PASSWORD');
    expect((await ok(runMain(['cred', '--help', '--lang', 'en']))).stdout).toContain('--password-stdin reads the password');
    expectExit(await runMain(['cred']), 2);
    expect((await ok(runMain(['--help']))).stdout).toContain('zhangdun cred --help');
  });
});
