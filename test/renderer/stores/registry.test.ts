import { describe, expect, it } from 'vitest';
import type { StoreApi } from 'zustand';
import { resetAllStores } from '../../../src/renderer/src/stores/registry';

type AnyStore = StoreApi<Record<string, unknown>> & { getInitialState: () => Record<string, unknown> };

// Every store module in the renderer, found by name so a new one cannot be left out of this test.
const modules = import.meta.glob<Record<string, unknown>>('../../../src/renderer/src/**/*-store.ts', { eager: true });

const stores = Object.entries(modules).flatMap(([path, exports]) =>
  Object.entries(exports)
    .filter(([name, value]) => /^use\w+Store$/.test(name) && typeof value === 'function' && 'getState' in value)
    .map(([name, store]) => ({ name, path, store: store as AnyStore })),
);

function data(state: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(state).filter(([, value]) => typeof value !== 'function'));
}

describe('the store registry', () => {
  it('finds every store module', () => {
    expect(Object.keys(modules).length).toBeGreaterThanOrEqual(14);
    // One zustand store per *-store.ts file.
    expect(new Set(stores.map((s) => s.path)).size).toBe(Object.keys(modules).length);
  });

  it.each(stores.map((s) => [s.name, s.store] as const))('%s has a reset', (_name, store) => {
    expect(typeof store.getState().reset).toBe('function');
  });

  it.each(stores.map((s) => [s.name, s.store] as const))('resetAllStores puts every field of %s back', (_name, store) => {
    const initial = data(store.getInitialState());
    expect(Object.keys(initial).length).toBeGreaterThan(0);
    // Something in every field, as if the vault had been in use.
    store.setState(Object.fromEntries(Object.keys(initial).map((key) => [key, { leftOver: key }])));
    expect(data(store.getState())).not.toEqual(initial);
    resetAllStores();
    expect(data(store.getState())).toEqual(initial);
  });
});
