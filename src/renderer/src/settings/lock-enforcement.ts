import type { LockPolicy, LockSettings } from '../../../shared/domain';

/** The on/off triggers of LockSettings (idleMinutes is a number, capped rather than fixed). */
export type LockSwitch = Exclude<keyof LockSettings, 'idleMinutes'>;

/** The policy fields that force a switch on. */
type Requirement = Exclude<keyof LockPolicy, 'maxIdleMinutes'>;

/** Each trigger a policy can require, the setting it forces on, and its label (settings.lock.* / settings.protection.*). */
export const REQUIREMENTS = [
  { setting: 'lockOnScreenLock', policy: 'requireScreenLock', label: 'settings.lock.screenLock' },
  { setting: 'lockOnSuspend', policy: 'requireSuspend', label: 'settings.lock.suspend' },
  { setting: 'lockOnUserSwitch', policy: 'requireUserSwitch', label: 'settings.lock.userSwitch' },
  { setting: 'lockOnWindowClose', policy: 'requireWindowClose', label: 'settings.lock.windowClose' },
  { setting: 'contentProtection', policy: 'requireContentProtection', label: 'settings.protection.contentProtection' },
] as const satisfies readonly { setting: LockSwitch; policy: Requirement; label: string }[];

/**
 * Which switches the owner's policy holds on, so the page shows them on and
 * disabled. A maximum idle time makes the idle lock itself mandatory; the
 * minutes stay editable below the maximum.
 */
export function fixedByPolicy(policy: LockPolicy): Record<LockSwitch, boolean> {
  const fixed: Record<LockSwitch, boolean> = {
    idleLock: policy.maxIdleMinutes !== null,
    lockOnScreenLock: false,
    lockOnSuspend: false,
    lockOnUserSwitch: false,
    lockOnWindowClose: false,
    contentProtection: false,
  };
  for (const { setting, policy: requirement } of REQUIREMENTS) fixed[setting] = policy[requirement];
  return fixed;
}

export function sameSettings(a: LockSettings, b: LockSettings): boolean {
  return (Object.keys(a) as (keyof LockSettings)[]).every((key) => a[key] === b[key]);
}

export function samePolicy(a: LockPolicy, b: LockPolicy): boolean {
  return (Object.keys(a) as (keyof LockPolicy)[]).every((key) => a[key] === b[key]);
}
