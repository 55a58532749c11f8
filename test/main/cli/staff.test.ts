import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = resolve(__dirname, '../../../bin/zhangdun.mjs');
const OWNER = '张所长';
const OWNER_PW = 'owner password 1';
const LI_PW = 'accountant pw 1';
let dir: string;
let vault: string;
let clientId = '';

function zd(args: string[], env: Record<string, string> = {}) {
  const res = spawnSync(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH ?? '', ZHANGDUN_PASSWORD: OWNER_PW, ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: res.status, out: res.stdout, err: res.stderr };
}
const asOwner = (args: string[], env: Record<string, string> = {}) => zd([...args, '--vault', vault, '--staff', OWNER], env);
const asLi = (args: string[]) => zd([...args, '--vault', vault, '--staff', '李会计'], { ZHANGDUN_PASSWORD: LI_PW });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'zd-cli-staff-'));
  vault = join(dir, 'vault');
  expect(zd(['init', '--vault', vault, '--staff', OWNER, '--recovery-key-out', join(dir, 'rk.txt')]).code).toBe(0);
  const added = asOwner(['client', 'add', '--name', '福州闽江财税咨询有限公司']);
  expect(added.code, added.err).toBe(0);
  clientId = added.out.trim();
  const src = join(dir, 'a.txt');
  writeFileSync(src, '三月凭证');
  expect(asOwner(['doc', 'import', '--client', clientId, src]).code).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('zhangdun staff, grant, revoke, offboard, report', () => {
  it('adds staff with their own password and lists them; an accountant adding staff exits 5', () => {
    const li = asOwner(['staff', 'add', '--name', '李会计', '--role', 'accountant'], { ZHANGDUN_NEW_PASSWORD: LI_PW });
    expect(li.code, li.err).toBe(0);
    expect(li.out.trim()).toMatch(/^[0-9a-f]{32}$/);
    expect(asOwner(['staff', 'add', '--name', '孙会计', '--role', 'accountant'], { ZHANGDUN_NEW_PASSWORD: 'accountant pw 2' }).code).toBe(0);
    expect(asOwner(['staff', 'add', '--name', '王', '--role', 'owner'], { ZHANGDUN_NEW_PASSWORD: 'whatever 123' }).code).toBe(2);
    const list = JSON.parse(asOwner(['staff', 'list', '--json']).out) as { name: string; role: string }[];
    expect(list.map((s) => [s.name, s.role])).toEqual([[OWNER, 'owner'], ['李会计', 'accountant'], ['孙会计', 'accountant']]);
    const refused = zd(['staff', 'add', '--vault', vault, '--staff', '李会计', '--name', '黑客', '--role', 'admin'], { ZHANGDUN_PASSWORD: LI_PW, ZHANGDUN_NEW_PASSWORD: 'hacker pass 1' });
    expect(refused.code).toBe(5);
    expect(refused.err).toContain('没有权限');
    expect(asLi(['staff', 'list']).code).toBe(5);
  });

  it('grants a client: the accountant then sees it; grant by an accountant exits 5; revoke hides it again', () => {
    expect(JSON.parse(asLi(['client', 'list', '--json']).out)).toEqual([]);
    expect(asLi(['doc', 'list', '--client', clientId]).code).toBe(6);
    expect(asLi(['grant', '--to', '李会计', '--client', clientId]).code).toBe(5);
    const granted = asOwner(['grant', '--to', '李会计', '--client', clientId]);
    expect(granted.code, granted.err).toBe(0);
    expect(granted.out).toContain('李会计');
    expect((JSON.parse(asLi(['client', 'list', '--json']).out) as { id: string }[]).map((c) => c.id)).toEqual([clientId]);
    expect(asLi(['doc', 'list', '--client', clientId]).code).toBe(0);
    expect(asLi(['revoke', '--from', '李会计', '--client', clientId]).code).toBe(5);
    const revoked = asOwner(['revoke', '--from', '李会计', '--client', clientId]);
    expect(revoked.code, revoked.err).toBe(0);
    expect(revoked.out).toContain('2');
    expect(asLi(['doc', 'list', '--client', clientId]).code).toBe(6);
    expect(asOwner(['grant', '--to', '李会计', '--client', clientId]).code).toBe(0);
  });

  it('offboards with a JSON report and a PDF; the person cannot unlock; audit list and the access report show it', () => {
    const docs = JSON.parse(asLi(['doc', 'list', '--client', clientId, '--json']).out) as { id: string }[];
    expect(asLi(['doc', 'export', '--doc', docs[0]!.id, '--out', join(dir, 'home.txt')]).code).toBe(0);
    expect(asLi(['offboard', '--name', '孙会计', '--handover-to', OWNER]).code).toBe(5);
    const pdf = join(dir, '离职报告.pdf');
    const res = asOwner(['offboard', '--name', '李会计', '--handover-to', '孙会计', '--report-out', pdf]);
    expect(res.code, res.err).toBe(0);
    const report = JSON.parse(res.out) as { staff: { name: string }; revokedClients: { id: string }[]; handoverTo: { name: string }; counts: Record<string, number> };
    expect(report.staff.name).toBe('李会计');
    expect(report.handoverTo.name).toBe('孙会计');
    expect(report.revokedClients.map((c) => c.id)).toEqual([clientId]);
    expect(report.counts['doc.export']).toBe(1);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    expect(asLi(['client', 'list']).code).toBe(3);

    const events = JSON.parse(asOwner(['audit', 'list', '--json', '--client', clientId]).out) as { action: string; staffName: string; outcome: string }[];
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['grant', 'revoke', 'doc.export']));
    const offboard = JSON.parse(asOwner(['audit', 'list', '--json', '--action', 'offboard']).out) as { action: string; outcome: string }[];
    expect(offboard.map((e) => e.outcome)).toEqual(['denied', 'success']);

    const out = join(dir, '访问报告.pdf');
    const rep = asOwner(['report', 'access', '--client', clientId, '--out', out]);
    expect(rep.code, rep.err).toBe(0);
    expect(readFileSync(out).toString('latin1')).toContain('/STSong-Light');
    expect(asOwner(['report', 'access', '--client', clientId, '--out', out]).code).toBe(1);
    const sun = zd(['report', 'access', '--vault', vault, '--staff', '孙会计', '--client', clientId, '--out', join(dir, 'x.pdf')], { ZHANGDUN_PASSWORD: 'accountant pw 2' });
    expect(sun.code).toBe(5);
    expect(existsSync(join(dir, 'x.pdf'))).toBe(false);
  });
});
