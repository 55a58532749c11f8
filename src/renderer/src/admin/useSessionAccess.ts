import { useEffect } from 'react';
import { useAccessStore } from './access-store';

/** Loads what the signed-in staff member may do, again whenever someone else signs in. */
export function useSessionAccess(staffId: string | null): void {
  const load = useAccessStore((s) => s.load);
  useEffect(() => {
    if (staffId) void load();
  }, [staffId, load]);
}
