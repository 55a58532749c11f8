/**
 * A vault made by the released version 2 (test/fixtures/vault-v2, four staff,
 * two clients with a marker in every field) converted in place at the first
 * owner or admin unlock.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isVaultError } from '../../../../src/main/core/errors';
import { openLegacyKeys } from '../../../../src/main/core/vault/upgrade-v3';
import { VaultManager } from '../../../../src/main/core/vault/vault-manager';
import { scanTree, textNeedles } from '../../../helpers/byte-scan';
import { REPO_ROOT } from '../../../helpers/vault-fixture';

const FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'vault-v2');
const PW = { owner: 'v2-owner-口令-2024', admin: 'v2-admin-口令-2024', acct: 'v2-acct-口令-2024', audit: 'v2-audit-口令-2024' };
const X = '187fe36fba6786608d8f98414317e3e4';
const Y = 'fa5cb64d5320cd376e20ce1d6419d44c';
const pw = (s: string) => Buffer.from(s, 'utf8');
const list = { query: '', label: null, status: 'active' as const, sort: 'name' as const, offset: 0, limit: 100 };

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh copy of the fixture vault, and the recovery key it was made with. */
export function copyFixture(): { dir: string; vault: string; recovery: string } {
  const dir = mkdtempSync(join(tmpdir(), 'zd-upgrade-'));
  made.push(dir);
  cpSync(FIXTURE, dir, { recursive: true });
  return { dir, vault: join(dir, 'vault'), recovery: readFileSync(join(dir, 'recovery.txt'), 'utf8').trim() };
}

const keyVersion = (vault: string) => (JSON.parse(readFileSync(join(vault, 'vault.key'), 'utf8')) as { body: { version: number } }).body.version;

async function expectConverted(vault: string): Promise<void> {
  const m = new VaultManager({ vaultDir: vault });
  await m.unlock('王所长', pw(PW.owner));
  const s = m.session();
  try {
    expect(keyVersion(vault)).toBe(3);
    expect(s.vault.repos.meta.get('upgrade')).toBeNull();
    expect((s.vault.db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name IN ('clients','documents','audit_events')").get() as { n: number }).n).toBe(0);
    const names = s.clients.list(list).items.map((c) => c.name).sort();
    expect(names).toEqual(['V2X标记福州闽江财税咨询有限公司', 'V2Y标记厦门鹭岛贸易有限公司']);
    const x = s.clients.get(X);
    expect(x).toMatchObject({ contactPerson: 'V2X联系人陈经理', address: 'V2X地址福州市鼓楼区五一北路1号', notes: 'V2X备注机密', creditCode: '91350100M000100Y43', label: 'confidential' });
    expect(s.clients.reveal(X, 'bankAccount').value).toBe('6222000000000000001');
    expect(s.clients.reveal(Y, 'phone').value).toBe('13900000002');
    const docs = s.documents.list(X);
    expect(docs.map((d) => [d.name, d.category, d.periodYear, d.periodMonth, d.tags])).toEqual([['tmp-statement.txt', '银行对账单', 2024, 3, ['V2X标签']]]);
    expect(new TextDecoder().decode((await s.documents.preview(docs[0]!.id)).data)).toBe('V2X文件内容：银行对账单 2024年3月\n');
    expect(s.documents.list(X, 'trashed').map((d) => d.name)).toEqual(['tmp-trash.txt']);
    // The old log is carried over, first and whole, then the conversion's own events.
    const verdict = s.audit.verify();
    expect(verdict).toMatchObject({ ok: true, unopened: 0 });
    const events = s.audit.listAll({});
    const carried = JSON.parse(s.vault.repos.meta.get('upgraded_from')!) as { events: number; legacyChain: string };
    expect(carried.legacyChain).toBe('intact');
    expect(events.slice(0, carried.events).every((e) => e.seq <= carried.events)).toBe(true);
    expect(events.find((e) => e.action === 'client.reveal')).toMatchObject({ staffName: '王所长', clientName: 'V2X标记福州闽江财税咨询有限公司', detail: { field: 'phone' } });
    // The search finds what the n-gram index held before.
    expect(s.search.search('鹭岛').clients.map((c) => c.id)).toEqual([Y]);
  } finally {
    await m.close();
  }
}

describe('upgrading a version-2 vault', () => {
  it('an accountant is asked to wait and nothing changes; the owner’s unlock converts everything; then the accountant sees their grant only', async () => {
    const { vault } = copyFixture();
    const before = readFileSync(join(vault, 'vault.key'));
    const m = new VaultManager({ vaultDir: vault });
    await expect(m.unlock('李会计', pw(PW.acct))).rejects.toSatisfy((e) => isVaultError(e, 'UPGRADE_REQUIRED'));
    expect(readFileSync(join(vault, 'vault.key')).equals(before)).toBe(true);
    await expectConverted(vault);
    await m.unlock('李会计', pw(PW.acct));
    expect(m.session().clients.list(list).items.map((c) => c.id)).toEqual([X]);
    expect(() => m.session().clients.get(Y)).toThrow();
    await m.unlock('周审计', pw(PW.audit));
    expect(m.session().audit.verify().ok).toBe(true);
    await m.close();
  });

  it('after the upgrade, vault.db holds no client text in the clear', async () => {
    const { vault } = copyFixture();
    await expectConverted(vault);
    const markers = ['V2X标记', 'V2Y标记', 'V2X联系人', 'V2Y联系人', 'V2X地址', 'V2Y备注', 'V2X标签', 'V2Y资料备注', 'tmp-contract.txt', 'HT-2024-0007'];
    const m = new VaultManager({ vaultDir: vault });
    await m.unlock('李会计', pw(PW.acct));
    const image = m.session().vault.db.serialize();
    await m.close();
    for (const marker of markers) expect(image.includes(Buffer.from(marker, 'utf8')), marker).toBe(false);
    // Nor any file of the folder, UTF-8 or UTF-16.
    expect(await scanTree(vault, markers.flatMap((t) => textNeedles(t, t, ['utf8', 'utf16le'])))).toEqual([]);
  });

  it('the recovery key converts too, and an admin’s unlock does', async () => {
    const first = copyFixture();
    const m = new VaultManager({ vaultDir: first.vault });
    await m.unlockWithRecovery(first.recovery);
    await m.close();
    await expectConverted(first.vault);
    const second = copyFixture();
    const m2 = new VaultManager({ vaultDir: second.vault });
    await m2.unlock('赵管理', pw(PW.admin));
    await m2.close();
    await expectConverted(second.vault);
  });

  it('stopped after vault.key became version 3 (the database not yet converted): staff still wait, the next owner unlock finishes', async () => {
    const { vault } = copyFixture();
    const keys = await openLegacyKeys(vault, readFileSync(join(vault, 'vault.key'), 'utf8'), { staffName: '王所长', password: pw(PW.owner) });
    expect(keyVersion(vault)).toBe(3);
    keys.commonKeys.forEach((k) => k.fill(0));
    const m = new VaultManager({ vaultDir: vault });
    await expect(m.unlock('李会计', pw(PW.acct))).rejects.toSatisfy((e) => isVaultError(e, 'UPGRADE_REQUIRED'));
    await m.close();
    await expectConverted(vault);
  });
});
