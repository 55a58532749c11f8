import { describe, expect, it } from 'vitest';
import { useRouteStore } from '../../../src/renderer/src/stores/route-store';

describe('route store', () => {
  it('starts at the client list, navigates, and goes back there on reset', () => {
    expect(useRouteStore.getState().route).toEqual({ name: 'clients' });
    useRouteStore.getState().navigate({ name: 'client', id: 'abc' });
    expect(useRouteStore.getState().route).toEqual({ name: 'client', id: 'abc' });
    useRouteStore.getState().reset();
    expect(useRouteStore.getState().route).toEqual({ name: 'clients' });
  });
});
