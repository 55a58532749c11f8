import { useEffect, useState } from 'react';

/** Whole seconds from `now` until `until` (ms since epoch); 0 when past or null. */
export function secondsUntil(until: number | null, now: number): number {
  return until === null ? 0 : Math.max(0, Math.ceil((until - now) / 1000));
}

/**
 * Reports the seconds left now, then once a second, ending with exactly one 0
 * (so a "try again in 0 s" never lingers: 0 means the wait is over). Returns the stop.
 */
export function runCountdown(until: number, onTick: (seconds: number) => void, now: () => number = () => Date.now()): () => void {
  const first = secondsUntil(until, now());
  onTick(first);
  if (first === 0) return () => undefined;
  const timer = setInterval(() => {
    const next = secondsUntil(until, now());
    onTick(next);
    if (next === 0) clearInterval(timer);
  }, 1000);
  return () => clearInterval(timer);
}

/** Whole seconds left until `until` (ms since epoch), ticking once a second; 0 when past or null. */
export function useCountdown(until: number | null): number {
  const [seconds, setSeconds] = useState(() => secondsUntil(until, Date.now()));
  useEffect(() => {
    if (until === null) {
      setSeconds(0);
      return;
    }
    return runCountdown(until, setSeconds);
  }, [until]);
  return seconds;
}
