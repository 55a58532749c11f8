/**
 * 解除委托: the hand-back package opens with standard tools (Debian's age, tar, poppler, any CSV
 * reader) and its index lists every document with its SHA-256; only owners and admins may end a
 * client; after the end, imports and edits are refused (CLIENT_ENDED), every grant is gone, the
 * hold stays, and every step is in the audit log.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_PASSPHRASE, decryptWithPassphrase, untar } from '../../../helpers/age-package';
import { ClientEndService } from '../../../../src/main/core/handback/client-end-service';
import { checkVault } from '../../../../src/main/core/services/check-service';
import type { VaultSession } from '../../../../src/main/core/vault/session';
import { VaultManager } from '../../../../src/main/core/vault/vault-manager';
import { clientInputSchema, clientListSchema, documentFieldsSchema } from '../../../../src/shared/contract';
import { credentialInputSchema } from '../../../../src/shared/credential-schemas';
import type { ClientHandbackRequest } from '../../../../src/shared/handback';
import { settledCode as code } from '../../../helpers/thrown-code';

const pw = (s: string) => Buffer.from(s, 'utf8');
const OWNER = { name: '张所长', password: 'owner password 1' };
const CLERK = { name: '李会计', password: 'clerk password 1' };
const NOW = new Date('2026-03-10T09:00:00+08:00');

let root: string;
let m: VaultManager;
let s: VaultSession;
let clientId: string;
let clerkId: string;
const contents: Record<string, Buffer> = {};

async function as(who: { name: string; password: string }): Promise<VaultSession> {
  await m.lock();
  await m.unlock(who.name, pw(who.password));
  return m.session();
}

async function add(session: VaultSession, name: string, bytes: Buffer, fields: Record<string, unknown>): Promise<string> {
  const outcome = await session.documents.importBytes(clientId, name, bytes, documentFieldsSchema.parse(fields));
  if (outcome.status !== 'imported') throw new Error(`not imported: ${name}`);
  contents[name] = bytes;
  return outcome.documentId;
}

const service = (session: VaultSession) => new ClientEndService(session.vault, session.documents, session.access, session.reports, () => NOW, 10);

function request(over: Partial<ClientHandbackRequest> = {}): ClientHandbackRequest {
  return { clientId, withCredentials: false, withAccessReport: false, reason: '客户转至其他代账公司', encryption: { kind: 'passphrase' }, ...over };
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** index.csv as rows of cells (quoted cells, CRLF, BOM): read the way a spreadsheet would. */
function csvRows(text: string): string[][] {
  expect(text.charCodeAt(0)).toBe(0xfeff);
  return text
    .slice(1)
    .trim()
    .split('\r\n')
    .map((line) => [...line.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => m[1]!.replace(/""/g, '"')));
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'zd-handback-'));
  m = new VaultManager({ vaultDir: join(root, 'vault') });
  await m.create(OWNER.name, pw(OWNER.password));
  s = m.session();
  await s.staff.add(CLERK.name, 'accountant', pw(CLERK.password));
  clerkId = s.staff.list().find((x) => x.name === CLERK.name)!.id;
  clientId = s.clients.create(clientInputSchema.parse({ name: '厦门鹭岛贸易有限公司', creditCode: '91350100M000100Y43', phone: '13905921234', bankAccount: '6222020200112233' })).id;
  await add(s, '2024年3月 凭证.pdf', Buffer.from('%PDF-1.4 凭证 2024-03', 'utf8'), { category: '凭证', periodYear: 2024, periodMonth: 3 });
  await add(s, '银行对账单.csv', Buffer.from('日期,金额\n2024-03-01,100.00\n', 'utf8'), { category: '银行对账单', periodYear: 2024, periodMonth: 3 });
  // Two documents of the same name: both go back, under distinct paths.
  await add(s, '说明.txt', Buffer.from('第一份说明\n', 'utf8'), { category: '其他' });
  await add(s, '说明.txt', Buffer.from('第二份说明，内容不同\n', 'utf8'), { category: '其他', periodYear: 2025 });
  s.credentials.create(clientId, credentialInputSchema.parse({ kind: 'etax', title: '电子税务局', login: '91350100M000100Y43', secrets: { password: 'Etax#Xm2024!q' } }));
  await s.access.grant(clientId, clerkId);
}, 60_000);
afterAll(async () => {
  await m.close();
  rmSync(root, { recursive: true, force: true });
});

describe('the hand-back package', () => {
  let dir: string;
  let result: Awaited<ReturnType<ClientEndService['handback']>>;
  beforeAll(async () => {
    const target = join(root, 'p.tar.age');
    let offered = '';
    result = await service(s).handback(request({ withAccessReport: true }), async (name) => {
      offered = name;
      return target;
    });
    expect(offered).toBe('厦门鹭岛贸易有限公司 移交资料包 2026-03-10.tar.age');
    if (result.cancelled) throw new Error('cancelled');
    dir = untar(root, await decryptWithPassphrase(target, result.passphrase!));
  }, 60_000);

  it('holds every live document as its original bytes, the profile and the access report, with a strong passphrase returned once', () => {
    if (result.cancelled) throw new Error('cancelled');
    expect(result.passphrase).toMatch(PACKAGE_PASSPHRASE);
    expect(readdirSync(join(dir, 'files')).sort()).toEqual(['2024年3月 凭证.pdf', '说明 (2).txt', '说明.txt', '银行对账单.csv'].sort());
    expect(readFileSync(join(dir, 'files', '2024年3月 凭证.pdf'))).toEqual(contents['2024年3月 凭证.pdf']);
    const profile = JSON.parse(readFileSync(join(dir, '客户资料.json'), 'utf8')) as Record<string, unknown>;
    expect(profile).toMatchObject({ name: '厦门鹭岛贸易有限公司', creditCode: '91350100M000100Y43', phone: '13905921234', bankAccount: '6222020200112233', assignedStaff: OWNER.name });
    expect(existsSync(join(dir, '账号密码.json'))).toBe(false);
    expect(execFileSync('pdftotext', [join(dir, '客户信息访问报告.pdf'), '-'], { encoding: 'utf8' })).toContain('客户信息访问报告');
    // The passphrase is stored nowhere: not in the audit log's details.
    expect(JSON.stringify(s.audit.listAll({ clientId }))).not.toContain(result.passphrase!);
  });

  it('index.csv (UTF-8 with BOM) lists every file with the SHA-256 of what is in the package', () => {
    const rows = csvRows(readFileSync(join(dir, 'index.csv'), 'utf8'));
    expect(rows[0]).toEqual(['文件路径 Path', '原文件名 Original name', '类别 Category', '所属期 Period', '大小（字节） Size (bytes)', 'SHA-256']);
    const body = rows.slice(1);
    const inTar = [...readdirSync(join(dir, 'files')).map((f) => `files/${f}`), '客户资料.json', '客户信息访问报告.pdf'];
    expect(body.map((r) => r[0]).sort()).toEqual(inTar.sort());
    for (const [path, , , , size, hash] of body) {
      const bytes = readFileSync(join(dir, path!));
      expect(hash).toBe(sha(bytes));
      expect(Number(size)).toBe(bytes.length);
    }
    const voucher = body.find((r) => r[0] === 'files/2024年3月 凭证.pdf')!;
    expect(voucher.slice(1, 4)).toEqual(['2024年3月 凭证.pdf', '凭证', '2024年3月']);
    expect(voucher[5]).toBe(sha(contents['2024年3月 凭证.pdf']!));
    expect(body.find((r) => r[0] === 'files/说明 (2).txt')!.slice(1, 4)).toEqual(['说明.txt', '其他', '2025年']);
  });

  it('index.pdf reads in Chinese with pdftotext: the client, the reason and each file with its hash', () => {
    const text = execFileSync('pdftotext', ['-layout', join(dir, 'index.pdf'), '-'], { encoding: 'utf8' });
    for (const word of ['移交资料包索引', '厦门鹭岛贸易有限公司', '客户转至其他代账公司', '张所长', 'files/2024年3月 凭证.pdf', '银行对账单', '2024年3月']) expect(text).toContain(word);
    expect(text.replace(/\s+/g, '')).toContain(sha(contents['银行对账单.csv']!));
  });
});

it('opens with Debian’s age to an age recipient; credentials only when asked, with their secrets', async () => {
  const key = join(root, 'client.key');
  execFileSync('age-keygen', ['-o', key], { stdio: 'ignore' });
  const recipient = /public key: (age1\S+)/.exec(readFileSync(key, 'utf8'))![1]!;
  const target = join(root, 'r.tar.age');
  const result = await service(s).handback(request({ withCredentials: true, encryption: { kind: 'recipient', recipient } }), async () => target);
  if (result.cancelled) throw new Error('cancelled');
  expect(result.passphrase).toBeNull();
  const tar = execFileSync('age', ['-d', '-i', key, target]);
  const listing = execFileSync('tar', ['-t'], { input: tar, encoding: 'utf8' }).trim().split('\n');
  expect(listing.slice(-4)).toEqual(['客户资料.json', '账号密码.json', 'index.csv', 'index.pdf']);
  const creds = JSON.parse(execFileSync('tar', ['-xO', '账号密码.json'], { input: tar, encoding: 'utf8' })) as { credentials: { title: string; secrets: Record<string, string> }[] };
  expect(creds.credentials).toHaveLength(1);
  expect(JSON.stringify(creds.credentials[0])).toContain('Etax#Xm2024!q');
  const events = s.audit.listAll({ action: 'client.handback' as never, clientId });
  expect(events.map((e) => [e.outcome, e.detail.credentials, e.detail.encryption])).toContainEqual(['success', true, 'recipient']);
}, 60_000);

it('an accountant, even with the grant, can neither make the package nor end the client (recorded as denied)', async () => {
  const c = await as(CLERK);
  let asked = false;
  expect(
    await code(() =>
      service(c).handback(request(), async () => {
        asked = true;
        return join(root, 'no.tar.age');
      }),
    ),
  ).toBe('PERMISSION_DENIED');
  expect(asked).toBe(false);
  expect(await code(() => service(c).end({ clientId, reason: '想解除', handbackId: null }))).toBe('PERMISSION_DENIED');
  s = await as(OWNER);
  const denied = s.audit.listAll({ clientId }).filter((e) => e.outcome === 'denied' && e.staffName === CLERK.name).map((e) => e.action);
  expect(denied).toEqual(expect.arrayContaining(['client.handback', 'client.end']));
});

describe('after the end', () => {
  let otherDoc: string;
  beforeAll(async () => {
    s.retention.holdClient(clientId, '诉讼保全');
    otherDoc = s.vault.view.documents.byClient(clientId)[0]!.id;
    const before = s.vault.view.clients.byId(clientId)!.keyVersion;
    const ending = await service(s).end({ clientId, reason: '合同到期，客户自行记账', handbackId: null });
    expect(ending).toMatchObject({ on: '2026-03-10', byName: OWNER.name, reason: '合同到期，客户自行记账' });
    expect(s.vault.view.clients.byId(clientId)!.keyVersion).toBe(before + 1);
  }, 60_000);

  it('shows as ended with its date in the list (filterable), keeps the hold', () => {
    const page = s.clients.list(clientListSchema.parse({ status: 'ended' }));
    expect(page.items.map((c) => [c.id, c.status, c.endedOn])).toEqual([[clientId, 'ended', '2026-03-10']]);
    expect(s.clients.list(clientListSchema.parse({})).items.some((c) => c.id === clientId)).toBe(false);
    expect(s.retention.clientHold(clientId)?.reason).toBe('诉讼保全');
  });

  it('refuses imports, edits, archiving, trashing and credential changes with CLIENT_ENDED, recorded as denied', async () => {
    expect(await code(() => s.documents.importBytes(clientId, '新.txt', Buffer.from('x'), documentFieldsSchema.parse({ category: '其他' })))).toBe('CLIENT_ENDED');
    expect(await code(() => s.clients.update(clientId, clientInputSchema.parse({ name: '改名' })))).toBe('CLIENT_ENDED');
    expect(await code(() => s.clients.setArchived(clientId, true))).toBe('CLIENT_ENDED');
    expect(await code(() => s.documents.trash(otherDoc))).toBe('CLIENT_ENDED');
    expect(await code(() => s.credentials.create(clientId, credentialInputSchema.parse({ kind: 'etax', title: '新账号' })))).toBe('CLIENT_ENDED');
    expect(await code(() => service(s).end({ clientId, reason: '再来一次', handbackId: null }))).toBe('CLIENT_ENDED');
    const last = s.vault.repos.audit.last()!;
    expect(last.action).not.toBe('client.end');
    const refusals = s.audit.listAll({ clientId }).filter((e) => e.outcome === 'denied' && e.detail.reason === 'client-ended');
    expect(refusals.map((e) => e.action)).toEqual(expect.arrayContaining(['doc.import', 'client.update', 'client.archive', 'doc.trash', 'cred.update']));
    // Reading stays: the owner still previews its documents and sets or lifts its hold.
    expect(await code(() => s.documents.preview(otherDoc))).toBe('allowed');
    s.retention.holdClient(clientId, null);
    s.retention.holdClient(clientId, '诉讼保全');
  });

  it('took every grant back (audited): the accountant no longer sees the client', async () => {
    expect(s.vault.repos.clientKeys.grantsOfClient(clientId)).toEqual([]);
    const revokes = s.audit.listAll({ action: 'revoke' as never, clientId });
    expect(revokes.some((e) => e.detail.staffId === clerkId && e.detail.ended === true)).toBe(true);
    const end = s.audit.listAll({ action: 'client.end' as never, clientId }).filter((e) => e.outcome === 'success');
    expect(end.map((e) => [e.outcome, e.detail.revoked, e.detail.on])).toEqual([['success', 1, '2026-03-10']]);
    const c = await as(CLERK);
    expect(c.vault.view.clients.byId(clientId)).toBeNull();
    expect(await code(() => c.clients.get(clientId))).toBe('NOT_FOUND');
    s = await as(OWNER);
  });

  it('survives a lock: the view rebuilt from the sealed record says ended', async () => {
    s = await as(OWNER);
    expect(s.clients.get(clientId)).toMatchObject({ status: 'ended', endedOn: '2026-03-10' });
  });
});

describe('the end of an ended client', () => {
  it('when the 销毁清册 destroys its last document, its record, credentials, register and key go too (crypto-erasure)', async () => {
    s = await as(OWNER);
    const gone = s.clients.create(clientInputSchema.parse({ name: '龙岩永定土楼旅游有限公司' })).id;
    const kept = s.clients.create(clientInputSchema.parse({ name: '三明沙县小吃连锁有限公司' })).id;
    const old = async (client: string, name: string) => {
      const o = await s.documents.importBytes(client, name, Buffer.from(`${name} ${client}`, 'utf8'), documentFieldsSchema.parse({ category: '凭证', periodYear: 1990, periodMonth: 3 }));
      if (o.status !== 'imported') throw new Error(o.status);
      return o.documentId;
    };
    const a = await old(gone, '1990年3月 凭证.pdf');
    const b = await old(kept, '1990年3月 凭证.pdf');
    s.credentials.create(gone, credentialInputSchema.parse({ kind: 'etax', title: '电子税务局', secrets: { password: 'Tulou#1990' } }));
    await s.access.grant(gone, clerkId);
    await service(s).handback(request({ clientId: gone }), async () => join(root, 'gone.tar.age'));
    await service(s).end({ clientId: gone, reason: '客户注销', handbackId: null });

    const list = s.destruction.create([a, b]);
    s.destruction.approve(list.id);
    const done = await s.destruction.carryOut(list.id);
    expect(done.items.map((i) => i.outcome)).toEqual(['destroyed', 'destroyed']);

    // The ended client is gone from vault.db and from the view; the one still served keeps its record.
    expect(s.vault.repos.clientRecords.byId(gone)).toBeNull();
    expect(s.vault.repos.clientKeys.currentVersion(gone)).toBeNull();
    expect(s.vault.repos.credentialRecords.byClient(gone)).toEqual([]);
    expect(s.vault.clientKeys.key(gone, 1)).toBeNull();
    expect(s.vault.view.clients.byId(gone)).toBeNull();
    expect(await code(() => s.clients.get(gone))).toBe('NOT_FOUND');
    expect(s.vault.repos.clientRecords.byId(kept)).not.toBeNull();
    expect(s.vault.view.clients.byId(kept)).not.toBeNull();

    const events = s.audit.listAll({});
    expect(events.find((e) => e.action === ('client.erase' as never))).toMatchObject({ clientId: gone, outcome: 'success' });
    expect(events.find((e) => e.action === ('destruction.execute' as never))?.detail).toMatchObject({ destroyed: 2, clients: 1 });
    // The log still verifies, the vault still checks, and every view (the accountant's too) drops the client.
    expect(s.audit.verify().ok).toBe(true);
    expect((await checkVault(s.vault)).problems).toEqual([]);
    const c = await as(CLERK);
    expect(c.vault.view.clients.byId(gone)).toBeNull();
    s = await as(OWNER);
    expect(s.vault.view.clients.byId(gone)).toBeNull();
    expect(s.vault.view.clients.byId(kept)).not.toBeNull();
  }, 60_000);
});
