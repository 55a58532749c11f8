/**
 * `zhangdun client end` and `zhangdun retention hold|release`, in process: the hand-back package opens
 * with the passphrase printed once on stdout (or with Debian's age to --recipient), its index.csv lists
 * each document's SHA-256; the client is ended and refuses imports (exit 5); holds are set and lifted.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Decrypter } from 'age-encryption';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { clientInputSchema, documentFieldsSchema } from '../../../src/shared/contract';
import { FIRM, asFirmOwner, expectExit, firmVault, runMain, useCliTimeouts } from '../../helpers/cli';

useCliTimeouts();
const LI_PW = FIRM.accountantPassword;
const BYTES = Buffer.from('工资 1\n', 'utf8');
let dir: string;
let vault: string;
let clientId: string;
let secondClient: string;
let docId: string;

const asOwner = (args: string[]) => asFirmOwner(vault, args);

beforeAll(async () => {
  const firm = await firmVault('zd-cli-handback-');
  ({ dir, vault } = firm);
  const { manager: m, session: s } = firm;
  clientId = s.clients.create(clientInputSchema.parse({ name: '莆田木兰溪鞋业有限公司' })).id;
  secondClient = s.clients.create(clientInputSchema.parse({ name: '漳州九龙江食品有限公司' })).id;
  const o = await s.documents.importBytes(clientId, '工资表.txt', BYTES, documentFieldsSchema.parse({ category: '工资表', periodYear: 2025, periodMonth: 6 }));
  if (o.status !== 'imported') throw new Error(o.status);
  docId = o.documentId;
  const p = await s.documents.importBytes(secondClient, '合同.txt', Buffer.from('合同'), documentFieldsSchema.parse({ category: '合同' }));
  if (p.status !== 'imported') throw new Error(p.status);
  await m.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('sets and lifts a legal hold on a client and on one document', async () => {
  const held = await asOwner(['retention', 'hold', '--client', clientId, '--reason', '诉讼保全', '--json']);
  expectExit(held, 0);
  expect(held.stdout).toContain('已设置法律保留');
  expect(held.stdout).toContain('诉讼保全');
  expectExit(await asOwner(['retention', 'hold', '--client', clientId, '--doc', docId, '--reason', '税务稽查']), 0);
  expectExit(await asOwner(['retention', 'release', '--client', clientId, '--doc', docId, '--reason', '稽查结束']), 0);
  // A document named under another client is not found; an accountant may not hold anything.
  expectExit(await asOwner(['retention', 'hold', '--client', secondClient, '--doc', docId, '--reason', 'x']), 6);
  expectExit(await runMain(['retention', 'hold', '--vault', vault, '--staff', '李会计', '--client', clientId, '--reason', 'x'], { password: LI_PW }), 5);
  const audit = await asOwner(['audit', 'list', '--client', clientId, '--json']);
  const actions = (JSON.parse(audit.stdout) as { action: string }[]).map((e) => e.action);
  expect(actions.filter((a) => a === 'retention.hold')).toHaveLength(2);
  expect(actions.filter((a) => a === 'retention.release')).toHaveLength(1);
});

it('refuses an accountant without the grant (not found, 6) and a bad recipient (usage)', async () => {
  const clerk = await runMain(['client', 'end', '--vault', vault, '--staff', '李会计', '--client', clientId, '--reason', 'x', '--out', join(dir, 'n.tar.age')], { password: LI_PW });
  expectExit(clerk, 6);
  expectExit(await asOwner(['client', 'end', '--client', clientId, '--reason', 'x', '--recipient', 'age1nope', '--out', join(dir, 'n.tar.age')]), 2);
});

it('writes the package (passphrase once on stdout), ends the client, and then refuses imports into it', async () => {
  const out = join(dir, 'p.tar.age');
  const ended = await asOwner(['client', 'end', '--client', clientId, '--reason', '合同到期', '--with-access-report', '--out', out]);
  expectExit(ended, 0);
  const passphrase = /口令.*：(\S+)/.exec(ended.stdout)?.[1];
  expect(passphrase).toMatch(/^(\w{4}-){5}\w{4}$/);
  expect(ended.stderr).not.toContain(passphrase!);
  expect(ended.stderr).toContain('已解除委托');
  const d = new Decrypter();
  d.addPassphrase(passphrase!);
  const tar = Buffer.from(await d.decrypt(readFileSync(out)));
  expect(execFileSync('tar', ['-t'], { input: tar, encoding: 'utf8' }).trim().split('\n')).toEqual(['files/工资表.txt', '客户资料.json', '客户信息访问报告.pdf', 'index.csv', 'index.pdf']);
  const csv = execFileSync('tar', ['-xO', 'index.csv'], { input: tar, encoding: 'utf8' });
  expect(csv).toContain(`"files/工资表.txt","工资表.txt","工资表","2025年6月","${BYTES.length}","${createHash('sha256').update(BYTES).digest('hex')}"`);

  const listed = await asOwner(['client', 'list', '--status', 'ended', '--json']);
  expect((JSON.parse(listed.stdout) as { id: string; status: string }[]).map((c) => [c.id, c.status])).toEqual([[clientId, 'ended']]);
  expect(JSON.parse((await asOwner(['client', 'list', '--json'])).stdout)).toHaveLength(1);
  const file = join(dir, '新.txt');
  writeFileSync(file, '新');
  const refused = await asOwner(['doc', 'import', '--client', clientId, file]);
  expectExit(refused, 5);
  expect(refused.stderr).toContain('已解除委托');
  // Ending twice is refused; the package of an ended client can still be made again (to an age key here).
  const key = join(dir, 'k.txt');
  execFileSync('age-keygen', ['-o', key], { stdio: 'ignore' });
  const recipient = /public key: (age1\S+)/.exec(readFileSync(key, 'utf8'))![1]!;
  const again = await asOwner(['client', 'end', '--client', clientId, '--reason', '再次', '--recipient', recipient, '--out', join(dir, 'r.tar.age'), '--json']);
  expectExit(again, 5);
  expect(execFileSync('tar', ['-t'], { input: execFileSync('age', ['-d', '-i', key, join(dir, 'r.tar.age')]), encoding: 'utf8' })).toContain('index.pdf');
});
