import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openVault } from '../../../../src/main/core/vault/unlock-vault';
import { createVault } from '../../../../src/main/core/vault/create-vault';
import type { OpenVault } from '../../../../src/main/core/vault/open-vault';
import { VaultSession } from '../../../../src/main/core/vault/session';
import { isVaultError } from '../../../../src/main/core/errors';
import { parsePeriod } from '../../../../src/main/core/services/search-service';
import { checkVault } from '../../../../src/main/core/services/check-service';
import { clientInputSchema, documentFieldsSchema } from '../../../../src/shared/contract';
import { sampleDocx } from '../../../helpers/office-samples';
import { backdate } from '../../../helpers/retention';

let dir: string;
let vault: OpenVault;
let s: VaultSession;
let clientId: string;
let secretClientId: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zd-docs-'));
  const created = await createVault(join(dir, 'vault'), { staffName: '张会计', password: Buffer.from('correct horse') });
  await created.vault.close();
  vault = await openVault(join(dir, 'vault'), { recoveryIdentity: created.recoveryIdentity });
  s = new VaultSession(vault, () => 'zh-CN');
  clientId = s.clients.create(clientInputSchema.parse({ name: '福州闽江财税咨询有限公司', contactPerson: '陈经理', phone: '13912345678', bankAccount: '6222 0202 0011 2233 445' })).id;
  secretClientId = s.clients.create(clientInputSchema.parse({ name: '厦门鹭岛绝密贸易有限公司', label: 'secret' })).id;
});
afterAll(async () => {
  await vault.close();
  rmSync(dir, { recursive: true, force: true });
});

const fields = (over: Partial<Record<string, unknown>> = {}) => documentFieldsSchema.parse(over);

describe('documents', () => {
  it('imports a folder, keeping sub-folder names as categories unless a file has its own', async () => {
    const root = join(dir, '资料');
    mkdirSync(join(root, '凭证', '2024'), { recursive: true });
    mkdirSync(join(root, '银行对账单'), { recursive: true });
    writeFileSync(join(root, '凭证', '2024', '记账凭证1.pdf'), 'v1');
    writeFileSync(join(root, '银行对账单', '3月.csv'), 'date,amount\n');
    writeFileSync(join(root, '合同.docx'), 'contract');
    writeFileSync(join(root, '.hidden'), 'skip');
    const picked = await s.picked.hold(clientId, { folder: root });
    if (picked.cancelled) throw new Error('cancelled');
    // Shown with the sub-folder they are in, in the walk's order (by name, zh-CN).
    expect(picked.files.map((f) => [f.folder, f.name])).toEqual([
      ['', '合同.docx'],
      ['凭证/2024', '记账凭证1.pdf'],
      ['银行对账单', '3月.csv'],
    ]);
    const none = { category: '', periodYear: null, periodMonth: null };
    const own = { category: '合同', periodYear: 2024, periodMonth: 1 };
    const outcomes = await s.picked.import(clientId, picked.token, fields({ category: '其他' }), [own, none, none]);
    expect(outcomes.map((o) => [o.source, o.status])).toEqual([
      ['合同.docx', 'imported'],
      ['凭证/2024/记账凭证1.pdf', 'imported'],
      ['银行对账单/3月.csv', 'imported'],
    ]);
    const docs = s.documents.list(clientId);
    const byName = Object.fromEntries(docs.map((d) => [d.name, [d.category, d.periodYear]]));
    expect(byName).toEqual({ '记账凭证1.pdf': ['凭证/2024', null], '3月.csv': ['银行对账单', null], '合同.docx': ['合同', 2024] });
    expect(docs.find((d) => d.name === '3月.csv')?.mime).toBe('text/csv');
  });

  it('offers duplicate content within a client as already stored', async () => {
    const a = join(dir, 'same-a.txt');
    const b = join(dir, 'same-b.txt');
    writeFileSync(a, '相同内容');
    writeFileSync(b, '相同内容');
    const [first] = await s.documents.importFiles(clientId, [a]);
    const [second] = await s.documents.importFiles(clientId, [b]);
    expect(first?.status).toBe('imported');
    expect(second).toMatchObject({ status: 'duplicate', documentId: first?.status === 'imported' ? first.documentId : '' });
    // Another client may hold the same content.
    const [other] = await s.documents.importFiles(secretClientId, [b]);
    expect(other?.status).toBe('imported');
  });

  it('gives each bad file its own result while the batch completes', async () => {
    const good = join(dir, 'good.txt');
    const empty = join(dir, 'empty.txt');
    const denied = join(dir, 'denied.txt');
    writeFileSync(good, 'good');
    writeFileSync(empty, '');
    writeFileSync(denied, 'x');
    chmodSync(denied, 0o000);
    const outcomes = await s.documents.importFiles(clientId, [join(dir, 'vanished.pdf'), empty, good, join(dir, '资料')]);
    expect(outcomes.map((o) => o.status)).toEqual(['failed', 'imported', 'imported', 'failed']);
    expect(outcomes[0]).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('vanished.pdf') });
  });

  it('imports dropped bytes and previews them from memory', async () => {
    const outcome = await s.documents.importBytes(clientId, '拖入的发票.txt', new TextEncoder().encode('发票 12345'), fields({ tags: ['发票'] }));
    expect(outcome.status).toBe('imported');
    const id = outcome.status === 'imported' ? outcome.documentId : '';
    const preview = await s.documents.preview(id);
    expect(new TextDecoder().decode(preview.data)).toBe('发票 12345');
    expect(preview.mime).toBe('text/plain');
  });

  it('previews a Word or Excel file with the model main built from it (in its worker)', async () => {
    const outcome = await s.documents.importBytes(clientId, '代理记账服务协议.docx', sampleDocx(), fields());
    const id = outcome.status === 'imported' ? outcome.documentId : '';
    const preview = await s.documents.preview(id);
    expect(preview.office?.kind).toBe('docx');
    expect(JSON.stringify(preview.office)).toContain('代理记账服务协议');
    // Other types carry no model.
    const text = await s.documents.importBytes(clientId, '备注.txt', new TextEncoder().encode('备注'), fields());
    expect((await s.documents.preview(text.status === 'imported' ? text.documentId : '')).office).toBeUndefined();
  });

  it('renames, files, trashes, restores and deletes permanently', async () => {
    const src = join(dir, 'r.txt');
    writeFileSync(src, 'rename me');
    const [o] = await s.documents.importFiles(clientId, [src]);
    const id = o?.status === 'imported' ? o.documentId : '';
    const updated = s.documents.update(id, '2024年3月 银行对账单.pdf', fields({ category: '银行对账单', periodYear: 2024, periodMonth: 3, tags: ['工行'], notes: '季度末' }));
    expect(updated).toMatchObject({ name: '2024年3月 银行对账单.pdf', category: '银行对账单', periodMonth: 3, tags: ['工行'] });
    s.documents.trash(id);
    expect(s.documents.list(clientId).map((d) => d.id)).not.toContain(id);
    expect(s.documents.list(clientId, 'trashed').map((d) => d.id)).toContain(id);
    s.documents.restore(id);
    expect(s.documents.list(clientId).map((d) => d.id)).toContain(id);
    const blobId = vault.repos.documentRecords.byId(id)!.blobId;
    backdate(s.documents, id);
    await s.documents.deletePermanently(id);
    expect(await vault.blobs.exists(blobId)).toBe(false);
    await expect(s.documents.preview(id)).rejects.toSatisfy((e) => isVaultError(e, 'NOT_FOUND'));
  });

  it('asks for a reason before exporting a secret client document, and sanitises the suggested name', async () => {
    const [o] = await s.documents.importFiles(secretClientId, [join(dir, 'good.txt')]);
    const id = o?.status === 'imported' ? o.documentId : '';
    s.documents.update(id, 'CON', fields());
    await expect(s.documents.exportWithPolicy(id, '  ', async () => join(dir, 'x'))).rejects.toSatisfy((e) => isVaultError(e, 'REASON_REQUIRED'));
    let suggested = '';
    const out = join(dir, 'exported.txt');
    const result = await s.documents.exportWithPolicy(id, '客户要求提供', async (name) => {
      suggested = name;
      return out;
    });
    expect(suggested).toBe('_CON');
    expect(result).toEqual({ cancelled: false, path: out, size: 4 });
    expect(readFileSync(out, 'utf8')).toBe('good');
    expect(await s.documents.exportWithPolicy(id, 'x', async () => null)).toEqual({ cancelled: true });
  });
});

describe('batched import', () => {
  const writeSet = (name: string, count: number, content: (i: number) => string): string[] => {
    const folder = join(dir, name);
    mkdirSync(folder, { recursive: true });
    return Array.from({ length: count }, (_, i) => {
      const path = join(folder, `${String(i).padStart(3, '0')}-凭证.txt`);
      writeFileSync(path, content(i));
      return path;
    });
  };

  it('makes every blob durable before any row references it, and commits a batch at once', async () => {
    const client = s.clients.create(clientInputSchema.parse({ name: '漳州批量导入有限公司' })).id;
    const sources = writeSet('batch-durable', 40, (i) => `凭证内容 ${i}`);
    const blobs = vault.blobs;
    const syncFile = blobs.syncFile.bind(blobs);
    const syncFolders = blobs.syncFolders.bind(blobs);
    const dataSynced = new Set<string>();
    const synced = new Set<string>();
    const problems: string[] = [];
    let folderSyncs = 0;
    const referenced = () => new Set(vault.repos.documentRecords.blobRefs().map((r) => r.blobId));
    blobs.syncFile = async (id) => {
      await syncFile(id);
      if (referenced().has(id)) problems.push(`${id} referenced before its data was synced`);
      dataSynced.add(id);
    };
    blobs.syncFolders = async (ids) => {
      folderSyncs++;
      // Every blob's data is on disk before its name is made durable.
      for (const id of ids) if (!dataSynced.has(id)) problems.push(`${id} folder synced before its data`);
      await syncFolders(ids);
      // At this moment no row may point at any of these blobs yet.
      const rows = referenced();
      for (const id of ids) if (rows.has(id)) problems.push(`${id} referenced before its folder was synced`);
      for (const id of ids) synced.add(id);
    };
    try {
      const outcomes = await s.documents.importFiles(client, sources);
      expect(outcomes.map((o) => o.status)).toEqual(sources.map(() => 'imported'));
      expect(outcomes.map((o) => o.source)).toEqual(sources);
    } finally {
      blobs.syncFile = syncFile;
      blobs.syncFolders = syncFolders;
    }
    expect(problems).toEqual([]);
    const docs = s.documents.list(client);
    expect(docs).toHaveLength(40);
    for (const d of docs) expect(synced.has(vault.repos.documentRecords.byId(d.id)!.blobId)).toBe(true);
    // Fewer folder syncs than files: the batch is flushed together.
    expect(folderSyncs).toBeLessThan(sources.length);
  });

  it('commits files in the order given, whichever finishes first: the first of two copies is the one imported', async () => {
    const client = s.clients.create(clientInputSchema.parse({ name: '南平先到先存有限公司' })).id;
    const sources = writeSet('batch-order', 6, (i) => `同一份合同 ${i % 3}`);
    const blobs = vault.blobs;
    const original = blobs.writeFromFile.bind(blobs);
    // The first file finishes last: its copy (the fourth) is written well before it.
    blobs.writeFromFile = async (blobId, key, source, options) => {
      if (source === sources[0]) await new Promise((resolve) => setTimeout(resolve, 300));
      return original(blobId, key, source, options);
    };
    try {
      const outcomes = await s.documents.importFiles(client, sources);
      expect(outcomes.map((o) => o.status)).toEqual(['imported', 'imported', 'imported', 'duplicate', 'duplicate', 'duplicate']);
      const first = outcomes[0]!.status === 'imported' ? outcomes[0]!.documentId : '';
      expect(outcomes[3]).toMatchObject({ status: 'duplicate', documentId: first });
      expect(s.documents.list(client).map((d) => d.name).sort()).toEqual(sources.slice(0, 3).map((p) => basename(p)).sort());
    } finally {
      blobs.writeFromFile = original;
    }
  });

  it('finds duplicates within one import and keeps outcomes in the order given', async () => {
    const client = s.clients.create(clientInputSchema.parse({ name: '龙岩重复文件有限公司' })).id;
    const sources = writeSet('batch-dup', 9, (i) => `内容 ${i % 3}`);
    const outcomes = await s.documents.importFiles(client, sources);
    expect(outcomes.map((o) => o.status)).toEqual(['imported', 'imported', 'imported', 'duplicate', 'duplicate', 'duplicate', 'duplicate', 'duplicate', 'duplicate']);
    const ids = outcomes.map((o) => (o.status === 'failed' ? '' : o.documentId));
    expect(ids.slice(3)).toEqual([...ids.slice(0, 3), ...ids.slice(0, 3)]);
    expect(s.documents.list(client)).toHaveLength(3);
    // No blob is left behind for the duplicates.
    const referenced = new Set(vault.repos.documentRecords.blobRefs().map((r) => r.blobId));
    expect((await vault.blobs.list()).filter((b) => !referenced.has(b))).toEqual([]);
  });

  it('a cancel keeps what was already written and leaves no stray blob', async () => {
    const client = s.clients.create(clientInputSchema.parse({ name: '三明取消导入有限公司' })).id;
    const sources = writeSet('batch-cancel', 30, (i) => `取消测试 ${i}`.repeat(2000));
    const controller = new AbortController();
    const progress: number[] = [];
    await expect(
      s.documents.importFiles(client, sources, {
        signal: controller.signal,
        onProgress: (done) => {
          progress.push(done);
          if (done === 10) controller.abort();
        },
      }),
    ).rejects.toSatisfy((e) => isVaultError(e, 'CANCELLED'));
    const kept = s.documents.list(client);
    expect(kept.length).toBeGreaterThanOrEqual(10);
    expect(kept.length).toBeLessThan(sources.length);
    const referenced = new Set(vault.repos.documentRecords.blobRefs().map((r) => r.blobId));
    expect((await vault.blobs.list()).filter((b) => !referenced.has(b))).toEqual([]);
    expect((await checkVault(vault)).problems).toEqual([]);
  });
});

describe('clients', () => {
  it('masks sensitive fields and reveals them one at a time', () => {
    const detail = s.clients.get(clientId);
    expect(detail.phoneMasked).toBe('139****5678');
    expect(detail.bankAccountMasked).toBe('**** **** 3445');
    expect(JSON.stringify(s.clients.list({ query: '', label: null, status: 'active', sort: 'name', offset: 0, limit: 10 }))).not.toContain('13912345678');
    expect(s.clients.reveal(clientId, 'phone')).toEqual({ field: 'phone', value: '13912345678' });
  });

  it('edits, refuses a duplicate credit code, archives without deleting', () => {
    const a = s.clients.create(clientInputSchema.parse({ name: '甲公司', creditCode: '91350100M000100Y43' }));
    const b = s.clients.create(clientInputSchema.parse({ name: '乙公司' }));
    // The refusal names the client that has the code, and gives its id (the form links to it).
    expect(() => s.clients.update(b.id, clientInputSchema.parse({ name: '乙公司', creditCode: '91350100m000100y43' }))).toThrow(
      expect.objectContaining({ code: 'ALREADY_EXISTS', values: expect.objectContaining({ clientId: a.id, clientName: '甲公司', creditCode: '91350100M000100Y43' }) }) as Error,
    );
    expect(s.clients.update(b.id, clientInputSchema.parse({ name: '乙公司（新）', label: 'confidential' })).label).toBe('confidential');
    s.clients.setArchived(a.id, true);
    const active = s.clients.list({ query: '公司', label: null, status: 'active', sort: 'name', offset: 0, limit: 50 });
    expect(active.items.map((c) => c.id)).not.toContain(a.id);
    const archived = s.clients.list({ query: '', label: null, status: 'archived', sort: 'name', offset: 0, limit: 50 });
    expect(archived.items.map((c) => c.id)).toEqual([a.id]);
  });

  it('filters by label and sorts, paging with a total', () => {
    const page = s.clients.list({ query: '', label: 'secret', status: 'active', sort: 'name', offset: 0, limit: 1 });
    expect(page.total).toBe(1);
    expect(page.items[0]?.name).toBe('厦门鹭岛绝密贸易有限公司');
  });
});

describe('search', () => {
  it('finds clients and documents by Chinese fragments, tags, categories, codes and periods', async () => {
    const o = await s.documents.importBytes(clientId, 'x.pdf', new TextEncoder().encode('工行 statement'), fields());
    s.documents.update(o.status === 'imported' ? o.documentId : '', '2024年3月 银行对账单.pdf', fields({ category: '银行对账单', periodYear: 2024, periodMonth: 3, tags: ['工行'], notes: '季度末' }));
    expect(s.search.search('闽江').clients.map((c) => c.name)).toContain('福州闽江财税咨询有限公司');
    expect(s.search.search('陈经理').clients).toHaveLength(1);
    expect(s.search.search('对账单').documents.map((d) => d.name)).toEqual(expect.arrayContaining(['3月.csv', '2024年3月 银行对账单.pdf']));
    expect(s.search.search('工行').documents.map((d) => d.name)).toEqual(['2024年3月 银行对账单.pdf']);
    expect(s.search.search('2024年3月').documents.map((d) => d.clientName)).toContain('福州闽江财税咨询有限公司');
    expect(s.search.search('季度末').documents).toHaveLength(1);
    expect(s.search.search('%').documents).toEqual([]);
    expect(s.search.search('   ')).toEqual({ clients: [], documents: [], credentials: [] });
  });

  it.each([
    ['2024', { year: 2024, month: null }],
    ['2024-03', { year: 2024, month: 3 }],
    ['2024年3月', { year: 2024, month: 3 }],
    ['2024.12', { year: 2024, month: 12 }],
    ['2024-13', null],
    ['对账单', null],
    ['12345', null],
  ])('parsePeriod(%j)', (text, expected) => {
    expect(parsePeriod(text)).toEqual(expected);
  });
});
