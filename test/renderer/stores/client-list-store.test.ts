import { describe, expect, it } from 'vitest';
import { CLIENT_PAGE_SIZE, useClientListStore } from '../../../src/renderer/src/stores/client-list-store';
import { installFakeBridge, settle } from '../fake-bridge';
import { clientDetail, clientSummary } from '../fixtures';

const list = () => useClientListStore.getState();
const page = (from: number, count: number, total: number) => ({ items: Array.from({ length: count }, (_, i) => clientSummary(from + i)), total });

describe('client list store', () => {
  it('loads the first page with the current filters', async () => {
    const fake = installFakeBridge().on('clientList', () => page(1, 2, 2));
    await list().load();
    expect(fake.requests('clientList')).toEqual([{ query: '', label: null, status: 'active', offset: 0, limit: CLIENT_PAGE_SIZE }]);
    expect(list().items.map((c) => c.name)).toEqual(['客户1', '客户2']);
    expect(list().total).toBe(2);
    expect(list().loading).toBe(false);
  });

  it('searches with the trimmed query, the label and the status (已解除委托 among them), and skips a query that did not change', async () => {
    const fake = installFakeBridge().on('clientList', () => page(1, 1, 1));
    list().setQuery('  甲公司 ');
    await settle();
    list().setLabel('secret');
    await settle();
    list().setQuery('  甲公司 ');
    await settle();
    list().setStatus('ended');
    await settle();
    expect(fake.requests('clientList')).toEqual([
      { query: '甲公司', label: null, status: 'active', offset: 0, limit: CLIENT_PAGE_SIZE },
      { query: '甲公司', label: 'secret', status: 'active', offset: 0, limit: CLIENT_PAGE_SIZE },
      { query: '甲公司', label: 'secret', status: 'ended', offset: 0, limit: CLIENT_PAGE_SIZE },
    ]);
  });

  it('appends the next page from where the list ends, and stops at the total', async () => {
    const fake = installFakeBridge().on('clientList', ({ offset = 0 }) => (offset === 0 ? page(1, CLIENT_PAGE_SIZE, CLIENT_PAGE_SIZE + 3) : page(offset + 1, 3, CLIENT_PAGE_SIZE + 3)));
    await list().load();
    await list().loadMore();
    expect(list().items).toHaveLength(CLIENT_PAGE_SIZE + 3);
    expect(list().items.at(-1)?.name).toBe(`客户${CLIENT_PAGE_SIZE + 3}`);
    await list().loadMore();
    expect(fake.requests('clientList').map((r) => r.offset)).toEqual([0, CLIENT_PAGE_SIZE]);
  });

  it('asks for no second page while one is loading', async () => {
    const held = installFakeBridge().hold('clientList');
    void list().load();
    await held[0]?.answer(page(1, CLIENT_PAGE_SIZE, 1000));
    void list().loadMore();
    void list().loadMore();
    await settle();
    expect(held).toHaveLength(2);
    await held[1]?.answer(page(CLIENT_PAGE_SIZE + 1, CLIENT_PAGE_SIZE, 1000));
  });

  it('shows only the answer to the latest search, whatever order the answers come in', async () => {
    const held = installFakeBridge().hold('clientList');
    list().setQuery('甲');
    list().setQuery('甲乙');
    await settle();
    await held[1]?.answer({ items: [clientSummary(2, '甲乙公司')], total: 1 });
    await held[0]?.answer({ items: [clientSummary(1, '甲公司')], total: 1 });
    expect(list().items.map((c) => c.name)).toEqual(['甲乙公司']);
  });

  it('drops a next page that arrives after the filters changed', async () => {
    const held = installFakeBridge().hold('clientList');
    void list().load();
    await held[0]?.answer(page(1, CLIENT_PAGE_SIZE, 1000));
    void list().loadMore();
    list().setLabel('public');
    await settle();
    await held[2]?.answer({ items: [clientSummary(9, '公开客户')], total: 1 });
    await held[1]?.answer(page(CLIENT_PAGE_SIZE + 1, CLIENT_PAGE_SIZE, 1000));
    expect(list().items.map((c) => c.name)).toEqual(['公开客户']);
  });

  it('surfaces a failure as error data with its code, keeping no spinner', async () => {
    installFakeBridge().refuse('clientList', 'VAULT_LOCKED', 'locked');
    await list().load();
    expect(list().error).toEqual({ code: 'VAULT_LOCKED', message: 'locked' });
    expect(list().loading).toBe(false);
  });

  it('holds nothing after a reset, even when an answer was on its way', async () => {
    const held = installFakeBridge().hold('clientList');
    list().setQuery('甲');
    await settle();
    list().reset();
    await held[0]?.answer(page(1, 5, 5));
    expect(list().items).toEqual([]);
    expect(list().query).toBe('');
    expect(list().loading).toBe(false);
  });

  it('creates a client and hands back main’s answer or its error', async () => {
    const fake = installFakeBridge().on('clientCreate', (req) => clientDetail(7, { name: req.name }));
    const created = await list().create({ name: '新客户', label: 'confidential' });
    expect(created).toEqual({ ok: true, data: clientDetail(7, { name: '新客户' }) });
    expect(fake.requests('clientCreate')).toEqual([{ name: '新客户', label: 'confidential' }]);
    fake.refuse('clientCreate', 'INVALID_INPUT', 'bad credit code');
    expect(await list().create({ name: 'x' })).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: 'bad credit code' } });
  });

  it('reads the list again after an import that created clients, not after one that created none', async () => {
    const id = (n: number) => n.toString(16).padStart(32, '0');
    let imported = 1;
    const fake = installFakeBridge()
      .on('clientList', () => page(1, 1, 1))
      .on('clientImportRun', () => ({ fileName: '客户清单.xlsx', imported, skipped: 0, failed: 0, rows: imported ? [{ row: 2, status: 'imported' as const, name: '甲公司', clientId: id(9) }] : [] }));
    const request = { token: id(7), sheet: 0, mapping: ['name' as const, null], skip: [3] };
    const done = await list().importRun(request);
    await settle();
    expect(done.ok && done.data.imported).toBe(1);
    expect(fake.requests('clientImportRun')).toEqual([request]);
    expect(fake.requests('clientList')).toHaveLength(1);
    imported = 0;
    await list().importRun(request);
    await settle();
    expect(fake.requests('clientList')).toHaveLength(1);
  });

  it('sends the export reason and nothing else', async () => {
    const fake = installFakeBridge().on('clientExport', () => ({ cancelled: true }));
    expect(await list().exportList('年度盘点')).toEqual({ ok: true, data: { cancelled: true } });
    expect(fake.requests('clientExport')).toEqual([{ reason: '年度盘点' }]);
  });
});
