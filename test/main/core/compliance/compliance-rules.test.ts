import { describe, expect, it } from 'vitest';
import {
  ackRule,
  alertsRule,
  auditRule,
  backupRule,
  labelsRule,
  ndaRule,
  offboardingRule,
  retentionRule,
  trainingRule,
} from '../../../../src/main/core/compliance/compliance-rules';

const labels = (clients: number, labelled: number) => labelsRule({ clients, labelled, byLabel: { public: 0, internal: labelled, confidential: 0, secret: 0 } });

describe('compliance self-check rules: met / partly met / missing', () => {
  const cases: [string, () => { status: string }, string][] = [
    ['labels: every client labelled', () => labels(10, 10), 'met'],
    ['labels: some unlabelled', () => labels(10, 7), 'partly'],
    ['labels: none labelled', () => labels(10, 0), 'missing'],
    ['labels: no clients yet', () => labels(0, 0), 'partly'],
    ['nda: all valid, rule on', () => ndaRule({ staff: 3, ok: 3, inGrace: 0, policy: { graceDays: 14 } }), 'met'],
    ['nda: all valid, rule off', () => ndaRule({ staff: 3, ok: 3, inGrace: 0, policy: null }), 'partly'],
    ['nda: some valid', () => ndaRule({ staff: 3, ok: 1, inGrace: 1, policy: { graceDays: 14 } }), 'partly'],
    ['nda: none valid', () => ndaRule({ staff: 3, ok: 0, inGrace: 3, policy: { graceDays: 14 } }), 'missing'],
    ['nda: nobody but the owner', () => ndaRule({ staff: 0, ok: 0, inGrace: 0, policy: null }), 'met'],
    ['training: everyone in 12 months', () => trainingRule({ staff: 2, ok: 2, sessions: 3 }), 'met'],
    ['training: some', () => trainingRule({ staff: 2, ok: 1, sessions: 1 }), 'partly'],
    ['training: none', () => trainingRule({ staff: 2, ok: 0, sessions: 0 }), 'missing'],
    ['ack: all', () => ackRule({ staff: 2, ok: 2 }), 'met'],
    ['ack: none', () => ackRule({ staff: 2, ok: 0 }), 'missing'],
    ['offboarding: done, nothing owed', () => offboardingRule({ completed: 2, pending: false, credentialsDue: 0 }), 'met'],
    ['offboarding: credentials still to change', () => offboardingRule({ completed: 2, pending: false, credentialsDue: 3 }), 'partly'],
    ['offboarding: key rotation owed', () => offboardingRule({ completed: 1, pending: true, credentialsDue: 0 }), 'missing'],
    ['audit: verified', () => auditRule({ ok: true, events: 100, firstBadSeq: null, unopened: 0 }), 'met'],
    ['audit: verified, some details unopened', () => auditRule({ ok: true, events: 100, firstBadSeq: null, unopened: 4 }), 'partly'],
    ['audit: broken chain', () => auditRule({ ok: false, events: 0, firstBadSeq: 42, unopened: 0 }), 'missing'],
    ['backup: within the warning days', () => backupRule({ lastVerifiedAt: '2026-03-01T02:00:00Z', ageDays: 7, warnAfterDays: 7 }), 'met'],
    ['backup: older', () => backupRule({ lastVerifiedAt: '2026-03-01T02:00:00Z', ageDays: 8, warnAfterDays: 7 }), 'partly'],
    ['backup: never', () => backupRule({ lastVerifiedAt: null, ageDays: null, warnAfterDays: 7 }), 'missing'],
    ['alerts: all handled', () => alertsRule({ raised: 4, acknowledged: 4, rulesOn: 8, rulesTotal: 8 }), 'met'],
    ['alerts: none raised, rules on', () => alertsRule({ raised: 0, acknowledged: 0, rulesOn: 8, rulesTotal: 8 }), 'met'],
    ['alerts: some open', () => alertsRule({ raised: 4, acknowledged: 3, rulesOn: 8, rulesTotal: 8 }), 'partly'],
    ['alerts: every rule off', () => alertsRule({ raised: 0, acknowledged: 0, rulesOn: 0, rulesTotal: 8 }), 'missing'],
    ['retention: no periods set', () => retentionRule({ periodsSet: false, pastRetention: null }), 'missing'],
    ['retention: documents past it', () => retentionRule({ periodsSet: true, pastRetention: 5 }), 'partly'],
    ['retention: none past it', () => retentionRule({ periodsSet: true, pastRetention: 0 }), 'met'],
  ];
  for (const [name, rule, status] of cases) {
    it(`${name} → ${status}`, () => {
      expect(rule().status).toBe(status);
    });
  }

  it('says each item in Chinese and English, with a next step', () => {
    const item = ndaRule({ staff: 3, ok: 1, inGrace: 1, policy: { graceDays: 14 } });
    expect(item.evidence.zh).toBe('除所有者外在职员工 3 名，保密协议有效 1 名，处于宽限期 1 名。已要求有效保密协议方可解锁，宽限 14 天。');
    expect(item.evidence.en).toContain('3 active staff besides the owner');
    expect(item.next.zh).toContain('签署保密协议');
    expect(retentionRule({ periodsSet: false, pastRetention: null }).evidence.en).toBe('Missing: no retention periods set.');
  });
});
