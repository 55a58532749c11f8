import { describe, expect, it } from 'vitest';
import { useSearchStore } from '../../../src/renderer/src/stores/search-store';
import { installFakeBridge } from '../fake-bridge';
import { clientSummary } from '../fixtures';

const search = () => useSearchStore.getState();
const hits = (name: string) => ({ clients: [clientSummary(1, name)], documents: [], credentials: [] });

describe('search store', () => {
  it('searches with the trimmed query and keeps the query the hits answer', async () => {
    const fake = installFakeBridge().on('search', ({ query }) => hits(query));
    await search().search('  甲公司  ');
    expect(fake.requests('search')).toEqual([{ query: '甲公司' }]);
    expect(search().query).toBe('甲公司');
    expect(search().hits?.clients[0]?.name).toBe('甲公司');
  });

  it('clears without asking main when the query is blank', async () => {
    const fake = installFakeBridge().on('search', () => hits('甲'));
    await search().search('甲');
    await search().search('   ');
    expect(fake.requests('search')).toHaveLength(1);
    expect(search().hits).toBeNull();
    expect(search().query).toBe('');
  });

  it('shows only the latest query’s hits, and none after clearing', async () => {
    const held = installFakeBridge().hold('search');
    void search().search('甲');
    void search().search('甲乙');
    await held[1]?.answer(hits('甲乙'));
    await held[0]?.answer(hits('甲'));
    expect(search().query).toBe('甲乙');
    void search().search('丙');
    search().clear();
    await held[2]?.answer(hits('丙'));
    expect(search().hits).toBeNull();
  });

  it('says why a search failed', async () => {
    installFakeBridge().refuse('search', 'INVALID_INPUT', 'too long');
    await search().search('x');
    expect(search().error).toEqual({ code: 'INVALID_INPUT', message: 'too long' });
    expect(search().loading).toBe(false);
  });
});
