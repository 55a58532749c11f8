import { describe, expect, it } from 'vitest';
import { useRetentionStore } from '../../../src/renderer/src/retention/retention-store';
import { resetAllStores } from '../../../src/renderer/src/stores/registry';
import { defaultRetentionPeriods, type DestructionItem, type DestructionList } from '../../../src/shared/retention';
import { installFakeBridge, refusal, settle } from '../fake-bridge';

const store = () => useRetentionStore.getState();
const item: DestructionItem = {
  documentId: 'd'.repeat(32),
  clientId: 'c'.repeat(32),
  clientName: '漳州九龙江贸易有限公司',
  name: '1995年3月 记账凭证.pdf',
  category: '凭证',
  periodYear: 1995,
  periodMonth: 3,
  years: 30,
  keepUntil: '2025-12-31',
  size: 1,
  sha256: 'e3'.repeat(32),
  outcome: 'pending',
};
const list: DestructionList = {
  id: 'ab'.repeat(16),
  state: 'open',
  createdAt: '2026-01-02T00:00:00.000Z',
  createdBy: 's',
  createdByName: '张所长',
  items: [item],
  approvals: [],
  needs: ['owner'],
  carriedOutAt: null,
  carriedOutBy: null,
  carriedOutByName: null,
};

describe('retention store (保管期限, 销毁清册)', () => {
  it('loads what has passed retention and the lists; a step reloads them', async () => {
    const fake = installFakeBridge()
      .on('destructionCandidates', () => [item])
      .on('destructionLists', () => [list])
      .on('destructionApprove', () => ({ ...list, state: 'approved' as const }));
    await store().load();
    expect(store().candidates).toEqual([item]);
    expect(store().lists).toEqual([list]);
    const approved = await store().approve(list.id);
    expect(approved.ok).toBe(true);
    expect(fake.requests('destructionApprove')).toEqual([{ id: list.id }]);
    expect(fake.requests('destructionLists')).toHaveLength(2);
  });

  it('holds nothing after a lock, even an answer that arrives later', async () => {
    installFakeBridge()
      .on('destructionCandidates', () => [item])
      .on('destructionLists', () => [list]);
    const pending = store().load();
    resetAllStores();
    await pending;
    await settle();
    expect(store().candidates).toEqual([]);
    expect(store().lists).toEqual([]);
  });

  it('passes a refusal on (a second approval by the same person)', async () => {
    installFakeBridge()
      .on('destructionApprove', () => {
        throw refusal('SAME_APPROVER');
      })
      .on('destructionCandidates', () => [])
      .on('destructionLists', () => []);
    const result = await store().approve(list.id);
    expect(result.ok ? null : result.error.code).toBe('SAME_APPROVER');
  });

  it('keeps the periods main answers after a change', async () => {
    const periods = { ...defaultRetentionPeriods(), contract: 15 };
    installFakeBridge().on('retentionPeriodSet', () => periods);
    await store().setPeriod('contract', 15);
    expect(store().periods?.contract).toBe(15);
  });
});
