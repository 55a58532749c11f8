import { create } from 'zustand';
import { registerReset } from './registry';

/** Which tab of the 账号到期与更换 page. */
export type CredentialsTab = 'expiring' | 'rotation' | 'hygiene';

/**
 * Where the unlocked app is. Kept in a store so it can be restored after a later unlock.
 * A client's `tab` opens its 账号密码 tab instead of the documents (from search or the firm-wide page).
 */
export type Route =
  | { name: 'clients' }
  | { name: 'client'; id: string; tab?: 'credentials' }
  | { name: 'credentials'; tab?: CredentialsTab }
  | { name: 'settings' }
  | { name: 'backup' }
  | { name: 'staff' }
  | { name: 'audit' }
  | { name: 'alerts' }
  | { name: 'incidents'; id?: string }
  | { name: 'destruction' };

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
