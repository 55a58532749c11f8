/**
 * Where to return after the next unlock. Every lock reloads the page (main
 * reloads the window), so this is the only thing that outlives it: the route's
 * name, a client's opaque id and whose session it was, in sessionStorage (this
 * window only, gone when the app closes). Never a name or a field value: the
 * data itself is fetched again after unlocking, with the unlocked staff
 * member's permissions.
 *
 * Kept per staff member: the one who unlocked last at the top (with the idle
 * timeout the unlock screen names), the others' last routes in `earlier`. So
 * an owner who had a client open still returns to it after a colleague used
 * the app in between; each person only ever follows their own point.
 */
import type { ErrorCode } from '../../../shared/errors';
import { useClientDetailStore } from '../stores/client-detail-store';
import { useRouteStore, type Route } from '../stores/route-store';

const KEY = 'zhangdun.resume';

/** Other staff members' points kept, most recent first; a window rarely sees more people than this. */
export const MAX_EARLIER = 8;

/** One staff member's last route. */
export interface SavedRoute {
  route: Route['name'];
  /** Only with route 'client'. */
  clientId?: string;
  staffId: string;
}

export interface ResumePoint extends SavedRoute {
  /** The idle timeout in force, so the unlock screen can say "因闲置 5 分钟…"; absent when the idle lock is off. */
  idleMinutes?: number;
  /** Other staff members' last routes (absent when none). */
  earlier?: SavedRoute[];
}

// Opaque ids: only their shape is checked, so nothing else can ride along.
const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** One route read back strictly (extra fields dropped); null when malformed. */
function parseSaved(value: unknown): SavedRoute | null {
  if (typeof value !== 'object' || value === null) return null;
  const { route, clientId, staffId } = value as Record<string, unknown>;
  if (typeof staffId !== 'string' || !ID.test(staffId)) return null;
  switch (route) {
    case 'clients':
    case 'credentials':
    case 'settings':
    case 'backup':
    case 'staff':
    case 'audit':
    case 'alerts':
    case 'incidents':
    case 'destruction':
      return { route, staffId };
    case 'client':
      return typeof clientId === 'string' && ID.test(clientId) ? { route, clientId, staffId } : null;
    default:
      return null;
  }
}

/** Reads a stored value back; anything malformed counts as nothing stored (a malformed earlier entry is dropped alone). */
export function parseResumePoint(raw: string | null): ResumePoint | null {
  if (!raw) return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  const point = parseSaved(value);
  if (!point) return null;
  const { idleMinutes, earlier } = value as Record<string, unknown>;
  const minutes = typeof idleMinutes === 'number' && Number.isInteger(idleMinutes) && idleMinutes > 0 ? { idleMinutes } : {};
  const others = Array.isArray(earlier) ? withoutRepeats(earlier.map(parseSaved).filter((e): e is SavedRoute => e !== null), point.staffId) : [];
  return { ...point, ...minutes, ...(others.length > 0 ? { earlier: others } : {}) };
}

/** At most MAX_EARLIER entries, one per staff member, none for `current`. */
function withoutRepeats(entries: readonly SavedRoute[], current: string): SavedRoute[] {
  const seen = new Set([current]);
  const kept: SavedRoute[] = [];
  for (const entry of entries) {
    if (seen.has(entry.staffId)) continue;
    seen.add(entry.staffId);
    kept.push(entry);
  }
  return kept.slice(0, MAX_EARLIER);
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

function saved(point: SavedRoute): SavedRoute {
  return point.route === 'client' ? { route: 'client', clientId: point.clientId, staffId: point.staffId } : { route: point.route, staffId: point.staffId };
}

/**
 * The stored point as `staffId`'s: theirs as it is, or (someone else was at
 * the top) their earlier entry or the list, with the other person moved into `earlier`.
 */
function pointFor(staffId: string): ResumePoint {
  const previous = readResumePoint();
  if (!previous) return { route: 'clients', staffId };
  if (previous.staffId === staffId) return previous;
  const own = previous.earlier?.find((e) => e.staffId === staffId);
  const earlier = withoutRepeats([saved(previous), ...(previous.earlier ?? [])], staffId);
  return { ...(own ?? { route: 'clients', staffId }), ...(earlier.length > 0 ? { earlier } : {}) };
}

/** The unlocked staff member moved to `route`; kept for the next unlock. */
export function rememberRoute(route: Route, staffId: string): void {
  const { idleMinutes, earlier } = pointFor(staffId);
  write({
    ...(route.name === 'client' ? { route: 'client', clientId: route.id, staffId } : { route: route.name, staffId }),
    ...(idleMinutes !== undefined ? { idleMinutes } : {}),
    ...(earlier ? { earlier } : {}),
  });
}

/** The idle timeout now in force for this staff member (null: idle lock off). */
export function rememberIdleMinutes(staffId: string, minutes: number | null): void {
  const base = pointFor(staffId);
  delete base.idleMinutes;
  write(minutes === null ? base : { ...base, idleMinutes: minutes });
}

/** A remembered client that is gone, or no longer this staff member's to see: back to the list. */
const FALL_BACK_ON: readonly ErrorCode[] = ['NOT_FOUND', 'PERMISSION_DENIED'];

/**
 * Called as the vault becomes unlocked, before the main screen renders: puts
 * back the route this staff member was on. Someone with no point of their own
 * starts at the list; nobody follows another person's point.
 */
export function restoreRoute(staffId: string): void {
  const stored = readResumePoint();
  const point = stored?.staffId === staffId ? stored : stored?.earlier?.find((e) => e.staffId === staffId);
  if (!point) return;
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
    case 'incidents': // an incident's page resumes at the register's list
    case 'destruction':
      navigate({ name: point.route });
      return;
    case 'client':
      if (point.clientId === undefined) return;
      navigate({ name: 'client', id: point.clientId });
      fallBackIfUnavailable(point.clientId, staffId);
      return;
    default: {
      const unreachable: never = point.route;
      return unreachable;
    }
  }
}

/** Watches the restored client's first load (the detail page does the clientGet); undone as soon as it settles. */
function fallBackIfUnavailable(clientId: string, staffId: string): void {
  const isRestored = () => {
    const { route } = useRouteStore.getState();
    return route.name === 'client' && route.id === clientId;
  };
  const stop = useClientDetailStore.subscribe((state, previous) => {
    if (!isRestored()) return stop();
    if (state.loading || !previous.loading) return;
    stop();
    if (state.error && FALL_BACK_ON.includes(state.error.code)) {
      // This person's point only: the others' stay theirs.
      rememberRoute({ name: 'clients' }, staffId);
      useRouteStore.getState().navigate({ name: 'clients' });
    }
  });
}
