/**
 * The owner's floor under a staff member's lock settings. Pure: the settings
 * service, the lock controller and the settings page all see the same answer.
 */
import type { LockPolicy, LockSettings } from '../../../shared/domain';
import { IDLE_MINUTES_MAX, IDLE_MINUTES_MIN } from '../../../shared/domain';

function clampMinutes(minutes: number): number {
  if (!Number.isFinite(minutes)) return IDLE_MINUTES_MIN;
  return Math.min(IDLE_MINUTES_MAX, Math.max(IDLE_MINUTES_MIN, Math.trunc(minutes)));
}

/**
 * What the app enforces: staff may be stricter than the policy, never looser.
 * A maximum idle timeout turns the idle lock on (off would be an unbounded
 * timeout) and caps the minutes; each required trigger is forced on.
 */
export function effectiveLockSettings(staff: LockSettings, policy: LockPolicy): LockSettings {
  const maxIdle = policy.maxIdleMinutes === null ? null : clampMinutes(policy.maxIdleMinutes);
  const idleMinutes = clampMinutes(staff.idleMinutes);
  return {
    idleLock: staff.idleLock || maxIdle !== null,
    idleMinutes: maxIdle === null ? idleMinutes : Math.min(idleMinutes, maxIdle),
    lockOnScreenLock: staff.lockOnScreenLock || policy.requireScreenLock,
    lockOnSuspend: staff.lockOnSuspend || policy.requireSuspend,
    lockOnUserSwitch: staff.lockOnUserSwitch || policy.requireUserSwitch,
    lockOnWindowClose: staff.lockOnWindowClose || policy.requireWindowClose,
    contentProtection: staff.contentProtection || policy.requireContentProtection,
  };
}
