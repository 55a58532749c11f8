import { describe, expect, it } from 'vitest';
import { addDays, localDay, ndaStanding, type NdaPolicy } from '../../src/shared/staff-compliance';

const POLICY: NdaPolicy = { graceDays: 14, since: '2026-01-01' };

describe('ndaStanding (the unlock gate)', () => {
  const cases: [string, Parameters<typeof ndaStanding>, { state: string; remind: boolean; deadline?: string | null; daysLeft?: number | null }][] = [
    ['valid, far from expiry', ['accountant', '2026-12-31', POLICY, '2026-06-01'], { state: 'valid', remind: false, daysLeft: 213 }],
    ['valid, 30 days left: reminded', ['accountant', '2026-07-01', POLICY, '2026-06-01'], { state: 'valid', remind: true, daysLeft: 30 }],
    ['valid, 31 days left: not yet', ['accountant', '2026-07-02', POLICY, '2026-06-01'], { state: 'valid', remind: false }],
    ['valid through its expiry day', ['accountant', '2026-06-01', POLICY, '2026-06-01'], { state: 'valid', remind: true, daysLeft: 0 }],
    ['expired yesterday: in grace', ['accountant', '2026-05-31', POLICY, '2026-06-01'], { state: 'grace', remind: true, deadline: '2026-06-14', daysLeft: 13 }],
    ['last day of grace', ['admin', '2026-05-31', POLICY, '2026-06-14'], { state: 'grace', remind: true, deadline: '2026-06-14', daysLeft: 0 }],
    ['the day after grace: blocked', ['auditor', '2026-05-31', POLICY, '2026-06-15'], { state: 'blocked', remind: true, deadline: '2026-06-14' }],
    ['none ever, grace from the policy', ['accountant', null, POLICY, '2026-01-15'], { state: 'grace', remind: true, deadline: '2026-01-15' }],
    ['none ever, past grace', ['accountant', null, POLICY, '2026-01-16'], { state: 'blocked', remind: true }],
    ['zero grace', ['accountant', '2026-05-31', { graceDays: 0, since: '2026-01-01' }, '2026-06-01'], { state: 'blocked', remind: true, deadline: '2026-05-31' }],
    ['owner: exempt, expired long ago', ['owner', '2020-01-01', POLICY, '2026-06-01'], { state: 'exempt', remind: false }],
    ['owner: exempt, none', ['owner', null, POLICY, '2030-01-01'], { state: 'exempt', remind: false }],
    ['no policy: expired, reminded, never blocked', ['accountant', '2020-01-01', null, '2026-06-01'], { state: 'expired', remind: true }],
    ['no policy: none on file', ['accountant', null, null, '2026-06-01'], { state: 'missing', remind: false }],
  ];
  for (const [name, args, want] of cases) {
    it(name, () => {
      expect(ndaStanding(...args)).toMatchObject(want);
    });
  }

  it('counts calendar days across months and leap years', () => {
    expect(addDays('2028-02-20', 14)).toBe('2028-03-05');
    expect(addDays('2026-12-25', 14)).toBe('2027-01-08');
    expect(localDay(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
  });
});
