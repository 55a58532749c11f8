/** `zhangdun retention list|destroy`, as real processes: a 销毁清册 drawn up, approved by two people, carried out, certified. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { expectExit, runCliSync, useCliTimeouts } from '../../helpers/cli';

useCliTimeouts();
const OWNER = '张所长';
const OWNER_PW = 'owner password 1';
const ADMIN_PW = 'admin password 1';
let dir: string;
let vault: string;
let clientId: string;

const zd = (args: string[], env: Record<string, string> = {}) => runCliSync(args, { password: OWNER_PW, env });
const asOwner = (args: string[], env: Record<string, string> = {}) => zd([...args, '--vault', vault, '--staff', OWNER], env);
const asAdmin = (args: string[]) => zd([...args, '--vault', vault, '--staff', '王主管'], { ZHANGDUN_PASSWORD: ADMIN_PW });

function importDoc(name: string, category: string, period: string): void {
  const file = join(dir, name);
  writeFileSync(file, `${name} 的内容`);
  expectExit(asOwner(['doc', 'import', '--client', clientId, '--category', category, '--period', period, file]), 0);
}

interface Listed {
  candidates: { name: string; keepUntil: string }[];
  lists: { id: string; label: string; state: string; approvals: { name: string }[] }[];
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'zd-cli-retention-'));
  vault = join(dir, 'vault');
  expectExit(zd(['init', '--vault', vault, '--staff', OWNER, '--recovery-key-out', join(dir, 'rk.txt')]), 0);
  const added = asOwner(['client', 'add', '--name', '福州闽江财税咨询有限公司']);
  expectExit(added, 0);
  clientId = added.stdout.trim();
  importDoc('1990年3月 记账凭证.txt', '凭证', '1990-03');
  importDoc('当年 银行对账单.txt', '银行对账单', `${new Date().getFullYear()}-01`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('lists what has passed retention; the owner alone draws up, approves and carries out a list where there is no admin', () => {
  const listed = asOwner(['retention', 'list', '--json']);
  expectExit(listed, 0);
  const before = JSON.parse(listed.stdout) as Listed;
  expect(before.candidates.map((c) => [c.name, c.keepUntil])).toEqual([['1990年3月 记账凭证.txt', '2020-12-31']]);

  const drawn = asOwner(['retention', 'destroy']);
  expectExit(drawn, 0);
  expect(drawn.stdout).toMatch(/已编制销毁清册 XH-[0-9A-F]{8}/);
  expect(drawn.stdout).toContain('已审批完毕');
  const { lists } = JSON.parse(asOwner(['retention', 'list', '--json']).stdout) as Listed;
  expect(lists.map((l) => [l.state, l.approvals.map((a) => a.name)])).toEqual([['approved', [OWNER]]]);

  const out = join(dir, '销毁证明.pdf');
  const done = asOwner(['retention', 'destroy', '--id', lists[0]!.label, '--out', out]);
  expectExit(done, 0);
  expect(done.stdout).toContain('销毁 1 份，保留 0 份');
  const text = execFileSync('pdftotext', [out, '-'], { encoding: 'utf8' });
  expect(text).toContain('1990年3月 记账凭证.txt');
  expect(text).toContain('福州闽江财税咨询有限公司');
  const docs = JSON.parse(asOwner(['doc', 'list', '--client', clientId, '--json']).stdout) as { name: string }[];
  expect(docs.map((d) => d.name)).toEqual(['当年 银行对账单.txt']);
  // Nothing is left to destroy.
  expectExit(asOwner(['retention', 'destroy']), 2);
});

it('with an admin in the firm, the owner’s approval waits for the admin’s, who carries it out', () => {
  expectExit(asOwner(['staff', 'add', '--name', '王主管', '--role', 'admin'], { ZHANGDUN_NEW_PASSWORD: ADMIN_PW }), 0);
  importDoc('2001年 合同.txt', '合同', '2001-05');
  const drawn = asOwner(['retention', 'destroy']);
  expectExit(drawn, 0);
  expect(drawn.stdout).toContain('还需审批：管理员');
  const id = /ID ([0-9a-f]{32})/.exec(drawn.stdout)![1]!;
  // The owner again: not a second approval; still waiting.
  const again = asOwner(['retention', 'destroy', '--id', id, '--out', join(dir, 'early.pdf')]);
  expectExit(again, 0);
  expect(again.stdout).toContain('还需审批：管理员');

  const out = join(dir, '第二份证明.pdf');
  const done = asAdmin(['retention', 'destroy', '--id', id, '--out', out]);
  expectExit(done, 0);
  expect(done.stdout).toContain('您已审批销毁清册');
  expect(done.stdout).toContain('销毁 1 份');
  const text = execFileSync('pdftotext', [out, '-'], { encoding: 'utf8' });
  expect(text).toContain('2001年 合同.txt');
  expect(text).toContain('王主管');
  expect(text).toContain(OWNER);
  const events = JSON.parse(asOwner(['audit', 'list', '--json']).stdout) as { action: string }[];
  expect(events.filter((e) => e.action === 'doc.destroy')).toHaveLength(2);
  expect(events.filter((e) => e.action === 'destruction.approve')).toHaveLength(3);
});
