import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect } from 'vitest';
import { VaultManager } from '../../src/main/core/vault/vault-manager';
import { REPO_ROOT } from './vault-fixture';

/** The vault made by the released version-2 code (see its README): who is in it, and its two clients. */
export const FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'vault-v2');
export const PW = { owner: 'v2-owner-口令-2024', admin: 'v2-admin-口令-2024', acct: 'v2-acct-口令-2024', audit: 'v2-audit-口令-2024' };
export const X = '187fe36fba6786608d8f98414317e3e4';
export const Y = 'fa5cb64d5320cd376e20ce1d6419d44c';
export const pw = (s: string) => Buffer.from(s, 'utf8');
export const list = { query: '', label: null, status: 'active' as const, sort: 'name' as const, offset: 0, limit: 100 };

/** Fresh copies of the fixture vault (with the recovery key it was made with), removed after each test. */
export function useFixtureCopies(): () => { dir: string; vault: string; recovery: string } {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), 'zd-upgrade-'));
    made.push(dir);
    cpSync(FIXTURE, dir, { recursive: true });
    return { dir, vault: join(dir, 'vault'), recovery: readFileSync(join(dir, 'recovery.txt'), 'utf8').trim() };
  };
}

export const keyVersion = (vault: string) => (JSON.parse(readFileSync(join(vault, 'vault.key'), 'utf8')) as { body: { version: number } }).body.version;

/** Opens as the owner (converting if needed) and checks every field, document and event survived. */
export async function expectConverted(vault: string): Promise<void> {
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

