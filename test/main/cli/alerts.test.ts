/** `zhangdun alerts list|ack` and `zhangdun staff suspend|unsuspend`, as real processes. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { expectExit, runCliSync, useCliTimeouts, type CliResult } from '../../helpers/cli';

useCliTimeouts();
const OWNER = '张所长';
const OWNER_PW = 'owner password 1';
const LI_PW = 'accountant pw 1';
let dir: string;
let vault: string;

const zd = (args: string[], env: Record<string, string> = {}) => runCliSync(args, { password: OWNER_PW, env });
const asOwner = (args: string[], env: Record<string, string> = {}) => zd([...args, '--vault', vault, '--staff', OWNER], env);
// The throttle makes later attempts wait (exit 7, not counted): each is tried again after the wait, so all five count
// however fast or slow the machine runs them. The owner's unlock may be asked to wait too.
const waitedOut = (run: () => CliResult): CliResult => {
  let res = run();
  for (let tries = 0; res.code === 7 && tries < 120; tries++) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
    res = run();
  }
  return res;
};
const asLi = (args: string[]) => waitedOut(() => zd([...args, '--vault', vault, '--staff', '李会计'], { ZHANGDUN_PASSWORD: LI_PW }));

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'zd-cli-alerts-'));
  vault = join(dir, 'vault');
  expectExit(zd(['init', '--vault', vault, '--staff', OWNER, '--recovery-key-out', join(dir, 'rk.txt')]), 0);
  expectExit(asOwner(['staff', 'add', '--name', '李会计', '--role', 'accountant'], { ZHANGDUN_NEW_PASSWORD: LI_PW }), 0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('lists the alert raised by failed unlocks, acknowledges it with a note; suspends and restores an accountant', () => {
  // Five wrong passwords for 李会计 (the default threshold), written to the log (and the alert raised) at the owner's unlock.
  for (let i = 0; i < 5; i++) expectExit(waitedOut(() => zd(['client', 'list', '--vault', vault, '--staff', '李会计'], { ZHANGDUN_PASSWORD: `wrong password ${i}` })), 3);
  const listed = waitedOut(() => asOwner(['alerts', 'list', '--json']));
  expectExit(listed, 0);
  const page = JSON.parse(listed.stdout) as { open: number; items: { seq: number; rule: string; subjectName: string }[] };
  expect(page.items.map((a) => [a.rule, a.subjectName])).toEqual([['unlock-failures', '李会计']]);
  expect(page.open).toBe(1);

  expectExit(asOwner(['alerts', 'ack', '--id', String(page.items[0]!.seq)]), 2);
  const acked = asOwner(['alerts', 'ack', '--id', String(page.items[0]!.seq), '--note', '本人输错密码，已核实']);
  expectExit(acked, 0);
  expect(acked.stdout).toContain(`警报 #${page.items[0]!.seq} 已处理`);
  expect(asOwner(['alerts', 'list']).stdout).toContain('已处理');
  expectExit(asLi(['alerts', 'list']), 5);

  expectExit(asOwner(['staff', 'suspend', '--name', '李会计']), 0);
  const refused = asLi(['client', 'list']);
  expectExit(refused, 5);
  expect(refused.stderr).toContain('您的访问已被暂停，请联系管理员');
  expectExit(asOwner(['staff', 'unsuspend', '--name', '李会计']), 0);
  expectExit(asLi(['client', 'list']), 0);
  const events = JSON.parse(asOwner(['audit', 'list', '--json']).stdout) as { action: string; outcome: string }[];
  const ours = events.filter((e) => e.action.startsWith('alert.') || (e.action.startsWith('staff.') && e.action.includes('suspend')));
  // The accountant's refused look at the alerts is recorded too.
  expect(ours.map((e) => [e.action, e.outcome])).toEqual([
    ['alert.raise', 'success'],
    ['alert.ack', 'success'],
    ['alert.ack', 'denied'],
    ['staff.suspend', 'success'],
    ['staff.unsuspend', 'success'],
  ]);
});
