import { describe, expect, it } from 'vitest';
import { useClientDetailStore } from '../../../src/renderer/src/stores/client-detail-store';
import { installFakeBridge } from '../fake-bridge';
import { clientDetail, id } from '../fixtures';

const detail = () => useClientDetailStore.getState();

describe('client detail store', () => {
  it('loads one client', async () => {
    const fake = installFakeBridge().on('clientGet', ({ id: wanted }) => clientDetail(parseInt(wanted, 16)));
    await detail().load(id(3));
    expect(fake.requests('clientGet')).toEqual([{ id: id(3) }]);
    expect(detail().client?.id).toBe(id(3));
    expect(detail().loading).toBe(false);
  });

  it('clears the shown client as another one loads, and says why a load failed', async () => {
    const fake = installFakeBridge().on('clientGet', () => clientDetail(1));
    await detail().load(id(1));
    const held = fake.hold('clientGet');
    void detail().load(id(2));
    expect(detail().client).toBeNull();
    expect(detail().loading).toBe(true);
    await held[0]?.refuse('PERMISSION_DENIED', 'not granted');
    expect(detail().error).toEqual({ code: 'PERMISSION_DENIED', message: 'not granted' });
    expect(detail().loading).toBe(false);
  });

  it('shows the client asked for last, not the one that answered last', async () => {
    const held = installFakeBridge().hold('clientGet');
    void detail().load(id(1));
    void detail().load(id(2));
    await held[1]?.answer(clientDetail(2));
    await held[0]?.answer(clientDetail(1));
    expect(detail().client?.id).toBe(id(2));
  });

  it('drops a client that arrives after a reset (the vault locked)', async () => {
    const held = installFakeBridge().hold('clientGet');
    void detail().load(id(1));
    detail().reset();
    await held[0]?.answer(clientDetail(1));
    expect(detail().client).toBeNull();
  });

  it('shows main’s answer to a change of the shown client, but not once it is gone', async () => {
    const fake = installFakeBridge()
      .on('clientGet', () => clientDetail(1))
      .on('clientArchive', ({ id: which, archived }) => clientDetail(parseInt(which, 16), { status: archived ? 'archived' : 'active' }));
    await detail().load(id(1));
    const archived = await detail().archive(id(1), true);
    expect(fake.requests('clientArchive')).toEqual([{ id: id(1), archived: true }]);
    if (!archived.ok) throw new Error('archive failed');
    detail().setClient(archived.data);
    expect(detail().client?.status).toBe('archived');
    // A late answer after the lock, or for a client no longer shown, brings nothing back.
    detail().reset();
    detail().setClient(archived.data);
    expect(detail().client).toBeNull();
  });

  it('sends an update whole and reports a refusal as error data', async () => {
    const fake = installFakeBridge().refuse('clientUpdate', 'PERMISSION_DENIED', 'no');
    const input = { name: '甲公司', phone: '13800000000', label: 'secret' as const };
    expect(await detail().update(id(1), input)).toEqual({ ok: false, error: { code: 'PERMISSION_DENIED', message: 'no' } });
    expect(fake.requests('clientUpdate')).toEqual([{ id: id(1), client: input }]);
  });

  it('reveals one field per call, for the caller to hold', async () => {
    const fake = installFakeBridge().on('clientReveal', ({ field }) => ({ field, value: field === 'phone' ? '13800005678' : null }));
    expect(await detail().reveal(id(1), 'phone')).toEqual({ ok: true, data: { field: 'phone', value: '13800005678' } });
    expect(await detail().reveal(id(1), 'bankAccount')).toEqual({ ok: true, data: { field: 'bankAccount', value: null } });
    expect(fake.requests('clientReveal')).toEqual([
      { id: id(1), field: 'phone' },
      { id: id(1), field: 'bankAccount' },
    ]);
    // Revealed values are never kept in the store.
    expect(JSON.stringify(detail())).not.toContain('13800005678');
  });
});
