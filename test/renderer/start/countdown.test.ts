import { describe, expect, it, vi } from 'vitest';
import { runCountdown, secondsUntil } from '../../../src/renderer/src/start/useCountdown';

describe('secondsUntil', () => {
  it.each([
    [null, 0, 0],
    [10_000, 0, 10],
    [10_000, 9_001, 1],
    [10_000, 9_999, 1],
    [10_000, 10_000, 0],
    [10_000, 25_000, 0],
  ])('until %s at %s: %s s', (until, now, seconds) => {
    expect(secondsUntil(until, now)).toBe(seconds);
  });
});

describe('runCountdown', () => {
  it('counts down once a second and ends with one 0, then stays quiet', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const ticks: number[] = [];
    runCountdown(1_000_000 + 3_000, (s) => ticks.push(s));
    expect(ticks).toEqual([3]);
    vi.advanceTimersByTime(3_000);
    expect(ticks).toEqual([3, 2, 1, 0]);
    // The timer is gone: no "0 s" repeated, no work after the end.
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(10_000);
    expect(ticks).toEqual([3, 2, 1, 0]);
  });

  it('reaches 0 even when the timer fires late (a busy or sleeping machine)', () => {
    vi.useFakeTimers({ now: 0 });
    const ticks: number[] = [];
    runCountdown(5_000, (s) => ticks.push(s));
    // The clock jumps past the end before the first tick.
    vi.setSystemTime(60_000);
    vi.advanceTimersByTime(1_000);
    expect(ticks).toEqual([5, 0]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('an end already past reports 0 at once and starts no timer', () => {
    vi.useFakeTimers({ now: 10_000 });
    const ticks: number[] = [];
    runCountdown(5_000, (s) => ticks.push(s));
    expect(ticks).toEqual([0]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('stops when told to', () => {
    vi.useFakeTimers({ now: 0 });
    const ticks: number[] = [];
    const stop = runCountdown(5_000, (s) => ticks.push(s));
    vi.advanceTimersByTime(1_000);
    stop();
    vi.advanceTimersByTime(10_000);
    expect(ticks).toEqual([5, 4]);
  });
});
