/**
 * Retention under 会计档案管理办法: permanent delete refused before a document's period ends and
 * under a legal hold; the owner's periods (never below the legal minimum); a 销毁清册 approved by two
 * different people, carried out by crypto-erasure (the wrapped file key overwritten in vault.db,
 * the blob gone, the record unopenable), with a certificate that names what was destroyed.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEncryptedDatabase } from '../../../../src/main/core/db/database';
import { isVaultError } from '../../../../src/main/core/errors';
import { deriveSubkey } from '../../../../src/main/core/keys/subkeys';
import { unwrapFileKey } from '../../../../src/main/core/keys/client-keys';
import { settledCode } from '../../../helpers/thrown-code';
import { VaultManager } from '../../../../src/main/core/vault/vault-manager';
import type { VaultSession } from '../../../../src/main/core/vault/session';
import { clientInputSchema, documentFieldsSchema } from '../../../../src/shared/contract';

const pw = (s: string) => Buffer.from(s, 'utf8');
const PASSWORDS: Record<string, string> = { 张所长: 'owner password 1', 王主管: 'admin password 1', 李会计: 'accountant pw 1' };
const THIS_YEAR = new Date().getFullYear();

let root: string;
let m: VaultManager;
let clientId: string;

async function as(name: string): Promise<VaultSession> {
  await m.lock();
  await m.unlock(name, pw(PASSWORDS[name] ?? ''));
  return m.session();
}

const code = settledCode;

async function importDoc(s: VaultSession, name: string, fields: Record<string, unknown>, client = clientId): Promise<string> {
  const o = await s.documents.importBytes(client, name, Buffer.from(`${name} 的内容 ${Math.random()}`, 'utf8'), documentFieldsSchema.parse(fields));
  if (o.status !== 'imported') throw new Error(JSON.stringify(o));
  return o.documentId;
}

/** vault.db decrypted page by page (a copy, re-keyed to no key): every byte on disk, live or deleted. */
function plainDatabaseBytes(s: VaultSession): Buffer {
  const dir = mkdtempSync(join(root, 'plain-'));
  const copy = join(dir, 'copy.db');
  copyFileSync(s.vault.paths.database, copy);
  if (existsSync(`${s.vault.paths.database}-wal`)) copyFileSync(`${s.vault.paths.database}-wal`, `${copy}-wal`);
  const db = openEncryptedDatabase(copy, deriveSubkey(s.vault.commonKey, Buffer.from(s.vault.vaultId, 'hex'), 'database'));
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.pragma('journal_mode = DELETE');
  db.pragma("rekey = ''");
  db.close();
  const bytes = readFileSync(copy);
  expect(bytes.subarray(0, 15).toString('latin1')).toBe('SQLite format 3');
  return bytes;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'zd-retention-'));
  m = new VaultManager({ vaultDir: join(root, 'vault') });
  await m.create('张所长', pw(PASSWORDS['张所长']!));
  const s = m.session();
  await s.staff.add('李会计', 'accountant', pw(PASSWORDS['李会计']!));
  clientId = s.clients.create(clientInputSchema.parse({ name: '福州闽江财税咨询有限公司', label: 'internal' })).id;
});
afterAll(async () => {
  await m.close();
  rmSync(root, { recursive: true, force: true });
});

describe('permanent delete', () => {
  it('is refused before the period ends, with the day it ends; allowed after it', async () => {
    const s = m.session();
    const young = await importDoc(s, `${THIS_YEAR - 5}年1月 银行对账单.pdf`, { category: '银行对账单', periodYear: THIS_YEAR - 5, periodMonth: 1 });
    s.documents.trash(young);
    const refused = await s.documents.deletePermanently(young).catch((e: unknown) => e);
    expect(isVaultError(refused, 'RETENTION_NOT_REACHED')).toBe(true);
    expect((refused as { values: Record<string, unknown> }).values.until).toBe(`${THIS_YEAR + 5}-12-31`);
    expect(s.vault.repos.documentRecords.byId(young)).not.toBeNull();
    const last = s.vault.repos.audit.last()!;
    expect([last.action, last.outcome, last.documentId]).toEqual(['doc.delete', 'denied', young]);

    expect(s.retention.ofDocument(young)).toMatchObject({ rule: 'bank-statement', years: 10, keepUntil: `${THIS_YEAR + 5}-12-31`, ended: false, held: false });

    const old = await importDoc(s, '2010年1月 银行对账单.pdf', { category: '银行对账单', periodYear: 2010, periodMonth: 1 });
    s.documents.trash(old);
    await s.documents.deletePermanently(old);
    expect(s.vault.repos.documentRecords.byId(old)).toBeNull();
  });

  it('is refused for a document kept 永久 (a year’s financial report), whatever its age', async () => {
    const s = m.session();
    const annual = await importDoc(s, '1995年度财务报表.pdf', { category: '财务报表', periodYear: 1995 });
    expect(await code(() => s.documents.deletePermanently(annual))).toBe('RETENTION_PERMANENT');
  });

  it('is refused under a legal hold on the document or on its client, until the hold is lifted', async () => {
    const s = m.session();
    const doc = await importDoc(s, '2000年3月 凭证.pdf', { category: '凭证', periodYear: 1990, periodMonth: 3 });
    expect(s.retention.ofDocument(doc).ended).toBe(true);
    const held = s.retention.holdDocument(doc, '未结清的债权债务（第十九条）');
    expect(held).toMatchObject({ held: true, documentHold: { reason: '未结清的债权债务（第十九条）', byName: '张所长' } });
    expect(await code(() => s.documents.deletePermanently(doc))).toBe('LEGAL_HOLD');
    // An edit of the document keeps its hold (the view carries it back into the next revision).
    s.documents.update(doc, '1990年3月 凭证.pdf', documentFieldsSchema.parse({ category: '凭证', periodYear: 1990, periodMonth: 3 }));
    expect(s.retention.ofDocument(doc).documentHold?.reason).toBe('未结清的债权债务（第十九条）');
    s.retention.holdDocument(doc, null);

    s.retention.holdClient(clientId, '诉讼保全');
    s.clients.update(clientId, clientInputSchema.parse({ name: '福州闽江财税咨询有限公司', label: 'internal', notes: '诉讼中' }));
    expect(s.retention.clientHold(clientId)?.reason).toBe('诉讼保全');
    expect(await code(() => s.documents.deletePermanently(doc))).toBe('LEGAL_HOLD');
    s.retention.holdClient(clientId, null);
    await s.documents.deletePermanently(doc);
    const actions = [...s.vault.repos.audit.iterate()].map((e) => e.action);
    expect(actions.filter((a) => a === 'retention.hold')).toHaveLength(2);
    expect(actions.filter((a) => a === 'retention.release')).toHaveLength(2);
  });

  it('the hold is sealed client data: the reason is nowhere in vault.db’s plaintext columns', async () => {
    const s = m.session();
    const doc = await importDoc(s, '1991年 合同.pdf', { category: '合同', periodYear: 1991 });
    s.retention.holdDocument(doc, '仲裁案号闽仲字第0427号');
    const bytes = plainDatabaseBytes(s);
    expect(bytes.includes(Buffer.from('闽仲字第0427号', 'utf8'))).toBe(false);
    s.retention.holdDocument(doc, null);
  });

  it('holds are set and lifted by owners and admins only', async () => {
    const s = m.session();
    const doc = await importDoc(s, '1992年 合同.pdf', { category: '合同', periodYear: 1992 });
    const owner = m.session();
    const accountantId = owner.staff.list().find((x) => x.name === '李会计')!.id;
    await owner.access.grant(clientId, accountantId);
    const accountant = await as('李会计');
    expect(accountant.retention.ofDocument(doc).keepUntil).toBe('2002-12-31');
    expect(await code(() => accountant.retention.holdDocument(doc, '想保留'))).toBe('PERMISSION_DENIED');
    expect(await code(() => accountant.retention.holdClient(clientId, '想保留'))).toBe('PERMISSION_DENIED');
    expect(await code(() => accountant.destruction.candidates())).toBe('PERMISSION_DENIED');
    await as('张所长');
  });
});

describe('retention periods', () => {
  it('the owner raises one (recorded); never below the legal minimum; an accountant cannot', async () => {
    const s = m.session();
    expect(s.retention.periods().voucher).toBe(30);
    expect(await code(() => s.retention.setPeriod('voucher', 20))).toBe('INVALID_INPUT');
    expect(s.retention.setPeriod('contract', 15).contract).toBe(15);
    expect(s.retention.periods().contract).toBe(15);
    const e = s.vault.repos.audit.last()!;
    expect([e.action, JSON.parse(e.detail)]).toEqual(['settings.change', { setting: 'retention', rule: 'contract', years: '15' }]);
    const doc = await importDoc(s, '2005年 合同.pdf', { category: '合同', periodYear: 2005 });
    expect(s.retention.ofDocument(doc).keepUntil).toBe('2020-12-31');
    s.retention.setPeriod('contract', 10);
    const accountant = await as('李会计');
    expect(await code(() => accountant.retention.setPeriod('contract', 50))).toBe('PERMISSION_DENIED');
    await as('张所长');
  });
});

describe('销毁清册', () => {
  it('owner alone where the firm has no admin; carried out, the keys and blobs are gone and the certificate lists them', async () => {
    const s = m.session();
    const client2 = s.clients.create(clientInputSchema.parse({ name: '泉州安溪茶业有限公司', label: 'internal' })).id;
    const a = await importDoc(s, '1995年3月 记账凭证.pdf', { category: '凭证', periodYear: 1995, periodMonth: 3 }, client2);
    const b = await importDoc(s, '2012年6月 纳税申报表.pdf', { category: '纳税申报表', periodYear: 2012, periodMonth: 6 }, client2);
    const keep = await importDoc(s, `${THIS_YEAR}年 银行对账单.pdf`, { category: '银行对账单', periodYear: THIS_YEAR }, client2);
    const candidates = s.destruction.candidates().filter((i) => i.clientId === client2);
    expect(candidates.map((i) => i.documentId).sort()).toEqual([a, b].sort());

    const list = s.destruction.create(candidates.map((i) => i.documentId));
    expect(list).toMatchObject({ state: 'open', needs: ['owner'] });
    expect(await code(() => s.destruction.carryOut(list.id))).toBe('APPROVAL_REQUIRED');
    expect(s.destruction.approve(list.id).state).toBe('approved');
    expect(await code(() => s.destruction.approve(list.id))).toBe('CONFLICT');

    // What a thief of vault.db and the client key would need to read the files: the wrapped file keys.
    const sealed = [a, b].map((id) => s.vault.repos.documentRecords.byId(id)!);
    const before = plainDatabaseBytes(s);
    for (const row of sealed) expect(before.includes(row.wrappedKey)).toBe(true);

    const done = await s.destruction.carryOut(list.id);
    expect(done.state).toBe('done');
    expect(done.items.map((i) => i.outcome)).toEqual(['destroyed', 'destroyed']);
    for (const row of sealed) {
      expect(existsSync(s.vault.blobs.pathFor(row.blobId))).toBe(false);
      expect(s.vault.repos.documentRecords.byId(row.id)).toBeNull();
      expect(s.vault.records.document(row.id)).toBeNull();
      expect(await code(() => s.documents.preview(row.id))).toBe('NOT_FOUND');
    }
    // No older copy of the changed pages waits in -wal either.
    expect(statSync(`${s.vault.paths.database}-wal`).size).toBe(0);
    const after = plainDatabaseBytes(s);
    for (const row of sealed) expect(after.includes(row.wrappedKey)).toBe(false);
    // The wrapped key really was what opened the file: with it and the client key, the file key comes back.
    const clientKey = s.vault.clientKeys.key(client2, sealed[0]!.keyVersion)!;
    expect(unwrapFileKey(clientKey, sealed[0]!, sealed[0]!.wrappedKey)).not.toBeNull();
    expect(s.vault.repos.documentRecords.byId(keep)).not.toBeNull();

    const actions = [...s.vault.repos.audit.iterate()].map((e) => e.action);
    expect(actions.filter((x) => x === 'doc.destroy')).toHaveLength(2);
    expect(actions).toContain('destruction.execute');

    const out = join(root, 'certificate.pdf');
    let suggested = '';
    const saved = await s.destruction.saveCertificate(list.id, async (name) => {
      suggested = name;
      return out;
    });
    expect(saved).toEqual({ cancelled: false, path: out, count: 2 });
    expect(suggested).toMatch(/^会计档案销毁证明-XH-[0-9A-F]{8}\.pdf$/);
    const text = execFileSync('pdftotext', [out, '-'], { encoding: 'utf8' });
    for (const word of ['会计档案销毁证明', '1995年3月 记账凭证.pdf', '2012年6月 纳税申报表.pdf', '泉州安溪茶业有限公司', '张所长', '已销毁', '1995年3月', '2025-12-31', '2022-12-31']) {
      expect(text).toContain(word);
    }
    // The list outlives the documents (a 销毁清册 is kept 永久), sealed: its names are not in vault.db’s plaintext.
    expect(s.destruction.get(list.id).items).toHaveLength(2);
    expect(after.includes(Buffer.from('泉州安溪茶业有限公司', 'utf8'))).toBe(false);
  });

  it('with an admin in the firm, needs a second, different person; a hold set meanwhile keeps its document', async () => {
    const owner = m.session();
    await owner.staff.add('王主管', 'admin', pw(PASSWORDS['王主管']!));
    const c = owner.clients.create(clientInputSchema.parse({ name: '厦门鹭岛贸易有限公司', label: 'internal' })).id;
    const x = await importDoc(owner, '2001年 合同.pdf', { category: '合同', periodYear: 2001 }, c);
    const y = await importDoc(owner, '2002年 合同.pdf', { category: '合同', periodYear: 2002 }, c);
    const list = owner.destruction.create([x, y]);
    expect(list.needs).toEqual(['owner', 'admin']);
    expect(owner.destruction.approve(list.id).state).toBe('open');
    expect(await code(() => owner.destruction.approve(list.id))).toBe('SAME_APPROVER');
    expect(await code(() => owner.destruction.carryOut(list.id))).toBe('APPROVAL_REQUIRED');
    owner.retention.holdDocument(y, '税务稽查');

    const admin = await as('王主管');
    expect(admin.destruction.approve(list.id).state).toBe('approved');
    const done = await admin.destruction.carryOut(list.id);
    expect(done.items.map((i) => [i.documentId, i.outcome])).toEqual([
      [x, 'destroyed'],
      [y, 'kept-held'],
    ]);
    expect(done.approvals.map((a) => a.name)).toEqual(['张所长', '王主管']);
    expect(admin.vault.repos.documentRecords.byId(y)).not.toBeNull();
    const out = join(root, 'second.pdf');
    await admin.destruction.saveCertificate(list.id, async () => out);
    const text = execFileSync('pdftotext', [out, '-'], { encoding: 'utf8' });
    expect(text).toContain('未销毁：法律保留');
    expect(text).toContain('王主管');
    await as('张所长');
  });

  it('the lists still open after the master key is replaced (an admin who held it left)', async () => {
    const s = m.session();
    const before = s.destruction.lists();
    expect(before.length).toBeGreaterThan(0);
    await s.access.replaceMasterAndRotateAll();
    expect(s.destruction.lists()).toEqual(before);
    expect(s.vault.repos.destructions.all('master-next')).toEqual([]);
  });

  it('a list whose body was altered does not open', async () => {
    const s = m.session();
    const [row] = s.vault.repos.destructions.all();
    const body = Buffer.from(row!.body);
    body[body.length - 1]! ^= 1;
    s.vault.write(() => s.vault.repos.destructions.put({ ...row!, body }));
    expect(await code(() => s.destruction.get(row!.id))).toBe('TAMPERED');
  });
});
