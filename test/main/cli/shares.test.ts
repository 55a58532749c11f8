/** `zhangdun share create|list`: a package the recipient opens with Debian's age; the passphrase once on stderr. */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Decrypter } from 'age-encryption';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { clientInputSchema, documentFieldsSchema } from '../../../src/shared/contract';
import { FIRM, asFirmOwner, expectExit, firmVault, runMain, useCliTimeouts } from '../../helpers/cli';

useCliTimeouts();
const LI_PW = FIRM.accountantPassword;
let dir: string;
let vault: string;
let clientId: string;
let docId: string;

const asOwner = (args: string[]) => asFirmOwner(vault, args);

beforeAll(async () => {
  const firm = await firmVault('zd-cli-shares-');
  ({ dir, vault } = firm);
  const { manager: m, session: s } = firm;
  clientId = s.clients.create(clientInputSchema.parse({ name: '莆田木兰溪鞋业有限公司' })).id;
  const o = await s.documents.importBytes(clientId, '工资表.txt', Buffer.from('工资 1'), documentFieldsSchema.parse({ category: '工资表' }));
  if (o.status !== 'imported') throw new Error(o.status);
  docId = o.documentId;
  await m.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('creates a passphrase package (passphrase once, on stderr) and one to an age recipient, and lists both', async () => {
  const out = join(dir, 'p.tar.age');
  const created = await asOwner(['share', 'create', '--client', clientId, '--to', '某会计师事务所', '--reason', '年度审计', '--until', '2099-12-31', '--out', out, docId]);
  expectExit(created, 0);
  const passphrase = /口令.*：(\S+)/.exec(created.stderr)?.[1];
  expect(passphrase).toMatch(/^(\w{4}-){5}\w{4}$/);
  expect(created.stdout).not.toContain(passphrase!);
  expect(created.stderr).toContain('无法收回');
  const d = new Decrypter();
  d.addPassphrase(passphrase!);
  const tar = Buffer.from(await d.decrypt(readFileSync(out)));
  expect(execFileSync('tar', ['-t'], { input: tar, encoding: 'utf8' }).trim().split('\n')).toEqual(['files/工资表.txt', '索引.txt', 'index.json']);

  const key = join(dir, 'k.txt');
  execFileSync('age-keygen', ['-o', key], { stdio: 'ignore' });
  const recipient = /public key: (age1\S+)/.exec(readFileSync(key, 'utf8'))![1]!;
  const second = await asOwner(['share', 'create', '--client', clientId, '--to', '税务局', '--reason', '稽查', '--until', '2099-01-01', '--recipient', recipient, '--out', dir, docId]);
  expectExit(second, 0);
  expect(second.stderr).not.toContain('口令');
  const file = join(dir, readdirSync(dir).find((f) => f.startsWith('莆田木兰溪鞋业有限公司 分享给 税务局 ') && f.endsWith('.tar.age'))!);
  const index = JSON.parse(execFileSync('tar', ['-xO', 'index.json'], { input: execFileSync('age', ['-d', '-i', key, file]), encoding: 'utf8' })) as { recipient: string; until: string };
  expect(index).toMatchObject({ recipient: '税务局', until: '2099-01-01' });

  const listed = await asOwner(['share', 'list', '--client', clientId]);
  expectExit(listed, 0);
  expect(listed.stdout).toContain('某会计师事务所');
  expect(listed.stdout).toContain('税务局');
});

it('refuses a missing expiry (usage) and an accountant without a grant (not found)', async () => {
  expectExit(await asOwner(['share', 'create', '--client', clientId, '--to', 'x', '--reason', 'y', '--out', join(dir, 'n'), docId]), 2);
  const clerk = await runMain(['share', 'create', '--vault', vault, '--staff', '李会计', '--client', clientId, '--to', 'x', '--reason', 'y', '--until', '2099-01-01', '--out', join(dir, 'n.tar.age'), docId], { password: LI_PW });
  expectExit(clerk, 6);
});
