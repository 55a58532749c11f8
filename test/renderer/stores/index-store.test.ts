import { describe, expect, it, vi } from 'vitest';
import { useDocumentsStore } from '../../../src/renderer/src/stores/documents-store';
import { INDEX_POLL_MS, useIndexStore } from '../../../src/renderer/src/stores/index-store';
import { resetAllStores } from '../../../src/renderer/src/stores/registry';
import type { IndexProgress } from '../../../src/shared/domain';
import { installFakeBridge, settle } from '../fake-bridge';
import { id } from '../fixtures';

const index = () => useIndexStore.getState();
const progress = (pending: number, done = 0, patch: Partial<IndexProgress> = {}): IndexProgress => ({ pending, done, running: pending > 0, paused: false, ...patch });

describe('index store (正在读取资料内容)', () => {
  it('asks once and stops when nothing is waiting', async () => {
    vi.useFakeTimers();
    const fake = installFakeBridge().on('indexStatus', () => progress(0));
    await index().check();
    await vi.advanceTimersByTimeAsync(INDEX_POLL_MS * 5);
    expect(fake.requests('indexStatus')).toHaveLength(1);
    expect(index().progress).toEqual(progress(0));
  });

  it('polls while documents wait, refreshes the open list as they are read, and stops when all are read', async () => {
    vi.useFakeTimers();
    let now = progress(2);
    const fake = installFakeBridge().on('indexStatus', () => now).on('docList', () => []);
    await useDocumentsStore.getState().load(id(1));
    await index().check();
    const lists = fake.requests('docList').length;
    await vi.advanceTimersByTimeAsync(INDEX_POLL_MS);
    expect(fake.requests('indexStatus')).toHaveLength(2);
    expect(fake.requests('docList')).toHaveLength(lists);
    now = progress(1, 1);
    await vi.advanceTimersByTimeAsync(INDEX_POLL_MS);
    await settle();
    expect(index().progress?.pending).toBe(1);
    expect(fake.requests('docList')).toHaveLength(lists + 2);
    now = progress(0, 2);
    await vi.advanceTimersByTimeAsync(INDEX_POLL_MS);
    await vi.advanceTimersByTimeAsync(INDEX_POLL_MS * 5);
    expect(fake.requests('indexStatus')).toHaveLength(4);
  });

  it('stops polling at lock and forgets the progress', async () => {
    vi.useFakeTimers();
    const fake = installFakeBridge().on('indexStatus', () => progress(5));
    await index().check();
    resetAllStores();
    await vi.advanceTimersByTimeAsync(INDEX_POLL_MS * 5);
    expect(fake.requests('indexStatus')).toHaveLength(1);
    expect(index().progress).toBeNull();
  });

  it('drops an answer that arrives after the lock', async () => {
    const fake = installFakeBridge();
    const held = fake.hold('indexStatus');
    const checking = index().check();
    await settle();
    resetAllStores();
    await held[0]!.answer(progress(3));
    await checking;
    expect(index().progress).toBeNull();
  });

  it('pauses (no polling while paused) and resumes', async () => {
    vi.useFakeTimers();
    let paused = false;
    const fake = installFakeBridge()
      .on('indexStatus', () => progress(3, 0, { paused }))
      .on('indexPause', (req) => {
        paused = req.paused;
        return progress(3, 0, { paused });
      });
    await index().check();
    await index().setPaused(true);
    expect(fake.requests('indexPause')).toEqual([{ paused: true }]);
    expect(index().progress?.paused).toBe(true);
    const asked = fake.requests('indexStatus').length;
    await vi.advanceTimersByTimeAsync(INDEX_POLL_MS * 5);
    expect(fake.requests('indexStatus')).toHaveLength(asked);
    await index().setPaused(false);
    expect(index().progress?.paused).toBe(false);
    await vi.advanceTimersByTimeAsync(INDEX_POLL_MS);
    expect(fake.requests('indexStatus')).toHaveLength(asked + 1);
  });

  it('stops asking when main refuses (e.g. locked meanwhile)', async () => {
    vi.useFakeTimers();
    const fake = installFakeBridge().refuse('indexStatus', 'VAULT_LOCKED', 'locked');
    await index().check();
    await vi.advanceTimersByTimeAsync(INDEX_POLL_MS * 5);
    expect(fake.requests('indexStatus')).toHaveLength(1);
    expect(index().error?.code).toBe('VAULT_LOCKED');
  });
});
