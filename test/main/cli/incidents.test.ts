/** `zhangdun incident list|open|export|close` on a vault whose alert the real rules raised. */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_ALERT_SETTINGS } from '../../../src/shared/alerts';
import { clientInputSchema, documentFieldsSchema } from '../../../src/shared/contract';
import { FIRM, asFirmOwner, expectExit, firmVault, runMain, useCliTimeouts } from '../../helpers/cli';

useCliTimeouts();
const LI_PW = FIRM.accountantPassword;
const CLIENT = '莆田木兰溪鞋业有限公司';
let dir: string;
let vault: string;
let alert: number;
let clientId: string;

const asOwner = (args: string[]) => asFirmOwner(vault, args);

beforeAll(async () => {
  const firm = await firmVault('zd-cli-incidents-');
  ({ dir, vault } = firm);
  const { manager: m, session: s } = firm;
  // Off-hours off: the events must not depend on the hour the suite runs at.
  s.alerts.setSettings({ ...DEFAULT_ALERT_SETTINGS, offHours: { ...DEFAULT_ALERT_SETTINGS.offHours, enabled: false }, docBurst: { enabled: true, count: 3, minutes: 10 } });
  clientId = s.clients.create(clientInputSchema.parse({ name: CLIENT })).id;
  for (let i = 0; i < 3; i++) {
    const o = await s.documents.importBytes(clientId, `工资表-${i}.txt`, Buffer.from(`工资 ${i}`), documentFieldsSchema.parse({ category: '工资表' }));
    if (o.status !== 'imported') throw new Error(o.status);
    await s.documents.preview(o.documentId);
  }
  alert = s.alerts.list().items.find((a) => a.rule === 'doc-burst')!.seq;
  await m.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('opens an incident from an alert, lists it, exports the client notice and the regulator report, closes it; then it is read-only', async () => {
  const opened = await asOwner(['incident', 'open', '--alert', String(alert)]);
  expectExit(opened, 0);
  const id = opened.stdout.trim();
  expect(id).toMatch(/^[0-9a-f]{32}$/);
  const listed = await asOwner(['incident', 'list']);
  expectExit(listed, 0);
  expect(listed.stdout).toContain(id);
  expect(listed.stdout).toContain('处理中');

  const notice = join(dir, 'notice.pdf');
  expectExit(await asOwner(['incident', 'export', '--id', id.slice(0, 8), '--client', clientId, '--out', notice]), 0);
  const text = execFileSync('pdftotext', [notice, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  expect(text).toContain(`致：${CLIENT}`);
  expect(text).toContain('工资表3份');
  const report = join(dir, 'report.pdf');
  expectExit(await asOwner(['incident', 'export', '--id', id, '--out', report]), 0);
  expect(execFileSync('pdftotext', [report, '-'], { encoding: 'utf8' })).toContain('个人信息安全事件报告');

  expectExit(await asOwner(['incident', 'export', '--id', 'abc', '--out', join(dir, 'x.pdf')]), 2);
  expectExit(await runMain(['incident', 'list', '--vault', vault, '--staff', '李会计'], { password: LI_PW }), 5);

  const closed = await asOwner(['incident', 'close', '--id', id, '--cause', '本人核对工资表', '--lessons', '无需处理']);
  expectExit(closed, 0);
  expect((await asOwner(['incident', 'list', '--json'])).stdout).toContain('"status": "closed"');
  const again = await asOwner(['incident', 'close', '--id', id, '--cause', 'x', '--lessons', 'y']);
  expectExit(again, 5);
  expect(again.stderr).toContain('该事件已结案');
  const audit = JSON.parse((await asOwner(['audit', 'list', '--json'])).stdout) as { action: string; outcome: string }[];
  expect(audit.filter((e) => e.action.startsWith('incident.')).map((e) => [e.action, e.outcome])).toEqual([
    ['incident.open', 'success'],
    ['incident.export', 'success'],
    ['incident.export', 'success'],
    ['incident.open', 'denied'],
    ['incident.close', 'success'],
  ]);
});
