import { beforeEach, describe, expect, it } from 'vitest';
import type { ShareEntry } from '../../../src/shared/shares';
import { resetAllStores } from '../../../src/renderer/src/stores/registry';
import { useSharesStore } from '../../../src/renderer/src/stores/shares-store';
import { installFakeBridge } from '../fake-bridge';
import { id } from '../fixtures';

const shares = () => useSharesStore.getState();
const entry = (n: number, clientId: string): ShareEntry => ({
  id: id(2000 + n),
  clientId,
  createdAt: '2026-03-10T01:00:00.000Z',
  createdBy: { id: id(9), name: '张所长' },
  recipient: `事务所${n}`,
  purpose: '年度审计',
  until: '2026-04-30',
  encryption: 'passphrase',
  ageRecipient: null,
  fileName: 'x.tar.age',
  files: [],
});
const request = { clientId: id(1), documentIds: [id(1001)], recipient: '事务所', purpose: '年度审计', until: '2026-04-30', encryption: { kind: 'passphrase' as const } };

beforeEach(() => shares().reset());

describe('shares store', () => {
  it('loads one client’s register and reloads it after a share; a cancelled dialog reloads nothing', async () => {
    const fake = installFakeBridge()
      .on('shareList', () => [entry(1, id(1))])
      .on('shareCreate', () => ({ cancelled: true }));
    await shares().load(id(1));
    expect(shares().entries.map((e) => e.recipient)).toEqual(['事务所1']);
    await shares().create(request);
    expect(fake.requests('shareList')).toHaveLength(1);
    fake.on('shareCreate', () => ({ cancelled: false, path: '/x', size: 1, share: entry(2, id(1)), passphrase: 'abcd-efgh' }));
    fake.on('shareList', () => [entry(2, id(1)), entry(1, id(1))]);
    const result = await shares().create(request);
    expect(result.ok && !result.data.cancelled && result.data.passphrase).toBe('abcd-efgh');
    expect(shares().entries.map((e) => e.recipient)).toEqual(['事务所2', '事务所1']);
    // The passphrase is handed to the dialog, never kept in the store.
    expect(JSON.stringify(shares())).not.toContain('abcd-efgh');
  });

  it('holds nothing after a lock', async () => {
    installFakeBridge().on('shareList', () => [entry(1, id(1))]);
    await shares().load(id(1));
    resetAllStores();
    expect(shares()).toMatchObject({ clientId: null, entries: [], error: null });
  });

  it('keeps a refusal as its error', async () => {
    installFakeBridge().refuse('shareList', 'NOT_FOUND');
    await shares().load(id(1));
    expect(shares().error?.code).toBe('NOT_FOUND');
  });
});
