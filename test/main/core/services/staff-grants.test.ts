import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrapClientKeyWithIdentity, unwrapClientKeyWithMaster, unwrapFileKey } from '../../../../src/main/core/keys/client-keys';
import { DEFAULT_KDF } from '../../../../src/main/core/keys/kdf';
import { openRecord } from '../../../../src/main/core/records/record-seal';
import { openDetail } from '../../../../src/main/core/audit/audit-event';
import { isVaultError } from '../../../../src/main/core/errors';
import { parseKeyFile, unlockWithPassword } from '../../../../src/main/core/keys/key-file';
import { VaultManager } from '../../../../src/main/core/vault/vault-manager';
import type { VaultSession } from '../../../../src/main/core/vault/session';
import { openVault } from '../../../../src/main/core/vault/unlock-vault';
import { BlobStore } from '../../../../src/main/core/blobs/blob-store';
import { accessReportPdf, offboardReportPdf } from '../../../../src/main/core/reports/report-pdf';
import { clientInputSchema } from '../../../../src/shared/contract';

const pw = (s: string) => Buffer.from(s, 'utf8');
const PASSWORDS: Record<string, string> = {
  张所长: 'owner password 1',
  王主管: 'admin password 1',
  李会计: 'accountant pw 1',
  孙会计: 'accountant pw 2',
  赵审计: 'auditor password',
};

let root: string;
let vaultDir: string;
let recovery: string;
let m: VaultManager;
const ids: Record<string, string> = {};
let clientA: string; // granted to 李会计 and assigned to them
let clientB: string; // nobody's grant
let docA: string;
let docB: string;

async function as(name: string): Promise<VaultSession> {
  await m.lock();
  await m.unlock(name, pw(PASSWORDS[name] ?? ''));
  return m.session();
}

function denied(fn: () => unknown): Promise<string> {
  return Promise.resolve()
    .then(fn)
    .then(
      () => 'allowed',
      (e: unknown) => (isVaultError(e) ? e.code : `unexpected ${String(e)}`),
    );
}

/** The last audit event, its detail opened where the session holds the client's key. */
function lastEvent(s: VaultSession) {
  const e = s.vault.repos.audit.last()!;
  let detail = JSON.parse(e.detail) as unknown;
  const key = e.sealed && e.clientId && e.keyVersion !== null ? s.vault.clientKeys.key(e.clientId, e.keyVersion) : null;
  if (key && e.sealed && e.clientId && e.keyVersion !== null) {
    detail = JSON.parse(openDetail(key, { vaultId: s.vault.vaultId, seq: e.seq, clientId: e.clientId, keyVersion: e.keyVersion }, e.sealed)!.detail);
  }
  return { ...e, staffName: e.actorName, detail };
}

async function importText(s: VaultSession, clientId: string, name: string, text: string): Promise<string> {
  const f = join(root, name);
  writeFileSync(f, text);
  const [o] = await s.documents.importFiles(clientId, [f]);
  rmSync(f);
  if (o?.status !== 'imported') throw new Error(JSON.stringify(o));
  return o.documentId;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'zd-staff-'));
  vaultDir = join(root, 'vault');
  m = new VaultManager({ vaultDir });
  recovery = (await m.create('张所长', pw(PASSWORDS['张所长']!))).recoveryKey;
  const s = m.session();
  ids['张所长'] = s.vault.staff.id;
  for (const [name, role] of [['王主管', 'admin'], ['李会计', 'accountant'], ['孙会计', 'accountant'], ['赵审计', 'auditor']] as const) {
    ids[name] = (await s.staff.add(name, role, pw(PASSWORDS[name]!))).id;
  }
  clientA = s.clients.create(clientInputSchema.parse({ name: '福州闽江财税咨询有限公司', phone: '13912345678', bankAccount: '6222020200112233445', label: 'confidential' })).id;
  clientB = s.clients.create(clientInputSchema.parse({ name: '厦门鹭岛绝密贸易有限公司', phone: '13800001111', label: 'secret' })).id;
  docA = await importText(s, clientA, 'a.txt', '闽江 三月凭证');
  docB = await importText(s, clientB, 'b.txt', '鹭岛 绝密合同');
  await s.access.grant(clientA, ids['李会计']!, { assign: true });
});
afterAll(async () => {
  await m.close();
  rmSync(root, { recursive: true, force: true });
});

describe('staff and grants', () => {
  it('lists staff with roles for the owner; every staff member opens with their own password', async () => {
    const s = await as('张所长');
    const staff = s.staff.list();
    expect(staff.map((x) => [x.name, x.role, x.status])).toEqual([
      ['张所长', 'owner', 'active'],
      ['王主管', 'admin', 'active'],
      ['李会计', 'accountant', 'active'],
      ['孙会计', 'accountant', 'active'],
      ['赵审计', 'auditor', 'active'],
    ]);
    expect(staff.find((x) => x.name === '李会计')).toMatchObject({ grantCount: 1, assignedCount: 1 });
    const events = [...s.vault.repos.audit.iterate()].filter((e) => e.action === 'staff.add').map((e) => JSON.parse(e.detail) as { role: string });
    expect(events.map((e) => e.role)).toEqual(['owner', 'admin', 'accountant', 'accountant', 'auditor']);
  });

  it('the client list and search name the responsible staff member (负责会计) and carry the service period', async () => {
    const owner = await as('张所长');
    const list = owner.clients.list(clientInputList()).items;
    // clientB was never assigned to anyone but its creator, the owner.
    expect(list.map((c) => [c.name, c.assignedStaffName])).toEqual([
      ['厦门鹭岛绝密贸易有限公司', '张所长'],
      ['福州闽江财税咨询有限公司', '李会计'],
    ]);
    expect(owner.clients.get(clientA)).toMatchObject({ assignedStaffName: '李会计', serviceStart: null, serviceEnd: null });
    expect(owner.search.search('闽江').clients.map((c) => c.assignedStaffName)).toEqual(['李会计']);
    const s = await as('李会计');
    expect(s.clients.list(clientInputList()).items.map((c) => c.assignedStaffName)).toEqual(['李会计']);
  });

  it('an accountant sees only granted clients; others are NOT_FOUND everywhere, and the attempt is recorded as denied', async () => {
    const s = await as('李会计');
    expect(s.clients.list(clientInputList()).items.map((c) => c.id)).toEqual([clientA]);
    expect(s.clients.get(clientA).phoneMasked).toBe('139****5678');
    expect(s.clients.reveal(clientA, 'bankAccount').value).toBe('6222020200112233445');
    expect((await s.documents.preview(docA)).name).toBe('a.txt');
    for (const attempt of [
      () => s.clients.get(clientB),
      () => s.clients.reveal(clientB, 'phone'),
      () => s.documents.list(clientB),
      () => s.documents.preview(docB),
      () => s.documents.exportTo(docB, join(root, 'stolen.txt')),
      () => s.documents.importBytes(clientB, 'x.txt', new Uint8Array([1])),
    ]) {
      expect(await denied(attempt)).toBe('NOT_FOUND');
    }
    expect(lastEvent(s)).toMatchObject({ action: 'doc.import', outcome: 'denied', clientId: clientB, staffName: '李会计' });
    const search = s.search.search('公司');
    expect(search.clients.map((c) => c.id)).toEqual([clientA]);
    expect(s.search.search('鹭岛').documents).toEqual([]);
    // Not theirs to do, visible client or not: PERMISSION_DENIED.
    expect(await denied(() => s.clients.create(clientInputSchema.parse({ name: '新客户' })))).toBe('PERMISSION_DENIED');
    expect(await denied(() => s.documents.deletePermanently(docA))).toBe('PERMISSION_DENIED');
    expect(await denied(() => s.staff.list())).toBe('PERMISSION_DENIED');
    expect(await denied(() => s.staff.add('黑客', 'admin', pw('whatever 12')))).toBe('PERMISSION_DENIED');
    expect(await denied(() => s.access.grant(clientB, ids['李会计']!))).toBe('PERMISSION_DENIED');
    expect(await denied(() => s.audit.list({}))).toBe('PERMISSION_DENIED');
    expect(lastEvent(s)).toMatchObject({ action: 'audit.view', outcome: 'denied', role: 'accountant' });
  });

  it('an auditor sees the audit log and no client until granted; granted, may read but not change or take out', async () => {
    let s = await as('赵审计');
    expect(s.clients.list(clientInputList()).items).toEqual([]);
    expect(await denied(() => s.clients.get(clientA))).toBe('NOT_FOUND');
    // Who, when and what kind: yes. Which client and what about it: only the id, until granted.
    const before = s.audit.list({ action: 'client.reveal', outcome: 'success' }).items[0];
    expect(before).toMatchObject({ staffName: '李会计', clientId: clientA, clientName: null, detail: {} });
    s = await as('张所长');
    await s.access.grant(clientA, ids['赵审计']!);
    s = await as('赵审计');
    const after = s.audit.list({ action: 'client.reveal', outcome: 'success' }).items[0];
    expect(after).toMatchObject({ staffName: '李会计', clientName: '福州闽江财税咨询有限公司', detail: { field: 'bankAccount' } });
    expect(s.documents.list(clientA).map((d) => d.id)).toEqual([docA]);
    expect((await s.documents.preview(docA)).data.byteLength).toBeGreaterThan(0);
    expect(await denied(() => s.documents.exportTo(docA, join(root, 'x.txt')))).toBe('PERMISSION_DENIED');
    expect(await denied(() => s.documents.importBytes(clientA, 'x.txt', new Uint8Array([1])))).toBe('PERMISSION_DENIED');
    expect(await denied(() => s.clients.update(clientA, clientInputSchema.parse({ name: '改名' })))).toBe('PERMISSION_DENIED');
    expect(lastEvent(s)).toMatchObject({ action: 'client.update', outcome: 'denied', clientId: clientA });
  });

  it('an admin manages accountants but not admins or the owner; nobody manages themselves', async () => {
    const s = await as('王主管');
    expect(s.clients.list(clientInputList()).total).toBe(2);
    expect(await denied(() => s.staff.updateRole(ids['张所长']!, 'accountant'))).toBe('PERMISSION_DENIED');
    expect(await denied(() => s.staff.updateRole(ids['孙会计']!, 'admin'))).toBe('PERMISSION_DENIED');
    expect(await denied(() => s.staff.offboard(ids['王主管']!, ids['张所长']!))).toBe('PERMISSION_DENIED');
    expect(lastEvent(s)).toMatchObject({ action: 'offboard', outcome: 'denied' });
    expect((await s.staff.updateRole(ids['赵审计']!, 'accountant')).role).toBe('accountant');
    expect((await s.staff.updateRole(ids['赵审计']!, 'auditor')).role).toBe('auditor');
    expect(lastEvent(s)).toMatchObject({ action: 'staff.update', outcome: 'success', detail: { staffId: ids['赵审计'], from: 'accountant', to: 'auditor' } });
  });

  it('revoke rotates: the ex-grantee cannot open the new wraps, and a document imported after is out of reach of the old client key', async () => {
    // What 李会计 could have kept while granted: their identity and client A's key (version 1).
    const file = parseKeyFile(readFileSync(join(vaultDir, 'vault.key'), 'utf8'));
    const li = await unlockWithPassword(file, '李会计', pw(PASSWORDS['李会计']!), DEFAULT_KDF);
    let s = await as('李会计');
    const oldKey = Buffer.from(s.vault.clientKeys.key(clientA, 1)!);
    await m.lock();
    const before = join(root, 'before-revoke');
    cpSync(vaultDir, before, { recursive: true });

    s = await as('张所长');
    const result = await s.access.revoke(clientA, ids['李会计']!);
    expect(result).toEqual({ revoked: true, keyVersion: 2 });
    expect(lastEvent(s)).toMatchObject({ action: 'revoke', clientId: clientA, detail: { staffId: ids['李会计'], keyVersion: 2 } });
    const newDoc = await importText(s, clientA, 'after.txt', '撤销后导入的资料');
    expect(s.access.grantsOfClient(clientA).map((g) => [g.staffName, g.keyVersion])).toEqual([['赵审计', 2]]);

    const wraps = s.vault.db.prepare('SELECT version, holder, wrapped FROM client_keys WHERE client_id = ?').all(clientA) as { version: number; holder: string; wrapped: Buffer }[];
    expect(wraps.map((w) => w.version)).toEqual([2, 2]);
    for (const w of wraps) {
      expect(await unwrapClientKeyWithIdentity(li.identity, clientA, w.version, w.wrapped)).toBeNull();
      expect(unwrapClientKeyWithMaster(oldKey, clientA, w.version, w.wrapped)).toBeNull();
    }
    const row = s.vault.repos.documentRecords.byId(newDoc)!;
    for (const v of [1, 2]) {
      expect(unwrapFileKey(oldKey, { ...row, keyVersion: v }, row.wrappedKey)).toBeNull();
      expect(openRecord(oldKey, { kind: 'document', id: newDoc, clientId: clientA, rev: row.rev, keyVersion: v }, row.body)).toBeUndefined();
    }
    const client = s.vault.repos.clientRecords.byId(clientA)!;
    expect(openRecord(oldKey, { kind: 'client', id: clientA, clientId: clientA, rev: client.rev, keyVersion: client.keyVersion }, client.body)).toBeUndefined();
    // Documented limit: a copy taken before the revocation still opens what existed then, with the old key.
    const oldRow = (await openVault(before, { recoveryIdentity: recovery }).then(async (v) => {
      try {
        return v.repos.documentRecords.byId(docA)!;
      } finally {
        await v.close();
      }
    }));
    const oldFileKey = unwrapFileKey(oldKey, oldRow, oldRow.wrappedKey);
    expect((await new BlobStore(join(vaultDir, 'blobs')).readAll(oldRow.blobId, oldFileKey!, 1 << 20)).toString()).toBe('闽江 三月凭证');

    s = await as('李会计');
    expect(s.clients.list(clientInputList()).items).toEqual([]);
    expect(await denied(() => s.documents.preview(newDoc))).toBe('NOT_FOUND');
  });

  it('offboarding: login gone, grants revoked and rotated, clients handed over, 90-day report; the colleague reads them', async () => {
    let s = await as('张所长');
    await s.access.grant(clientB, ids['李会计']!);
    s = await as('李会计');
    await s.documents.preview(docB);
    await s.documents.exportTo(docB, join(root, 'took-home.txt'));
    s.clients.reveal(clientB, 'phone');

    s = await as('王主管');
    const report = await s.staff.offboard(ids['李会计']!, ids['孙会计']!);
    expect(report.staff).toMatchObject({ name: '李会计', role: 'accountant' });
    expect(report.revokedClients.map((c) => c.id)).toEqual([clientB]);
    expect(report.handedOverClients.map((c) => c.id)).toEqual([clientA]);
    expect(report.masterKeyReplaced).toBe(false);
    expect(report.accessed.map((e) => e.action)).toEqual(expect.arrayContaining(['client.reveal', 'doc.view', 'doc.export', 'client.view']));
    expect(report.accessed.find((e) => e.action === 'doc.export')).toMatchObject({ clientName: '厦门鹭岛绝密贸易有限公司', documentName: 'b.txt' });
    expect(report.counts['doc.export']).toBe(1);
    const recent = [...s.vault.repos.audit.iterate()].slice(-5).map((e) => [e.action, e.clientId, e.actorName]);
    expect(recent).toEqual([
      ['staff.disable', null, '王主管'],
      ['revoke', clientB, '王主管'],
      ['grant', clientA, '王主管'],
      ['key.rotate', null, '王主管'],
      ['offboard', null, '王主管'],
    ]);
    // The common key was replaced: what 李会计 held opens no later state of vault.db.
    expect(s.vault.keyFile.body.roster.commonKeyVersion).toBe(2);
    expect(s.staff.list().find((x) => x.name === '李会计')).toMatchObject({ status: 'disabled', grantCount: 0, assignedCount: 0 });
    const pdf = offboardReportPdf(report);
    expect(pdf.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
    // The Chinese font is embedded (report-pdf-render.test.ts renders it without system fonts).
    expect(pdf.toString('latin1')).toMatch(/\/FontFile2 \d+ 0 R/);

    await m.lock();
    await expect(m.unlock('李会计', pw(PASSWORDS['李会计']!))).rejects.toSatisfy((e) => isVaultError(e, 'WRONG_CREDENTIALS'));
    s = await as('孙会计');
    expect(s.clients.list(clientInputList()).items.map((c) => c.id)).toEqual([clientA]);
    expect(new TextDecoder().decode((await s.documents.preview(docA)).data)).toBe('闽江 三月凭证');
  });

  it('offboarding an admin replaces the master key and rotates every client; their old master key opens nothing new', async () => {
    const file = parseKeyFile(readFileSync(join(vaultDir, 'vault.key'), 'utf8'));
    const wang = await unlockWithPassword(file, '王主管', pw(PASSWORDS['王主管']!), DEFAULT_KDF);
    const oldMaster = Buffer.from(wang.masterKey!);
    let s = await as('张所长');
    const versions = () => [...s.vault.repos.clientRecords.versions()].sort().map(([, v]) => v);
    const versionsBefore = versions();
    const report = await s.staff.offboard(ids['王主管']!, ids['张所长']!);
    expect(report.masterKeyReplaced).toBe(true);
    expect(versions()).toEqual(versionsBefore.map((v) => v + 1));
    for (const w of s.vault.db.prepare("SELECT client_id, version, wrapped FROM client_keys WHERE holder = 'master'").all() as { client_id: string; version: number; wrapped: Buffer }[]) {
      expect(unwrapClientKeyWithMaster(oldMaster, w.client_id, w.version, w.wrapped)).toBeNull();
    }
    expect(s.vault.repos.meta.get('rotation_pending')).toBeNull();
    expect(s.audit.listAll({ action: 'key.rotate' }).map((e) => e.detail.scope)).toEqual(expect.arrayContaining(['master', 'common']));
    expect(s.vault.keyFile.body.signingChain.length).toBe(2);
    // The owner (new master key in their slot) and the recovery key still open everything.
    s = await as('张所长');
    expect((await s.documents.preview(docB)).name).toBe('b.txt');
    await m.lock();
    await m.unlockWithRecovery(recovery);
    expect(m.session().clients.reveal(clientB, 'phone').value).toBe('13800001111');
    // 孙会计 still holds client A (their grant was rewrapped to the new version).
    s = await as('孙会计');
    expect((await s.documents.preview(docA)).name).toBe('a.txt');
  });

  it('the access report lists who accessed the client, in Chinese', async () => {
    const s = await as('张所长');
    const report = s.reports.accessReport(clientB);
    expect(report.entries.map((e) => [e.staffName, e.action])).toEqual(expect.arrayContaining([
      ['李会计', 'doc.view'],
      ['李会计', 'doc.export'],
      ['李会计', 'client.reveal'],
    ]));
    const out = join(root, 'report.pdf');
    const saved = await s.reports.saveAccessReport(clientB, {}, async () => out);
    expect(saved).toMatchObject({ cancelled: false, path: out });
    const pdf = readFileSync(out).toString('latin1');
    expect(pdf).toMatch(/\/FontFile2 \d+ 0 R/);
    // The title's characters (客 … 告) are in the ToUnicode map, so the text copies as written.
    for (const ch of '客户信息访问报告') expect(pdf).toContain(`<${ch.codePointAt(0)!.toString(16).toUpperCase()}>`);
    expect(lastEvent(s)).toMatchObject({ action: 'report.access', clientId: clientB });
    expect(accessReportPdf(report).length).toBeGreaterThan(500);
  });

  it('promotion hands over the master key; demotion takes it back by replacing it (and drops their grants)', async () => {
    let s = await as('张所长');
    await s.staff.updateRole(ids['孙会计']!, 'admin');
    s = await as('孙会计');
    expect(s.clients.list(clientInputList()).total).toBe(2);
    expect((await s.documents.preview(docB)).name).toBe('b.txt');
    const theirMaster = Buffer.from(s.vault.clientKeys.masterKey!);
    s = await as('张所长');
    await s.staff.updateRole(ids['孙会计']!, 'accountant');
    for (const w of s.vault.db.prepare("SELECT client_id, version, wrapped FROM client_keys WHERE holder = 'master'").all() as { client_id: string; version: number; wrapped: Buffer }[]) {
      expect(unwrapClientKeyWithMaster(theirMaster, w.client_id, w.version, w.wrapped)).toBeNull();
    }
    s = await as('孙会计');
    expect(s.vault.clientKeys.hasMaster).toBe(false);
    expect(s.clients.list(clientInputList()).items).toEqual([]);
  });

  it('an owner who lost every password opens with the recovery key and sets a new one', async () => {
    await m.lock();
    await m.unlockWithRecovery(recovery);
    const s = m.session();
    await s.vault.setPassword(s.vault.staff, pw('a brand new owner password'));
    PASSWORDS['张所长'] = 'a brand new owner password';
    const again = await as('张所长');
    expect(again.vault.clientKeys.hasMaster).toBe(true);
    expect((await again.documents.preview(docA)).name).toBe('a.txt');
  });
});

function clientInputList() {
  return { query: '', label: null, status: 'active' as const, sort: 'name' as const, offset: 0, limit: 100 };
}
