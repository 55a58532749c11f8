import { describe, expect, it } from 'vitest';
import { CLIENT_OPTIONS_LIMIT, PAGE_SIZE, useAuditStore } from '../../../src/renderer/src/admin/audit-store';
import { installFakeBridge, settle } from '../fake-bridge';
import { auditEntry, clientSummary, id, staffInfo } from '../fixtures';

const audit = () => useAuditStore.getState();
const noFilter = { staffId: null, clientId: null, action: null, outcome: null, from: null, to: null };
const pageOf = (...seqs: number[]) => ({ items: seqs.map(auditEntry), total: 120 });

describe('audit store', () => {
  it('loads the first page with no filter', async () => {
    const fake = installFakeBridge().on('auditList', () => pageOf(1, 2));
    await audit().load();
    expect(fake.requests('auditList')).toEqual([{ ...noFilter, offset: 0, limit: PAGE_SIZE }]);
    expect(audit().items.map((e) => e.seq)).toEqual([1, 2]);
    expect(audit().total).toBe(120);
  });

  it('pages by PAGE_SIZE, and goes back to page 1 when the filter changes', async () => {
    const fake = installFakeBridge().on('auditList', () => pageOf(3));
    audit().setPage(3);
    await settle();
    audit().setFilter({ action: 'doc.export' });
    await settle();
    audit().setFilter({ outcome: 'denied' });
    await settle();
    expect(fake.requests('auditList')).toEqual([
      { ...noFilter, offset: 2 * PAGE_SIZE, limit: PAGE_SIZE },
      { ...noFilter, action: 'doc.export', offset: 0, limit: PAGE_SIZE },
      { ...noFilter, action: 'doc.export', outcome: 'denied', offset: 0, limit: PAGE_SIZE },
    ]);
    expect(audit().page).toBe(1);
  });

  it('shows the answer to the latest request only', async () => {
    const held = installFakeBridge().hold('auditList');
    audit().setPage(2);
    audit().setPage(3);
    await held[1]?.answer(pageOf(101));
    await held[0]?.answer(pageOf(51));
    expect(audit().items.map((e) => e.seq)).toEqual([101]);
  });

  it('drops a page and its failure once reset (the vault locked)', async () => {
    const held = installFakeBridge().hold('auditList');
    void audit().load();
    void audit().load();
    audit().reset();
    await held[0]?.answer(pageOf(1));
    await held[1]?.refuse('INTERNAL', 'late');
    expect(audit().items).toEqual([]);
    expect(audit().error).toBeNull();
    expect(audit().loading).toBe(false);
  });

  it('says why the log could not load', async () => {
    installFakeBridge().refuse('auditList', 'PERMISSION_DENIED', 'auditors only');
    await audit().load();
    expect(audit().error).toEqual({ code: 'PERMISSION_DENIED', message: 'auditors only' });
    expect(audit().loading).toBe(false);
  });

  it('loads the filter choices, each falling back to none on its own', async () => {
    const fake = installFakeBridge()
      .on('staffList', () => [staffInfo(1)])
      .on('clientList', () => ({ items: [clientSummary(1)], total: 1 }));
    await audit().loadOptions();
    expect(fake.requests('clientList')).toEqual([{ limit: CLIENT_OPTIONS_LIMIT }]);
    expect(audit().staffOptions.map((s) => s.name)).toEqual(['员工1']);
    expect(audit().clientOptions.map((c) => c.name)).toEqual(['客户1']);
    fake.refuse('staffList', 'PERMISSION_DENIED');
    await audit().loadOptions();
    expect(audit().staffOptions).toEqual([]);
    expect(audit().clientOptions).toHaveLength(1);
  });

  it('exports the events matching the current filter', async () => {
    const fake = installFakeBridge()
      .on('auditList', () => pageOf(1))
      .on('auditExportCsv', () => ({ cancelled: false, path: '/out/audit.csv', count: 7 }));
    audit().setFilter({ clientId: id(1), from: '2024-01-01T00:00:00.000Z' });
    await settle();
    expect(await audit().exportCsv()).toEqual({ ok: true, data: { cancelled: false, path: '/out/audit.csv', count: 7 } });
    expect(fake.requests('auditExportCsv')).toEqual([{ ...noFilter, clientId: id(1), from: '2024-01-01T00:00:00.000Z' }]);
    fake.refuse('auditExportCsv', 'DISK_FULL', 'full');
    expect(await audit().exportCsv()).toEqual({ ok: false, error: { code: 'DISK_FULL', message: 'full' } });
  });
});
