import { beforeEach, describe, expect, it } from 'vitest';
import { changeOf } from '../../../src/renderer/src/documents/BulkEditModal';
import { useBulkStore } from '../../../src/renderer/src/stores/bulk-store';
import { installFakeBridge } from '../fake-bridge';
import { documentMeta, id } from '../fixtures';

const bulk = () => useBulkStore.getState();
const docs = [documentMeta(1, 1, { rev: 3 }), documentMeta(2, 1, { rev: 5 }), documentMeta(3, 1, { rev: 1 })];
const failure = (n: number) => ({ id: id(1000 + n), name: `凭证${n}.pdf`, error: { code: 'CONFLICT' as const, message: 'changed' } });

beforeEach(() => bulk().reset());

describe('bulk store', () => {
  it('sends each document with the revision the page saw, and keeps only the failed ones selected, reported', async () => {
    const fake = installFakeBridge().on('docBulkTrash', () => ({ batchId: 'b'.repeat(32), done: [id(1001), id(1003)], unchanged: [], failed: [failure(2)] }));
    bulk().select(id(1), 'active', docs.map((d) => d.id));
    const result = await bulk().trash(docs);
    expect(result.ok).toBe(true);
    expect(fake.requests('docBulkTrash')).toEqual([{ items: [{ id: id(1001), rev: 3 }, { id: id(1002), rev: 5 }, { id: id(1003), rev: 1 }] }]);
    expect(bulk().selected.active).toEqual([id(1002)]);
    expect(bulk().report).toEqual([failure(2)]);
    bulk().dismissReport();
    expect(bulk().report).toBeNull();
  });

  it('a refused batch keeps the selection and reports nothing per document', async () => {
    installFakeBridge().refuse('docBulkUpdate', 'BATCH_TOO_LARGE');
    bulk().select(id(1), 'active', [id(1001)]);
    const result = await bulk().update([docs[0]!], { category: '合同' });
    expect(result.ok).toBe(false);
    expect(bulk()).toMatchObject({ selected: { active: [id(1001)], trash: [] }, report: null, running: false });
  });

  it('a cancelled export dialog keeps the selection', async () => {
    installFakeBridge().on('docBulkExport', () => ({ cancelled: true }));
    bulk().select(id(1), 'active', [id(1001), id(1002)]);
    await bulk().exportArchive([id(1001), id(1002)], '年度审计');
    expect(bulk().selected.active).toEqual([id(1001), id(1002)]);
  });

  it("never carries a selection over to another client, and drops what is no longer listed", () => {
    bulk().select(id(1), 'active', [id(1001), id(1002)]);
    bulk().select(id(1), 'trash', [id(1003)]);
    bulk().prune(id(1), { active: [docs[1]!], trash: [] });
    expect(bulk().selected).toEqual({ active: [id(1002)], trash: [] });
    bulk().prune(id(2), { active: docs, trash: [] });
    expect(bulk()).toMatchObject({ clientId: id(2), selected: { active: [], trash: [] } });
  });
});

describe('bulk edit form', () => {
  it('asks only for what was filled in', () => {
    expect(changeOf({})).toBeNull();
    expect(changeOf({ category: '  ', addTags: [' '], setPeriod: false, periodYear: 2024 })).toBeNull();
    expect(changeOf({ category: ' 合同 ' })).toEqual({ category: '合同' });
    expect(changeOf({ setPeriod: true, periodYear: 2024, periodMonth: 3 })).toEqual({ period: { year: 2024, month: 3 } });
    // No year clears the period (a month alone means nothing).
    expect(changeOf({ setPeriod: true, periodYear: null, periodMonth: 3 })).toEqual({ period: { year: null, month: null } });
    expect(changeOf({ addTags: ['已审核', '已审核'], removeTags: ['待补充'] })).toEqual({ addTags: ['已审核'], removeTags: ['待补充'] });
  });
});
