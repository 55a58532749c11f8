/**
 * The renderer project runs under Node without a DOM: `window` is made
 * `globalThis` (as it is in a page) with an in-memory sessionStorage. After
 * each test every store is reset through the registry, as a lock would, and
 * the fake bridge is removed; a call the test did not expect fails it.
 */
import { afterEach, beforeEach, expect, vi } from 'vitest';
import { resetAllStores } from '../../src/renderer/src/stores/registry';
import { removeFakeBridge } from './fake-bridge';
import { MemoryStorage } from './memory-storage';

const storage = new MemoryStorage();

beforeEach(() => {
  Object.defineProperty(globalThis, 'window', { value: globalThis, configurable: true, writable: true });
  Object.defineProperty(globalThis, 'sessionStorage', { value: storage, configurable: true, writable: true });
});

afterEach(() => {
  vi.useRealTimers();
  resetAllStores();
  storage.clear();
  const fake = removeFakeBridge();
  expect(fake?.unexpected ?? [], 'bridge calls without a fake answer').toEqual([]);
});
