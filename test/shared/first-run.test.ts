import { describe, expect, it } from 'vitest';
import { backupAgeWarning, firstRunDone, FIRST_RUN_STEPS } from '../../src/shared/first-run';

const DAY = 24 * 60 * 60 * 1000;
/** The fake clock: every case is judged at this instant. */
const NOW = new Date('2026-06-15T09:30:00Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();

describe('backupAgeWarning', () => {
  const cases: [string, string | null, number, ReturnType<typeof backupAgeWarning>][] = [
    ['never backed up', null, 7, { kind: 'never' }],
    ['an unreadable date counts as never', 'not a date', 7, { kind: 'never' }],
    ['one hour ago', ago(60 * 60 * 1000), 7, null],
    ['exactly the limit', ago(7 * DAY), 7, null],
    ['a second past the limit', ago(7 * DAY + 1000), 7, { kind: 'stale', days: 7, lastAt: ago(7 * DAY + 1000) }],
    ['ten days with the default', ago(10 * DAY + 5000), 7, { kind: 'stale', days: 10, lastAt: ago(10 * DAY + 5000) }],
    ['ten days with a 14-day setting', ago(10 * DAY), 14, null],
    ['two days with a 1-day setting', ago(2 * DAY), 1, { kind: 'stale', days: 2, lastAt: ago(2 * DAY) }],
    ['a date in the future (clock set back)', new Date(NOW.getTime() + DAY).toISOString(), 7, null],
  ];
  for (const [name, lastAt, days, expected] of cases) {
    it(name, () => expect(backupAgeWarning(lastAt, NOW, days)).toEqual(expected));
  }
});

describe('firstRunDone', () => {
  it('is done only when every step is', () => {
    const steps = FIRST_RUN_STEPS.map((id) => ({ id, done: true }));
    expect(firstRunDone({ steps })).toBe(true);
    for (const id of FIRST_RUN_STEPS) expect(firstRunDone({ steps: steps.map((s) => (s.id === id ? { ...s, done: false } : s)) })).toBe(false);
  });
});
