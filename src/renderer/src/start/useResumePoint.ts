import { useEffect } from 'react';
import { useLockSettingsStore } from '../settings/lock-settings-store';
import type { Route } from '../stores/route-store';
import { rememberIdleMinutes, rememberRoute } from './resume-point';

/**
 * While unlocked: keeps the resume point current (the route, and the idle
 * timeout in force so the unlock screen can name it), for the next unlock.
 */
export function useResumePoint(route: Route, staffId: string | null): void {
  const view = useLockSettingsStore((s) => s.view);
  const load = useLockSettingsStore((s) => s.load);

  useEffect(() => {
    if (staffId) rememberRoute(route, staffId);
  }, [route, staffId]);

  // Once per unlock (each unlock mounts the main screen afresh); the settings page refreshes it too.
  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    if (!staffId || !view) return;
    rememberIdleMinutes(staffId, view.effective.idleLock ? view.effective.idleMinutes : null);
  }, [staffId, view]);
}
