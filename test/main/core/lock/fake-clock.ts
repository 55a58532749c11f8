/** A wall clock with intervals, and a simulated OS idle counter, for driving the lock controller. */
import type { LockClock } from '../../../../src/main/core/lock/lock-controller';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

interface Interval {
  fn: () => void;
  ms: number;
  next: number;
}

export function fakeClock(start = Date.UTC(2026, 0, 5, 1, 0, 0)) {
  let now = start;
  /** Time as the OS idle counter sees it: it runs with the wall clock but ignores changes to it. */
  let monotonic = 0;
  let nextId = 1;
  const intervals = new Map<number, Interval>();
  const clock: LockClock & {
    /** Runs time forward, firing due intervals in order, as an awake process would. */
    advance(ms: number): void;
    /** Time passes but no timer fires (the machine slept); afterwards the intervals restart one period later. */
    sleep(ms: number): void;
    /** Sets the wall clock without firing anything (an NTP or manual change). */
    set(at: number): void;
    activeIntervals(): number;
    monotonic(): number;
  } = {
    now: () => now,
    setInterval(fn, ms) {
      const id = nextId++;
      intervals.set(id, { fn, ms, next: now + ms });
      return id;
    },
    clearInterval(handle) {
      intervals.delete(handle as number);
    },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        let due: Interval | undefined;
        for (const interval of intervals.values()) if (interval.next <= end && (!due || interval.next < due.next)) due = interval;
        if (!due) break;
        monotonic += due.next - now;
        now = due.next;
        due.next += due.ms;
        due.fn();
      }
      monotonic += end - now;
      now = end;
    },
    sleep(ms) {
      now += ms;
      monotonic += ms;
      for (const interval of intervals.values()) interval.next = now + interval.ms;
    },
    set(at) {
      now = at;
      for (const interval of intervals.values()) interval.next = now + interval.ms;
    },
    activeIntervals: () => intervals.size,
    monotonic: () => monotonic,
  };
  return clock;
}

/** The OS idle counter: seconds since the last input anywhere on the PC. */
export function fakeSystemIdle(clock: { monotonic(): number }) {
  let lastInput = clock.monotonic();
  return {
    /** Whole seconds, as Electron reports them. */
    seconds: () => Math.floor((clock.monotonic() - lastInput) / 1000),
    /** Someone typed or moved the mouse (in any application). */
    input: () => {
      lastInput = clock.monotonic();
    },
  };
}
