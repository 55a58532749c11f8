import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVault } from '../../../../src/main/core/vault/create-vault';
import { openVault } from '../../../../src/main/core/vault/unlock-vault';
import type { OpenVault } from '../../../../src/main/core/vault/open-vault';
import { VaultSession } from '../../../../src/main/core/vault/session';
import { clientInputSchema, documentFieldsSchema } from '../../../../src/shared/contract';
import { backdate } from '../../../helpers/retention';

let dir: string;
let vault: OpenVault;
let s: VaultSession;
let clientId: string;

const importNamed = async (name: string, fields: Record<string, unknown> = {}) => {
  const o = await s.documents.importBytes(clientId, name, new TextEncoder().encode(`${name}-${Math.random()}`), documentFieldsSchema.parse(fields));
  if (o.status !== 'imported') throw new Error(o.status);
  return o.documentId;
};
const docNames = (q: string) => s.search.search(q).documents.map((d) => d.name).sort();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zd-search-'));
  const created = await createVault(join(dir, 'vault'), { staffName: '张会计', password: Buffer.from('correct horse') });
  await created.vault.close();
  vault = await openVault(join(dir, 'vault'), { recoveryIdentity: created.recoveryIdentity });
  s = new VaultSession(vault, () => 'zh-CN');
  clientId = s.clients.create(clientInputSchema.parse({ name: '福州闽江财税咨询有限公司', creditCode: '91350100M000100Y43', contactPerson: '陈经理' })).id;
});
afterAll(async () => {
  await vault.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('search through the n-gram index', () => {
  it('finds clients by 1-, 2- and many-character Chinese fragments and by code fragments', () => {
    for (const q of ['闽', '闽江', '财税咨询', '陈经理', '0100M0', '91350100M000100Y43', 'y43']) {
      expect(s.search.search(q).clients.map((c) => c.id), q).toEqual([clientId]);
    }
    expect(s.search.search('江闽').clients).toEqual([]);
    // Two letters cannot use the index: the fallback scan still answers exactly.
    expect(s.search.search('43').clients.map((c) => c.id)).toEqual([clientId]);
  });

  it('keeps documents in step with imports, edits, renames and deletes', async () => {
    const a = await importNamed('2025年03月 银行对账单.pdf', { category: '银行对账单', tags: ['工行'], periodYear: 2025, periodMonth: 3 });
    const b = await importNamed('增值税纳税申报表.pdf', { category: '纳税申报表' });
    expect(docNames('对账')).toEqual(['2025年03月 银行对账单.pdf']);
    expect(docNames('工行')).toEqual(['2025年03月 银行对账单.pdf']);
    expect(docNames('2025年3月')).toEqual(['2025年03月 银行对账单.pdf']);
    s.documents.update(b, '增值税申报 第一季度.pdf', documentFieldsSchema.parse({ category: '纳税申报表', notes: '已审核补充' }));
    expect(docNames('增值税纳税')).toEqual([]);
    expect(docNames('纳税申报表')).toEqual(['增值税申报 第一季度.pdf']);
    expect(docNames('第一季度')).toEqual(['增值税申报 第一季度.pdf']);
    expect(docNames('审核补')).toEqual(['增值税申报 第一季度.pdf']);
    s.documents.trash(a);
    expect(docNames('对账')).toEqual([]);
    s.documents.restore(a);
    backdate(s.documents, a);
    await s.documents.deletePermanently(a);
    expect(docNames('对账')).toEqual([]);
    expect(vault.view.db.prepare('SELECT count(*) AS n FROM document_search').get()).toEqual({ n: 1 });
  });

  it('an index entry never outlives or misses its row', () => {
    const rows = vault.view.db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number };
    const indexed = vault.view.db.prepare('SELECT count(*) AS n FROM document_search WHERE rowid IN (SELECT rowid FROM documents)').get() as { n: number };
    const all = vault.view.db.prepare('SELECT count(*) AS n FROM document_search').get() as { n: number };
    expect(indexed.n).toBe(rows.n);
    expect(all.n).toBe(rows.n);
  });
});
