/**
 * Where to return after the next unlock. Every lock reloads the page (main
 * reloads the window), so this is the only thing that outlives it: the route's
 * name, a client's opaque id and whose session it was, in sessionStorage (this
 * window only, gone when the app closes). Never a name or a field value: the
 * data itself is fetched again after unlocking, with the unlocked staff
 * member's permissions.
 */
import type { ErrorCode } from '../../../shared/errors';
import { useClientDetailStore } from '../stores/client-detail-store';
import { useRouteStore, type Route } from '../stores/route-store';

const KEY = 'zhangdun.resume';

export interface ResumePoint {
  route: Route['name'];
  /** Only with route 'client'. */
  clientId?: string;
  staffId: string;
  /** The idle timeout in force, so the unlock screen can say "因闲置 5 分钟…"; absent when the idle lock is off. */
  idleMinutes?: number;
}

// Opaque ids: only their shape is checked, so nothing else can ride along.
const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Reads a stored value back; anything malformed counts as nothing stored. */
export function parseResumePoint(raw: string | null): ResumePoint | null {
  if (!raw) return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { route, clientId, staffId, idleMinutes } = value as Record<string, unknown>;
  if (typeof staffId !== 'string' || !ID.test(staffId)) return null;
  const minutes = typeof idleMinutes === 'number' && Number.isInteger(idleMinutes) && idleMinutes > 0 ? { idleMinutes } : {};
  switch (route) {
    case 'clients':
    case 'credentials':
    case 'settings':
    case 'backup':
    case 'staff':
    case 'audit':
    case 'alerts':
      return { route, staffId, ...minutes };
    case 'client':
      return typeof clientId === 'string' && ID.test(clientId) ? { route, clientId, staffId, ...minutes } : null;
    default:
      return null;
  }
}

function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

export function readResumePoint(): ResumePoint | null {
  try {
    return parseResumePoint(storage()?.getItem(KEY) ?? null);
  } catch {
    return null;
  }
}

function write(point: ResumePoint): void {
  try {
    storage()?.setItem(KEY, JSON.stringify(point));
  } catch {
    // Storage unavailable: unlocking then starts at the client list, which is safe.
  }
}

export function forgetResumePoint(): void {
  try {
    storage()?.removeItem(KEY);
  } catch {
    // As above.
  }
}

/** The unlocked staff member moved to `route`; kept for the next unlock. */
export function rememberRoute(route: Route, staffId: string): void {
  const previous = readResumePoint();
  const minutes = previous?.staffId === staffId && previous.idleMinutes !== undefined ? { idleMinutes: previous.idleMinutes } : {};
  write(route.name === 'client' ? { route: 'client', clientId: route.id, staffId, ...minutes } : { route: route.name, staffId, ...minutes });
}

/** The idle timeout now in force for this staff member (null: idle lock off). */
export function rememberIdleMinutes(staffId: string, minutes: number | null): void {
  const previous = readResumePoint();
  const base: ResumePoint = previous?.staffId === staffId ? { ...previous } : { route: 'clients', staffId };
  delete base.idleMinutes;
  write(minutes === null ? base : { ...base, idleMinutes: minutes });
}

/** A remembered client that is gone, or no longer this staff member's to see: back to the list. */
const FALL_BACK_ON: readonly ErrorCode[] = ['NOT_FOUND', 'PERMISSION_DENIED'];

/**
 * Called as the vault becomes unlocked, before the main screen renders: puts
 * back the route this staff member was on. Another staff member starts at
 * the list, and the old point is dropped.
 */
export function restoreRoute(staffId: string): void {
  const point = readResumePoint();
  if (!point || point.staffId !== staffId) {
    forgetResumePoint();
    return;
  }
  const { navigate } = useRouteStore.getState();
  switch (point.route) {
    case 'clients':
      return;
    // Pages without an id: the page fetches its own data (and main checks the permission) as it opens.
    case 'credentials':
    case 'settings':
    case 'backup':
    case 'staff':
    case 'audit':
    case 'alerts':
      navigate({ name: point.route });
      return;
    case 'client':
      if (point.clientId === undefined) return;
      navigate({ name: 'client', id: point.clientId });
      fallBackIfUnavailable(point.clientId);
      return;
    default: {
      const unreachable: never = point.route;
      return unreachable;
    }
  }
}

/** Watches the restored client's first load (the detail page does the clientGet); undone as soon as it settles. */
function fallBackIfUnavailable(clientId: string): void {
  const isRestored = () => {
    const { route } = useRouteStore.getState();
    return route.name === 'client' && route.id === clientId;
  };
  const stop = useClientDetailStore.subscribe((state, previous) => {
    if (!isRestored()) return stop();
    if (state.loading || !previous.loading) return;
    stop();
    if (state.error && FALL_BACK_ON.includes(state.error.code)) {
      forgetResumePoint();
      useRouteStore.getState().navigate({ name: 'clients' });
    }
  });
}
