import { create } from 'zustand';
import { registerReset } from './registry';

/** Where the unlocked app is. Kept in a store so it can be restored after a later unlock. */
export type Route = { name: 'clients' } | { name: 'client'; id: string } | { name: 'settings' } | { name: 'backup' } | { name: 'staff' } | { name: 'audit' };

interface RouteState {
  route: Route;
  navigate: (route: Route) => void;
  reset: () => void;
}

const initial = { route: { name: 'clients' } as Route };

export const useRouteStore = create<RouteState>()((set) => ({
  ...initial,
  navigate: (route) => set({ route }),
  reset: () => set(initial),
}));

registerReset(() => useRouteStore.getState().reset());
