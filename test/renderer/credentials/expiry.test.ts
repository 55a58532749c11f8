import { describe, expect, it } from 'vitest';
import { countExpired, daysUntil, expiryState, localDay } from '../../../src/renderer/src/credentials/expiry';

// Noon local time, so the tests do not depend on the hour they run.
const NOW = new Date(2025, 2, 30, 12, 0, 0);

describe('expiry', () => {
  it('counts calendar days in local time', () => {
    expect(localDay(NOW)).toBe('2025-03-30');
    expect(daysUntil('2025-03-30', NOW)).toBe(0);
    expect(daysUntil('2025-03-31', NOW)).toBe(1);
    expect(daysUntil('2025-04-19', NOW)).toBe(20);
    expect(daysUntil('2025-03-29', NOW)).toBe(-1);
    expect(daysUntil('2026-03-30', NOW)).toBe(365);
  });

  it.each([
    ['2025-03-20', { state: 'expired', days: 10 }],
    ['2025-03-30', { state: 'today' }],
    ['2025-04-19', { state: 'soon', days: 20 }],
    ['2025-04-29', { state: 'soon', days: 30 }],
    ['2025-04-30', { state: 'later', days: 31 }],
  ] as const)('tags %s', (day, state) => {
    expect(expiryState(day, NOW)).toEqual(state);
  });

  it('ignores what is not a day', () => {
    expect(daysUntil('2025/03/30', NOW)).toBeNull();
    expect(expiryState('soon', NOW)).toBeNull();
  });

  it('counts the expired ones', () => {
    expect(countExpired(['2025-03-29', '2025-03-30', null, '2024-01-01', '2025-05-01'], NOW)).toBe(2);
  });
});
