import { describe, expect, it } from 'vitest';
import { useDocumentsStore } from '../../../src/renderer/src/stores/documents-store';
import { installFakeBridge } from '../fake-bridge';
import { documentMeta, id } from '../fixtures';

const docs = () => useDocumentsStore.getState();
const fields = { category: '合同', periodYear: 2024, periodMonth: 3, tags: ['年报'], notes: '' };

function listsOf(clientN: number) {
  return installFakeBridge().on('docList', ({ clientId, status }) =>
    clientId === id(clientN) ? [documentMeta(status === 'active' ? 1 : 2, clientN, { status: status ?? 'active' })] : [],
  );
}

describe('documents store', () => {
  it('loads both lists of a client', async () => {
    const fake = listsOf(1);
    await docs().load(id(1));
    expect(fake.requests('docList')).toEqual([
      { clientId: id(1), status: 'active' },
      { clientId: id(1), status: 'trashed' },
    ]);
    expect(docs().active.map((d) => d.status)).toEqual(['active']);
    expect(docs().trashed.map((d) => d.status)).toEqual(['trashed']);
  });

  it("never shows another client's lists, not even while the new ones load", async () => {
    const fake = listsOf(1);
    await docs().load(id(1));
    docs().setCategory('合同');
    const held = fake.hold('docList');
    void docs().load(id(2));
    expect(docs()).toMatchObject({ clientId: id(2), active: [], trashed: [], category: null, loading: true });
    await held[0]?.answer([]);
    await held[1]?.answer([]);
  });

  it('keeps the category filter when the same client reloads', async () => {
    listsOf(1);
    await docs().load(id(1));
    docs().setCategory('凭证');
    await docs().load(id(1));
    expect(docs().category).toBe('凭证');
  });

  it('refreshes the current client, and does nothing without one', async () => {
    const fake = listsOf(1);
    await docs().refresh();
    expect(fake.calls).toEqual([]);
    await docs().load(id(1));
    await docs().refresh();
    expect(fake.requests('docList')).toHaveLength(4);
  });

  it('says why the lists could not load', async () => {
    installFakeBridge().refuse('docList', 'PERMISSION_DENIED', 'not granted');
    await docs().load(id(1));
    expect(docs().error).toEqual({ code: 'PERMISSION_DENIED', message: 'not granted' });
    expect(docs().loading).toBe(false);
  });

  it('drops lists that arrive after a reset', async () => {
    const held = installFakeBridge().hold('docList');
    void docs().load(id(1));
    docs().reset();
    await held[0]?.answer([documentMeta(1, 1)]);
    await held[1]?.answer([]);
    expect(docs().active).toEqual([]);
    expect(docs().clientId).toBeNull();
  });

  it('trashes, restores and deletes one document each, answering with the error if any', async () => {
    const fake = installFakeBridge()
      .on('docTrash', () => documentMeta(1, 1, { status: 'trashed' }))
      .on('docRestore', () => documentMeta(1, 1))
      .refuse('docDelete', 'PERMISSION_DENIED', 'owner only');
    expect(await docs().trash(id(1001))).toBeNull();
    expect(await docs().restore(id(1001))).toBeNull();
    expect(await docs().remove(id(1001))).toEqual({ code: 'PERMISSION_DENIED', message: 'owner only' });
    expect(fake.channels()).toEqual(['docTrash', 'docRestore', 'docDelete']);
    expect(fake.calls.map((c) => c.request)).toEqual([{ id: id(1001) }, { id: id(1001) }, { id: id(1001) }]);
  });

  it('updates a document’s name and fields', async () => {
    const fake = installFakeBridge().on('docUpdate', ({ name, fields: f }) => documentMeta(1, 1, { name, category: f.category ?? '' }));
    const saved = await docs().update(id(1001), '合同.pdf', fields);
    expect(saved).toMatchObject({ ok: true, data: { name: '合同.pdf', category: '合同' } });
    expect(fake.requests('docUpdate')).toEqual([{ id: id(1001), name: '合同.pdf', fields }]);
  });

  it('exports with the reason given, and passes REASON_REQUIRED on for the caller to ask', async () => {
    const fake = installFakeBridge().refuse('docExport', 'REASON_REQUIRED', 'reason needed');
    expect(await docs().exportDocument(id(1001), '')).toEqual({ ok: false, error: { code: 'REASON_REQUIRED', message: 'reason needed' } });
    fake.on('docExport', () => ({ cancelled: false, path: '/out/a.pdf', size: 3 }));
    expect(await docs().exportDocument(id(1001), '年审')).toEqual({ ok: true, data: { cancelled: false, path: '/out/a.pdf', size: 3 } });
    expect(fake.requests('docExport')).toEqual([
      { id: id(1001), reason: '' },
      { id: id(1001), reason: '年审' },
    ]);
  });
});
