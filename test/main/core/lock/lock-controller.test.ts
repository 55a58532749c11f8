import { describe, expect, it, vi } from 'vitest';
import { effectiveLockSettings } from '../../../../src/main/core/lock/lock-policy';
import { LOCK_TICK_MS, LockController, type PowerEvent } from '../../../../src/main/core/lock/lock-controller';
import {
  DEFAULT_LOCK_POLICY,
  DEFAULT_LOCK_SETTINGS,
  type LockReason,
  type LockSettings,
} from '../../../../src/shared/domain';
import { fakeClock, fakeSystemIdle, HOUR, MINUTE } from './fake-clock';

const ALL_OFF: LockSettings = {
  idleLock: false,
  idleMinutes: 5,
  lockOnScreenLock: false,
  lockOnSuspend: false,
  lockOnUserSwitch: false,
  lockOnWindowClose: false,
  contentProtection: false,
};

function setup(settings: LockSettings = DEFAULT_LOCK_SETTINGS, lockImpl?: (reason: LockReason) => Promise<unknown>) {
  const clock = fakeClock();
  const idle = fakeSystemIdle(clock);
  const lock = vi.fn(lockImpl ?? (async (_reason: LockReason) => undefined));
  const controller = new LockController({ clock, systemIdleSeconds: idle.seconds, lock, settings });
  // Whatever the controller locks, the vault reports back as locked (what VaultLocker does).
  lock.mockImplementation(async (reason) => {
    await lockImpl?.(reason);
    controller.vaultLocked();
  });
  return { clock, idle, lock, controller };
}

describe('LockController: idle', () => {
  it('locks at N minutes of system idle, not before', () => {
    const { clock, lock, controller } = setup();
    controller.vaultUnlocked();
    clock.advance(5 * MINUTE - LOCK_TICK_MS);
    expect(lock).not.toHaveBeenCalled();
    clock.advance(LOCK_TICK_MS);
    expect(lock).toHaveBeenCalledTimes(1);
    expect(lock).toHaveBeenCalledWith('idle');
  });

  it('input anywhere on the PC (system idle resets) postpones the lock', () => {
    const { clock, idle, lock, controller } = setup();
    controller.vaultUnlocked();
    clock.advance(4 * MINUTE);
    idle.input(); // typing in another program still counts: the PC is attended
    clock.advance(4 * MINUTE);
    expect(lock).not.toHaveBeenCalled();
    clock.advance(1 * MINUTE);
    expect(lock).toHaveBeenCalledWith('idle');
  });

  it('activity reported by our window resets nothing unless the system idle time also reset', () => {
    const { clock, lock, controller } = setup();
    controller.vaultUnlocked();
    const unlockedAt = clock.now();
    for (let i = 0; i < 5; i++) {
      clock.advance(MINUTE - 1);
      controller.activity(); // e.g. a synthetic or replayed event: system idle keeps growing
    }
    expect(lock).not.toHaveBeenCalled();
    // Due at 5:00; the OS reports idle time in whole seconds, so it may be seen up to one tick later.
    clock.advance(unlockedAt + 5 * MINUTE + LOCK_TICK_MS - clock.now());
    expect(lock).toHaveBeenCalledWith('idle');
  });

  it('without the interval ever firing, activity() alone still enforces the deadline', () => {
    const { clock, lock, controller } = setup();
    controller.vaultUnlocked();
    clock.sleep(6 * MINUTE);
    controller.activity();
    expect(lock).toHaveBeenCalledWith('idle');
  });

  it('the idle trigger switched off: no idle lock, however long', () => {
    const { clock, lock, controller } = setup({ ...DEFAULT_LOCK_SETTINGS, idleLock: false });
    controller.vaultUnlocked();
    clock.advance(8 * HOUR);
    expect(lock).not.toHaveBeenCalled();
  });

  it('a shorter timeout applies at once', () => {
    const { clock, lock, controller } = setup({ ...DEFAULT_LOCK_SETTINGS, idleMinutes: 30 });
    controller.vaultUnlocked();
    clock.advance(12 * MINUTE);
    expect(lock).not.toHaveBeenCalled();
    controller.settingsChanged({ ...DEFAULT_LOCK_SETTINGS, idleMinutes: 10 });
    expect(lock).toHaveBeenCalledWith('idle');
  });

  it('policy floor: staff chose 30 minutes, the owner allows at most 10 → locks at 10', () => {
    const staff = { ...DEFAULT_LOCK_SETTINGS, idleMinutes: 30 };
    const { clock, lock, controller } = setup(effectiveLockSettings(staff, { ...DEFAULT_LOCK_POLICY, maxIdleMinutes: 10 }));
    controller.vaultUnlocked();
    clock.advance(10 * MINUTE - LOCK_TICK_MS);
    expect(lock).not.toHaveBeenCalled();
    clock.advance(LOCK_TICK_MS);
    expect(lock).toHaveBeenCalledWith('idle');
  });

  it('fails closed when the system idle time cannot be read', () => {
    const clock = fakeClock();
    const lock = vi.fn(async () => undefined);
    const controller = new LockController({
      clock,
      lock,
      systemIdleSeconds: () => {
        throw new Error('not supported');
      },
    });
    controller.vaultUnlocked();
    clock.advance(5 * MINUTE);
    expect(lock).toHaveBeenCalledWith('idle');
  });

  it('a wall clock set back does not postpone the idle lock by the jump', () => {
    const { clock, lock, controller } = setup();
    controller.vaultUnlocked();
    clock.advance(MINUTE);
    clock.set(clock.now() - 24 * HOUR); // the clock is corrected a day back
    clock.advance(5 * MINUTE);
    expect(lock).toHaveBeenCalledWith('idle');
  });
});

describe('LockController: sleep', () => {
  it('resume after a two-hour sleep locks at once, before any tick, even though waking reset the system idle time', () => {
    // Suspend trigger off: only the idle deadline can lock, so this is the "sleep counted as idle" property.
    const { clock, idle, lock, controller } = setup({ ...DEFAULT_LOCK_SETTINGS, lockOnSuspend: false });
    controller.vaultUnlocked();
    clock.advance(MINUTE);
    controller.powerEvent('suspend');
    expect(lock).not.toHaveBeenCalled();
    clock.sleep(2 * HOUR);
    idle.input(); // the key press or lid that woke the laptop
    controller.powerEvent('resume');
    expect(lock).toHaveBeenCalledTimes(1);
    expect(lock).toHaveBeenCalledWith('idle');
  });

  it('a missed resume event is caught by the next tick, which arrives late', () => {
    const { clock, idle, lock, controller } = setup({ ...DEFAULT_LOCK_SETTINGS, lockOnSuspend: false });
    controller.vaultUnlocked();
    clock.sleep(2 * HOUR); // no suspend, no resume event (as on some Linux desktops)
    idle.input();
    clock.advance(LOCK_TICK_MS);
    expect(lock).toHaveBeenCalledWith('idle');
  });

  it('a short sleep inside the timeout does not lock', () => {
    const { clock, idle, lock, controller } = setup({ ...DEFAULT_LOCK_SETTINGS, lockOnSuspend: false });
    controller.vaultUnlocked();
    clock.advance(MINUTE);
    idle.input();
    controller.powerEvent('suspend');
    clock.sleep(2 * MINUTE);
    idle.input();
    controller.powerEvent('resume');
    clock.advance(LOCK_TICK_MS);
    expect(lock).not.toHaveBeenCalled();
    // …and the deadline then runs from the wake-up input.
    clock.advance(5 * MINUTE);
    expect(lock).toHaveBeenCalledWith('idle');
  });

  it('idle time before the sleep and the sleep itself add up', () => {
    const { clock, idle, lock, controller } = setup({ ...DEFAULT_LOCK_SETTINGS, lockOnSuspend: false });
    controller.vaultUnlocked();
    clock.advance(4 * MINUTE); // idle four minutes, then the lid closes
    controller.powerEvent('suspend');
    clock.sleep(MINUTE + 1);
    idle.input();
    controller.powerEvent('resume');
    expect(lock).toHaveBeenCalledWith('idle');
  });

  it('the time behind the OS lock screen counts as idle, even with the screen-lock trigger off', () => {
    const { clock, idle, lock, controller } = setup({ ...DEFAULT_LOCK_SETTINGS, lockOnScreenLock: false });
    controller.vaultUnlocked();
    controller.powerEvent('lock-screen');
    expect(lock).not.toHaveBeenCalled();
    clock.sleep(30 * MINUTE);
    idle.input(); // the password typed at the OS lock screen
    controller.powerEvent('unlock-screen');
    expect(lock).toHaveBeenCalledWith('idle');
  });
});

describe('LockController: OS events, each behind its own setting', () => {
  const cases: Array<[PowerEvent, keyof LockSettings, LockReason]> = [
    ['lock-screen', 'lockOnScreenLock', 'screen-lock'],
    ['suspend', 'lockOnSuspend', 'suspend'],
    ['user-switch', 'lockOnUserSwitch', 'user-switch'],
    ['last-window-closed', 'lockOnWindowClose', 'window-closed'],
  ];

  it.each(cases)('%s with %s on locks with reason %s', (event, setting, reason) => {
    const { lock, controller } = setup({ ...ALL_OFF, [setting]: true });
    controller.vaultUnlocked();
    controller.powerEvent(event);
    expect(lock).toHaveBeenCalledTimes(1);
    expect(lock).toHaveBeenCalledWith(reason);
  });

  it.each(cases)('%s with %s off does not lock', (event, setting) => {
    const { lock, controller } = setup({ ...DEFAULT_LOCK_SETTINGS, [setting]: false });
    controller.vaultUnlocked();
    controller.powerEvent(event);
    expect(lock).not.toHaveBeenCalled();
  });

  it('manual lock works with every trigger switched off', () => {
    const { lock, controller } = setup(ALL_OFF);
    controller.vaultUnlocked();
    controller.powerEvent('manual');
    expect(lock).toHaveBeenCalledWith('manual');
  });
});

describe('LockController: one lock at a time, never while locked', () => {
  it('does nothing before the vault is unlocked', () => {
    const { clock, lock, controller } = setup();
    for (const event of ['manual', 'lock-screen', 'suspend', 'resume', 'user-switch', 'last-window-closed'] as const) {
      controller.powerEvent(event);
    }
    clock.advance(HOUR);
    expect(lock).not.toHaveBeenCalled();
    expect(clock.activeIntervals()).toBe(0);
  });

  it('a burst of triggers during a slow lock calls lock once', async () => {
    let finish: () => void = () => undefined;
    const slow = new Promise<void>((resolve) => (finish = resolve));
    const { clock, lock, controller } = setup(DEFAULT_LOCK_SETTINGS, () => slow);
    controller.vaultUnlocked();
    controller.powerEvent('lock-screen');
    controller.powerEvent('suspend');
    controller.powerEvent('manual');
    controller.powerEvent('user-switch');
    clock.advance(HOUR);
    expect(controller.isLocking).toBe(true);
    expect(lock).toHaveBeenCalledTimes(1);
    expect(lock).toHaveBeenCalledWith('screen-lock');
    finish();
    await controller.settled();
    expect(controller.isLocking).toBe(false);
    controller.powerEvent('manual');
    expect(lock).toHaveBeenCalledTimes(1);
  });

  it('a vault locked elsewhere (e.g. the vaultLock channel) disarms the triggers', () => {
    const { clock, lock, controller } = setup();
    controller.vaultUnlocked();
    controller.vaultLocked();
    expect(clock.activeIntervals()).toBe(0);
    controller.powerEvent('manual');
    clock.advance(HOUR);
    expect(lock).not.toHaveBeenCalled();
  });

  it('arms again on the next unlock, with the idle clock starting at the unlock', async () => {
    const { clock, lock, controller } = setup();
    controller.vaultUnlocked();
    controller.powerEvent('manual');
    await controller.settled();
    clock.advance(HOUR);
    controller.vaultUnlocked();
    clock.advance(5 * MINUTE - LOCK_TICK_MS);
    expect(lock).toHaveBeenCalledTimes(1);
    clock.advance(LOCK_TICK_MS);
    expect(lock).toHaveBeenCalledTimes(2);
    expect(lock).toHaveBeenLastCalledWith('idle');
  });

  it('a failing lock is reported and does not leave the controller stuck', async () => {
    const clock = fakeClock();
    const onError = vi.fn();
    const lock = vi.fn(async () => {
      throw new Error('disk gone');
    });
    const controller = new LockController({ clock, lock, onError, systemIdleSeconds: () => 0 });
    controller.vaultUnlocked();
    controller.powerEvent('manual');
    await controller.settled();
    expect(onError).toHaveBeenCalledTimes(1);
    controller.vaultUnlocked();
    controller.powerEvent('manual');
    expect(lock).toHaveBeenCalledTimes(2);
  });
});
