import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime } from '../../../src/renderer/src/format/dates';

// Built from local parts, so the expectations hold in any time zone the tests run in.
const afternoon = new Date(2026, 2, 5, 14, 7, 59);
const earlyMorning = new Date(2026, 0, 9, 3, 4, 5);

describe('formatDate', () => {
  it.each([
    ['a Date', afternoon, '2026-03-05'],
    ['an ISO instant', afternoon.toISOString(), '2026-03-05'],
    ['single-digit month and day, padded', earlyMorning, '2026-01-09'],
    ['a calendar day, unchanged (never shifted by the time zone)', '2026-03-05', '2026-03-05'],
    ['the first of January as a day', '2026-01-01', '2026-01-01'],
  ])('%s', (_what, value, shown) => {
    expect(formatDate(value)).toBe(shown);
  });

  it('shows nothing for nothing, and an unreadable value as given', () => {
    expect(formatDate(null)).toBe('');
    expect(formatDate(undefined)).toBe('');
    expect(formatDate('')).toBe('');
    expect(formatDate('not a date')).toBe('not a date');
  });
});

describe('formatDateTime', () => {
  it.each([
    ['a Date, seconds dropped', afternoon, '2026-03-05 14:07'],
    ['an ISO instant in local time', afternoon.toISOString(), '2026-03-05 14:07'],
    ['24-hour, padded', earlyMorning, '2026-01-09 03:04'],
    ['midnight', new Date(2026, 11, 31, 0, 0), '2026-12-31 00:00'],
    ['a calendar day has no time', '2026-03-05', '2026-03-05'],
  ])('%s', (_what, value, shown) => {
    expect(formatDateTime(value)).toBe(shown);
  });

  it('the same in every language: no locale is consulted', () => {
    expect(formatDateTime(afternoon)).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  });

  it('shows nothing for nothing, and an unreadable value as given', () => {
    expect(formatDateTime(null)).toBe('');
    expect(formatDateTime('2026-13-45T99:00')).toBe('2026-13-45T99:00');
  });
});
