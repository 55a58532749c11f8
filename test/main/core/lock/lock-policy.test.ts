import { describe, expect, it } from 'vitest';
import { effectiveLockSettings } from '../../../../src/main/core/lock/lock-policy';
import { DEFAULT_LOCK_POLICY, DEFAULT_LOCK_SETTINGS, type LockPolicy, type LockSettings } from '../../../../src/shared/domain';

const staff = (over: Partial<LockSettings>): LockSettings => ({ ...DEFAULT_LOCK_SETTINGS, ...over });
const policy = (over: Partial<LockPolicy>): LockPolicy => ({ ...DEFAULT_LOCK_POLICY, ...over });
const OFF: Partial<LockSettings> = {
  idleLock: false,
  lockOnScreenLock: false,
  lockOnSuspend: false,
  lockOnUserSwitch: false,
  lockOnWindowClose: false,
  contentProtection: false,
};

describe('effectiveLockSettings', () => {
  const rows: Array<[string, LockSettings, LockPolicy, Partial<LockSettings>]> = [
    ['no policy: staff settings as they are', staff({ idleMinutes: 30 }), DEFAULT_LOCK_POLICY, { idleLock: true, idleMinutes: 30 }],
    ['no policy: staff may switch everything off', staff(OFF), DEFAULT_LOCK_POLICY, OFF],
    ['staff 30 min, policy max 10 → 10', staff({ idleMinutes: 30 }), policy({ maxIdleMinutes: 10 }), { idleLock: true, idleMinutes: 10 }],
    ['staff 3 min, policy max 10 → 3 (stricter stays)', staff({ idleMinutes: 3 }), policy({ maxIdleMinutes: 10 }), { idleMinutes: 3 }],
    ['staff idle off, policy max 10 → on, 10', staff({ idleLock: false, idleMinutes: 60 }), policy({ maxIdleMinutes: 10 }), { idleLock: true, idleMinutes: 10 }],
    ['staff idle off, no max → stays off', staff({ idleLock: false }), DEFAULT_LOCK_POLICY, { idleLock: false }],
    ['required screen lock overrides staff off', staff(OFF), policy({ requireScreenLock: true }), { ...OFF, lockOnScreenLock: true }],
    ['required suspend overrides staff off', staff(OFF), policy({ requireSuspend: true }), { ...OFF, lockOnSuspend: true }],
    ['required user switch overrides staff off', staff(OFF), policy({ requireUserSwitch: true }), { ...OFF, lockOnUserSwitch: true }],
    ['required window close overrides staff off', staff(OFF), policy({ requireWindowClose: true }), { ...OFF, lockOnWindowClose: true }],
    ['required content protection overrides staff off', staff(OFF), policy({ requireContentProtection: true }), { ...OFF, contentProtection: true }],
    ['a requirement never switches anything else off', staff({}), policy({ requireSuspend: true }), { ...DEFAULT_LOCK_SETTINGS }],
    ['out-of-range staff minutes are clamped', staff({ idleMinutes: 100000 }), DEFAULT_LOCK_POLICY, { idleMinutes: 240 }],
    ['zero minutes is not "never"', staff({ idleMinutes: 0 }), DEFAULT_LOCK_POLICY, { idleMinutes: 1 }],
  ];

  it.each(rows)('%s', (_name, s, p, expected) => {
    expect(effectiveLockSettings(s, p)).toMatchObject(expected);
  });

  it('is never looser than either input, for every combination of switches', () => {
    const flags = ['lockOnScreenLock', 'lockOnSuspend', 'lockOnUserSwitch', 'lockOnWindowClose', 'contentProtection'] as const;
    const requires = ['requireScreenLock', 'requireSuspend', 'requireUserSwitch', 'requireWindowClose', 'requireContentProtection'] as const;
    for (let mask = 0; mask < 1 << 10; mask++) {
      const s = staff({});
      const p = policy({ maxIdleMinutes: mask & 1 ? 10 : null });
      flags.forEach((f, i) => (s[f] = Boolean(mask & (1 << i))));
      requires.forEach((r, i) => (p[r] = Boolean(mask & (1 << (i + 5)))));
      s.idleLock = Boolean(mask & 2);
      s.idleMinutes = mask % 37 + 1;
      const e = effectiveLockSettings(s, p);
      flags.forEach((f, i) => expect(e[f]).toBe(s[f] || p[requires[i]!]));
      expect(e.idleLock).toBe(s.idleLock || p.maxIdleMinutes !== null);
      expect(e.idleMinutes).toBeLessThanOrEqual(s.idleMinutes);
      if (p.maxIdleMinutes !== null) expect(e.idleMinutes).toBeLessThanOrEqual(p.maxIdleMinutes);
    }
  });
});
