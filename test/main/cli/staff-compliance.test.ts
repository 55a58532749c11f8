/** `zhangdun staff nda|training|ack|nda-policy|compliance`, as real processes: the NDA gate refuses, a new agreement lets in with a reminder. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addDays, localDay } from '../../../src/shared/staff-compliance';
import { expectExit, runCliSync, useCliTimeouts } from '../../helpers/cli';

useCliTimeouts();
const OWNER = '张所长';
const OWNER_PW = 'owner password 1';
const LI_PW = 'accountant pw 1';
let dir: string;
let vault: string;

const zd = (args: string[], env: Record<string, string> = {}) => runCliSync(args, { password: OWNER_PW, env });
const asOwner = (args: string[], env: Record<string, string> = {}) => zd([...args, '--vault', vault, '--staff', OWNER], env);
const asLi = (args: string[]) => zd([...args, '--vault', vault, '--staff', '李会计'], { ZHANGDUN_PASSWORD: LI_PW });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'zd-cli-nda-'));
  vault = join(dir, 'vault');
  expectExit(zd(['init', '--vault', vault, '--staff', OWNER, '--recovery-key-out', join(dir, 'rk.txt')]), 0);
  expectExit(asOwner(['staff', 'add', '--name', '李会计', '--role', 'accountant'], { ZHANGDUN_NEW_PASSWORD: LI_PW }), 0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('records agreements, training and acknowledgement; the rule refuses an expired agreement and a new one lets in with a reminder', () => {
  const scan = join(dir, '保密协议-李会计.pdf');
  writeFileSync(scan, '%PDF-1.4 签字页');
  expectExit(asOwner(['staff', 'nda', '--name', '李会计', '--signed', '2020-13-01', '--expires', '2020-12-31']), 2);
  const old = asOwner(['staff', 'nda', '--name', '李会计', '--signed', '2020-01-01', '--expires', '2020-12-31', '--scan', scan]);
  expectExit(old, 0);
  expect(old.stdout).toContain('已登记 李会计 的保密协议，有效期至 2020-12-31');
  expectExit(asOwner(['staff', 'nda-policy', '--grace', '30', '--off']), 2);
  expectExit(asOwner(['staff', 'nda-policy', '--grace', '30']), 0);

  const refused = asLi(['client', 'list']);
  expectExit(refused, 5);
  expect(refused.stderr).toContain('您的保密协议已过期或尚未登记（宽限期已于 2021-01-30 结束），无法解锁');

  const today = localDay(new Date());
  const soon = addDays(today, 10);
  expectExit(asOwner(['staff', 'nda', '--name', '李会计', '--signed', today, '--expires', soon, '--policy-version', '2026版']), 0);
  expectExit(asOwner(['staff', 'training', '--name', '李会计', '--date', today, '--topic', '客户信息保密', '--note', '含案例']), 0);
  expectExit(asOwner(['staff', 'ack', '--name', '李会计', '--date', today, '--policy-version', '2026版']), 0);
  const letIn = asLi(['client', 'list']);
  expectExit(letIn, 0);
  expect(letIn.stderr).toContain(`提醒：您的保密协议将于 ${soon} 到期（还有 10 天）`);
  expectExit(asLi(['staff', 'training', '--name', '李会计', '--date', today, '--topic', '自学']), 5);

  const listed = asOwner(['staff', 'compliance', '--json']);
  expectExit(listed, 0);
  expect(listed.stderr).toContain('提醒：1 名员工的保密协议即将到期');
  const view = JSON.parse(listed.stdout) as { policy: { graceDays: number }; staff: { name: string; standing: { state: string; expires: string }; trainings: number; policyVersion: string | null }[] };
  expect(view.policy.graceDays).toBe(30);
  expect(view.staff.map((s) => [s.name, s.standing.state, s.standing.expires, s.trainings, s.policyVersion])).toEqual([
    [OWNER, 'exempt', null, 0, null],
    ['李会计', 'valid', soon, 1, '2026版'],
  ]);
  expectExit(asOwner(['staff', 'nda-policy', '--off']), 0);
  const events = JSON.parse(asOwner(['audit', 'list', '--json']).stdout) as { action: string; outcome: string; detail: Record<string, unknown> }[];
  const ours = events.filter((e) => e.action.startsWith('staff.nda') || e.action === 'staff.training' || e.action === 'staff.policy.ack' || e.detail.setting === 'nda-policy');
  expect(ours.map((e) => [e.action, e.outcome])).toEqual([
    ['staff.nda', 'success'],
    ['settings.change', 'success'],
    ['staff.nda', 'success'],
    ['staff.training', 'success'],
    ['staff.policy.ack', 'success'],
    ['staff.training', 'denied'],
    ['settings.change', 'success'],
  ]);
});
