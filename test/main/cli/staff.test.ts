import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectExit, runCliSync, useCliTimeouts } from '../../helpers/cli';

useCliTimeouts();
const OWNER = '张所长';
const OWNER_PW = 'owner password 1';
const LI_PW = 'accountant pw 1';
let dir: string;
let vault: string;
let clientId = '';

const zd = (args: string[], env: Record<string, string> = {}) => runCliSync(args, { password: OWNER_PW, env });
const asOwner = (args: string[], env: Record<string, string> = {}) => zd([...args, '--vault', vault, '--staff', OWNER], env);
const asLi = (args: string[]) => zd([...args, '--vault', vault, '--staff', '李会计'], { ZHANGDUN_PASSWORD: LI_PW });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'zd-cli-staff-'));
  vault = join(dir, 'vault');
  expectExit(zd(['init', '--vault', vault, '--staff', OWNER, '--recovery-key-out', join(dir, 'rk.txt')]), 0);
  const added = asOwner(['client', 'add', '--name', '福州闽江财税咨询有限公司']);
  expectExit(added, 0);
  clientId = added.stdout.trim();
  const src = join(dir, 'a.txt');
  writeFileSync(src, '三月凭证');
  expectExit(asOwner(['doc', 'import', '--client', clientId, src]), 0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('zhangdun staff, grant, revoke, offboard, report', () => {
  it('adds staff with their own password and lists them; an accountant adding staff exits 5', () => {
    const li = asOwner(['staff', 'add', '--name', '李会计', '--role', 'accountant'], { ZHANGDUN_NEW_PASSWORD: LI_PW });
    expectExit(li, 0);
    expect(li.stdout.trim()).toMatch(/^[0-9a-f]{32}$/);
    expectExit(asOwner(['staff', 'add', '--name', '孙会计', '--role', 'accountant'], { ZHANGDUN_NEW_PASSWORD: 'accountant pw 2' }), 0);
    expectExit(asOwner(['staff', 'add', '--name', '王', '--role', 'owner'], { ZHANGDUN_NEW_PASSWORD: 'whatever 123' }), 2);
    const list = JSON.parse(asOwner(['staff', 'list', '--json']).stdout) as { name: string; role: string }[];
    expect(list.map((s) => [s.name, s.role])).toEqual([[OWNER, 'owner'], ['李会计', 'accountant'], ['孙会计', 'accountant']]);
    const refused = zd(['staff', 'add', '--vault', vault, '--staff', '李会计', '--name', '黑客', '--role', 'admin'], { ZHANGDUN_PASSWORD: LI_PW, ZHANGDUN_NEW_PASSWORD: 'hacker pass 1' });
    expectExit(refused, 5);
    expect(refused.stderr).toContain('没有权限');
    expectExit(asLi(['staff', 'list']), 5);
  });

  it('grants a client: the accountant then sees it; grant by an accountant exits 5; revoke hides it again', () => {
    expect(JSON.parse(asLi(['client', 'list', '--json']).stdout)).toEqual([]);
    expectExit(asLi(['doc', 'list', '--client', clientId]), 6);
    expectExit(asLi(['grant', '--to', '李会计', '--client', clientId]), 5);
    const granted = asOwner(['grant', '--to', '李会计', '--client', clientId]);
    expectExit(granted, 0);
    expect(granted.stdout).toContain('李会计');
    expect((JSON.parse(asLi(['client', 'list', '--json']).stdout) as { id: string }[]).map((c) => c.id)).toEqual([clientId]);
    expectExit(asLi(['doc', 'list', '--client', clientId]), 0);
    expectExit(asLi(['revoke', '--from', '李会计', '--client', clientId]), 5);
    const revoked = asOwner(['revoke', '--from', '李会计', '--client', clientId]);
    expectExit(revoked, 0);
    expect(revoked.stdout).toContain('2');
    expectExit(asLi(['doc', 'list', '--client', clientId]), 6);
    expectExit(asOwner(['grant', '--to', '李会计', '--client', clientId]), 0);
  });

  it('offboards with a JSON report and a PDF; the person cannot unlock; audit list and the access report show it', () => {
    const docs = JSON.parse(asLi(['doc', 'list', '--client', clientId, '--json']).stdout) as { id: string }[];
    expectExit(asLi(['doc', 'export', '--doc', docs[0]!.id, '--out', join(dir, 'home.txt')]), 0);
    expectExit(asLi(['offboard', '--name', '孙会计', '--handover-to', OWNER]), 5);
    const pdf = join(dir, '离职报告.pdf');
    const res = asOwner(['offboard', '--name', '李会计', '--handover-to', '孙会计', '--report-out', pdf]);
    expectExit(res, 0);
    const report = JSON.parse(res.stdout) as { staff: { name: string }; revokedClients: { id: string }[]; handoverTo: { name: string }; counts: Record<string, number> };
    expect(report.staff.name).toBe('李会计');
    expect(report.handoverTo.name).toBe('孙会计');
    expect(report.revokedClients.map((c) => c.id)).toEqual([clientId]);
    expect(report.counts['doc.export']).toBe(1);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    expectExit(asLi(['client', 'list']), 3);

    const events = JSON.parse(asOwner(['audit', 'list', '--json', '--client', clientId]).stdout) as { action: string; staffName: string; outcome: string }[];
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['grant', 'revoke', 'doc.export']));
    const offboard = JSON.parse(asOwner(['audit', 'list', '--json', '--action', 'offboard']).stdout) as { action: string; outcome: string }[];
    expect(offboard.map((e) => e.outcome)).toEqual(['denied', 'success']);

    const out = join(dir, '访问报告.pdf');
    const rep = asOwner(['report', 'access', '--client', clientId, '--out', out]);
    expectExit(rep, 0);
    // The Chinese font is embedded (found by the command-line tool too).
    expect(readFileSync(out).toString('latin1')).toMatch(/\/FontFile2 \d+ 0 R/);
    expectExit(asOwner(['report', 'access', '--client', clientId, '--out', out]), 8);
    const sun = zd(['report', 'access', '--vault', vault, '--staff', '孙会计', '--client', clientId, '--out', join(dir, 'x.pdf')], { ZHANGDUN_PASSWORD: 'accountant pw 2' });
    expectExit(sun, 5);
    expect(existsSync(join(dir, 'x.pdf'))).toBe(false);
  });
});
