/** Small statistics helpers for the benchmark: medians and percentiles of samples. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export const median = (samples: number[]) => percentile(samples, 50);

/** Runs `fn` `warmup` times unmeasured, then `runs` times measured; returns the median in ms. */
export async function medianOf(runs: number, warmup: number, fn: () => Promise<void> | void): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return median(samples);
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Wall time, and the CPU time (user + system) the measured processes used, in ms. */
export interface Timed {
  ms: number;
  cpuMs: number;
}

/** Runs `fn` and returns its wall time and this process's CPU time meanwhile (every thread: workers, libuv's pool). */
export async function timed(fn: () => Promise<unknown>): Promise<Timed> {
  const cpu = process.cpuUsage();
  const t = performance.now();
  await fn();
  const ms = performance.now() - t;
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000 };
}

/** Median wall time and median CPU time of several timed runs. */
export function medianTimed(runs: Timed[]): Timed {
  return { ms: median(runs.map((r) => r.ms)), cpuMs: median(runs.map((r) => r.cpuMs)) };
}

/** The spread of a figure over a run's repetitions. */
export interface Spread {
  min: number;
  median: number;
  max: number;
  n: number;
}

export function spreadOf(samples: readonly number[]): Spread {
  const sorted = [...samples].sort((a, b) => a - b);
  return { min: round(sorted[0] ?? Number.NaN), median: round(median(sorted)), max: round(sorted.at(-1) ?? Number.NaN), n: sorted.length };
}
