/**
 * Each alert rule on a fake clock: it fires when the threshold is reached,
 * not one event before, and once per window; replaying the log's tail
 * (an unlock) rebuilds the windows without raising anything.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_ALERT_SETTINGS, type AlertSettings } from '../../../../src/shared/alerts';
import { AlertRules, type RuleLookups, type WatchedEvent } from '../../../../src/main/core/alerts/alert-rules';

const MIN = 60_000;
/** Wednesday 2024-03-13 10:00 in Beijing (02:00 UTC): working hours. */
const WORKDAY_10AM = Date.UTC(2024, 2, 13, 2, 0);

class Clock {
  constructor(public t = WORKDAY_10AM) {}
  advance(ms: number): number {
    this.t += ms;
    return this.t;
  }
}

function fakeLookups(over: Partial<RuleLookups> = {}): RuleLookups & { touched: Set<string> } {
  const touched = new Set<string>();
  const targets = { folders: new Set<string>(), recipients: new Set<string>() };
  return {
    touched,
    touchedBefore: (actor, client) => {
      const key = `${actor}/${client}`;
      const had = touched.has(key);
      touched.add(key);
      return had;
    },
    isSecret: (clientId) => clientId.startsWith('secret'),
    backupTargets: () => targets,
    ...over,
  };
}

function setup(settings: Partial<AlertSettings> = {}, lookups = fakeLookups()) {
  const clock = new Clock();
  let seq = 0;
  const rules = new AlertRules({ ...DEFAULT_ALERT_SETTINGS, ...settings }, lookups);
  const event = (e: Partial<WatchedEvent> & { action: string }, replay = false) =>
    rules.observe(
      { seq: ++seq, at: clock.t, outcome: 'success', actorId: 'acc1', actorName: '李会计', role: 'accountant', clientId: 'c1', detail: {}, ...e },
      replay,
    );
  return { clock, rules, event, lookups };
}

const only = (settings: Partial<AlertSettings>): Partial<AlertSettings> => ({
  docBurst: { ...DEFAULT_ALERT_SETTINGS.docBurst, enabled: false },
  clientSpread: { ...DEFAULT_ALERT_SETTINGS.clientSpread, enabled: false },
  offHours: { ...DEFAULT_ALERT_SETTINGS.offHours, enabled: false },
  firstAccess: { enabled: false },
  secretExport: { enabled: false },
  unlockFailures: { ...DEFAULT_ALERT_SETTINGS.unlockFailures, enabled: false },
  backupTarget: { enabled: false },
  integrity: { enabled: false },
  ...settings,
});

describe('doc-burst', () => {
  const settings = only({ docBurst: { enabled: true, count: 5, minutes: 10 } });

  it('fires at the 5th document within 10 minutes, not at the 4th, and once per window', () => {
    const { clock, event } = setup(settings);
    for (let i = 0; i < 4; i++) {
      expect(event({ action: i % 2 ? 'doc.view' : 'doc.export' })).toEqual([]);
      clock.advance(MIN);
    }
    const [alert, ...rest] = event({ action: 'doc.print' });
    expect(rest).toEqual([]);
    expect(alert).toMatchObject({ rule: 'doc-burst', severity: 'high', subjectId: 'acc1', subjectName: '李会计', clientId: null, events: [1, 2, 3, 4, 5] });
    expect(alert!.facts).toEqual({ count: 5, threshold: 5, minutes: 10 });
    // Five more within the same window: nothing new.
    for (let i = 0; i < 5; i++) expect(event({ action: 'doc.view' })).toEqual([]);
    // Ten minutes after it fired, five fresh ones fire again.
    clock.advance(10 * MIN);
    for (let i = 0; i < 4; i++) expect(event({ action: 'doc.view' })).toEqual([]);
    expect(event({ action: 'doc.view' }).map((a) => a.rule)).toEqual(['doc-burst']);
  });

  it('does not fire when the same number is spread wider than the window, nor for refused or other actions, nor across people', () => {
    const { clock, event } = setup(settings);
    for (let i = 0; i < 10; i++) {
      expect(event({ action: 'doc.view' })).toEqual([]);
      clock.advance(2.5 * MIN);
    }
    for (let i = 0; i < 10; i++) expect(event({ action: 'doc.view', outcome: 'denied' })).toEqual([]);
    for (let i = 0; i < 10; i++) expect(event({ action: 'doc.update' })).toEqual([]);
    for (let i = 0; i < 4; i++) {
      expect(event({ action: 'doc.view', actorId: 'a' })).toEqual([]);
      expect(event({ action: 'doc.view', actorId: 'b' })).toEqual([]);
    }
  });

  it('a replayed tail fills the window and a replayed alert counts as fired', () => {
    const { event } = setup(settings);
    for (let i = 0; i < 4; i++) expect(event({ action: 'doc.view' }, true)).toEqual([]);
    expect(event({ action: 'doc.view' }).map((a) => a.rule)).toEqual(['doc-burst']);

    const again = setup(settings);
    for (let i = 0; i < 5; i++) again.event({ action: 'doc.view' }, true);
    again.event({ action: 'alert.raise', detail: { rule: 'doc-burst', subjectId: 'acc1' } }, true);
    for (let i = 0; i < 5; i++) expect(again.event({ action: 'doc.view' })).toEqual([]);
  });
});

describe('client-spread', () => {
  const settings = only({ clientSpread: { enabled: true, count: 3, minutes: 10 } });

  it('fires at the 3rd different client within the window, not for the same client again, once per window', () => {
    const { clock, event } = setup(settings);
    expect(event({ action: 'client.view', clientId: 'c1' })).toEqual([]);
    for (let i = 0; i < 5; i++) expect(event({ action: 'doc.view', clientId: 'c1' })).toEqual([]);
    clock.advance(MIN);
    expect(event({ action: 'doc.list', clientId: 'c2' })).toEqual([]);
    const [alert] = event({ action: 'cred.reveal', clientId: 'c3' });
    expect(alert).toMatchObject({ rule: 'client-spread', severity: 'medium', events: [6, 7, 8] });
    expect(event({ action: 'client.view', clientId: 'c4' })).toEqual([]);
    expect(event({ action: 'client.view', clientId: 'c5' })).toEqual([]);
    expect(event({ action: 'client.view', clientId: 'c6' })).toEqual([]);
  });

  it('forgets clients older than the window', () => {
    const { clock, event } = setup(settings);
    expect(event({ action: 'client.view', clientId: 'c1' })).toEqual([]);
    expect(event({ action: 'client.view', clientId: 'c2' })).toEqual([]);
    clock.advance(10 * MIN);
    expect(event({ action: 'client.view', clientId: 'c3' })).toEqual([]);
    expect(event({ action: 'client.view', clientId: 'c4' })).toEqual([]);
    expect(event({ action: 'client.view', clientId: 'c5' }).map((a) => a.rule)).toEqual(['client-spread']);
  });
});

describe('off-hours', () => {
  const settings = only({ offHours: { enabled: true, start: '08:00', end: '19:00', days: [1, 2, 3, 4, 5] } });

  it('fires for an export at 19:00 Beijing time or on a Saturday, not at 18:59 on a weekday; once per repeat window', () => {
    const { clock, event } = setup({ ...settings, repeatMinutes: 60 });
    clock.t = Date.UTC(2024, 2, 13, 10, 59); // Wed 18:59 Beijing
    expect(event({ action: 'doc.export' })).toEqual([]);
    clock.t = Date.UTC(2024, 2, 13, 0, 0); // Wed 08:00 Beijing
    expect(event({ action: 'doc.print' })).toEqual([]);
    clock.t = Date.UTC(2024, 2, 13, 11, 0); // Wed 19:00 Beijing
    const [alert] = event({ action: 'doc.export' });
    expect(alert).toMatchObject({ rule: 'off-hours', severity: 'medium', events: [3] });
    clock.advance(59 * MIN);
    expect(event({ action: 'doc.print' })).toEqual([]);
    // Views are not exports.
    clock.advance(2 * MIN);
    expect(event({ action: 'doc.view' })).toEqual([]);
    expect(event({ action: 'doc.print' }).map((a) => a.rule)).toEqual(['off-hours']);
    clock.t = Date.UTC(2024, 2, 16, 3, 0); // Sat 11:00 Beijing
    expect(event({ action: 'cred.export', clientId: null }).map((a) => a.rule)).toEqual(['off-hours']);
  });

  it('uses the owner’s hours', () => {
    const { clock, event } = setup(only({ offHours: { enabled: true, start: '09:30', end: '17:00', days: [1, 2, 3, 4, 5, 6] } }));
    clock.t = Date.UTC(2024, 2, 16, 3, 0); // Sat 11:00
    expect(event({ action: 'doc.export' })).toEqual([]);
    clock.t = Date.UTC(2024, 2, 13, 1, 29); // Wed 09:29
    expect(event({ action: 'doc.export' }).map((a) => a.rule)).toEqual(['off-hours']);
  });
});

describe('first-access', () => {
  const settings = only({ firstAccess: { enabled: true } });

  it('fires the first time a staff member opens a client, never again for that pair; not for the owner', () => {
    const { event } = setup(settings);
    const [alert] = event({ action: 'doc.view', clientId: 'c9' });
    expect(alert).toMatchObject({ rule: 'first-access', severity: 'low', clientId: 'c9', events: [1] });
    expect(event({ action: 'doc.view', clientId: 'c9' })).toEqual([]);
    expect(event({ action: 'doc.view', clientId: 'c9', actorId: 'acc2' }).map((a) => a.rule)).toEqual(['first-access']);
    expect(event({ action: 'doc.view', clientId: 'c10', actorId: 'own', role: 'owner' })).toEqual([]);
    // Refusals and writes are not access.
    expect(event({ action: 'doc.view', clientId: 'c11', outcome: 'denied' })).toEqual([]);
    expect(event({ action: 'client.update', clientId: 'c12' })).toEqual([]);
  });
});

describe('secret-export', () => {
  const settings = only({ secretExport: { enabled: true } });

  it('fires for an export or print of a 绝密 client’s document, not for other clients, once per repeat window per client', () => {
    const { clock, event } = setup({ ...settings, repeatMinutes: 30 });
    expect(event({ action: 'doc.export', clientId: 'plain' })).toEqual([]);
    expect(event({ action: 'doc.view', clientId: 'secret-1' })).toEqual([]);
    const [alert] = event({ action: 'doc.export', clientId: 'secret-1' });
    expect(alert).toMatchObject({ rule: 'secret-export', severity: 'high', clientId: 'secret-1', events: [3] });
    expect(event({ action: 'doc.print', clientId: 'secret-1' })).toEqual([]);
    expect(event({ action: 'doc.print', clientId: 'secret-2' }).map((a) => a.clientId)).toEqual(['secret-2']);
    clock.advance(30 * MIN);
    expect(event({ action: 'doc.print', clientId: 'secret-1' }).map((a) => a.rule)).toEqual(['secret-export']);
  });
});

describe('unlock-failures', () => {
  const settings = only({ unlockFailures: { enabled: true, count: 3, minutes: 15 } });
  const failed = (detail: WatchedEvent['detail']) => ({ action: 'unlock.failed', outcome: 'failure' as const, actorId: null, actorName: null, role: null, clientId: null, detail });

  it('fires at the 3rd failure for one name within 15 minutes, per name, once per window', () => {
    const { clock, event } = setup(settings);
    const li = { name: '李会计', staffId: 'acc1' };
    expect(event(failed(li))).toEqual([]);
    expect(event(failed({ name: '王会计', staffId: 'acc2' }))).toEqual([]);
    clock.advance(5 * MIN);
    expect(event(failed(li))).toEqual([]);
    clock.advance(5 * MIN);
    const [alert] = event(failed(li));
    expect(alert).toMatchObject({ rule: 'unlock-failures', severity: 'high', subjectId: 'acc1', subjectName: '李会计', events: [1, 3, 4] });
    expect(event(failed(li))).toEqual([]);
    expect(event(failed(li))).toEqual([]);
    expect(event(failed(li))).toEqual([]);
  });

  it('counts names that are not staff together, and names nobody could read together for the vault', () => {
    const { event } = setup(settings);
    expect(event(failed({ unknownName: true, length: 3 }))).toEqual([]);
    expect(event(failed({ name: '?' }))).toEqual([]);
    expect(event(failed({}))).toEqual([]);
    expect(event(failed({ unknownName: true, length: 5 }))).toEqual([]);
    const [byName] = event(failed({ unknownName: true, length: 9 }));
    expect(byName).toMatchObject({ subjectId: null, facts: { name: 'unknown-name' } });
    const [unread] = event(failed({ name: '?' }));
    expect(unread).toMatchObject({ subjectId: null, facts: { name: 'unreadable' }, events: [2, 3, 6] });
  });

  it('uses the time each failure happened, not when it is written', () => {
    const { clock, event } = setup(settings);
    const written = clock.t;
    // Written together at the next unlock, but twenty minutes apart when they happened.
    expect(event({ ...failed({ staffId: 'acc1' }), at: written - 40 * MIN })).toEqual([]);
    expect(event({ ...failed({ staffId: 'acc1' }), at: written - 20 * MIN })).toEqual([]);
    expect(event({ ...failed({ staffId: 'acc1' }), at: written })).toEqual([]);
  });
});

describe('backup-target', () => {
  const settings = only({ backupTarget: { enabled: true } });

  it('fires for a folder or recipient no earlier backup went to, not for a repeat', () => {
    const lookups = fakeLookups();
    lookups.backupTargets().folders.add('/mnt/nas');
    const { event } = setup(settings, lookups);
    const backup = (folder: string, recipients = '') => event({ action: 'backup.create', clientId: null, detail: { folder, recipients } });
    expect(backup('/mnt/nas')).toEqual([]);
    const [alert] = backup('/media/usb');
    expect(alert).toMatchObject({ rule: 'backup-target', facts: { folder: '/media/usb', recipients: null } });
    expect(backup('/media/usb')).toEqual([]);
    expect(backup('/media/usb', 'age1aaa,age1bbb').map((a) => a.facts)).toEqual([{ folder: null, recipients: 'age1aaa,age1bbb' }]);
    expect(backup('/mnt/nas', 'age1aaa')).toEqual([]);
    expect(event({ action: 'backup.create', outcome: 'failure', clientId: null, detail: { folder: '/elsewhere' } })).toEqual([]);
  });
});

describe('integrity', () => {
  const settings = only({ integrity: { enabled: true } });

  it('fires for a failed verification, a refused rollback and an altered anchor; once per repeat window each', () => {
    const { clock, event } = setup(settings);
    expect(event({ action: 'audit.verify', outcome: 'success', clientId: null })).toEqual([]);
    expect(event({ action: 'audit.verify', outcome: 'failure', clientId: null, detail: { reason: 'edited' } }).map((a) => a.facts)).toEqual([
      { action: 'audit.verify', what: null, reason: 'edited' },
    ]);
    expect(event({ action: 'audit.verify', outcome: 'failure', clientId: null })).toEqual([]);
    const rollback = { action: 'vault.rollback', outcome: 'denied' as const, actorId: null, actorName: null, clientId: null, detail: { what: 'vault.key', staffId: 'acc2' } };
    expect(event(rollback).map((a) => [a.rule, a.subjectId])).toEqual([['integrity', 'acc2']]);
    expect(event(rollback)).toEqual([]);
    expect(event({ action: 'anchor.forged', outcome: 'failure', clientId: null }).map((a) => a.rule)).toEqual(['integrity']);
    clock.advance(60 * MIN);
    expect(event(rollback).map((a) => a.rule)).toEqual(['integrity']);
  });
});

it('a disabled rule raises nothing, and new thresholds take effect at once', () => {
  const { event, rules } = setup(only({}));
  for (let i = 0; i < 30; i++) expect(event({ action: 'doc.export', clientId: `secret-${i}` })).toEqual([]);
  rules.configure({ ...DEFAULT_ALERT_SETTINGS, ...only({ docBurst: { enabled: true, count: 2, minutes: 5 } }) });
  expect(event({ action: 'doc.view' })).toEqual([]);
  expect(event({ action: 'doc.view' }).map((a) => a.rule)).toEqual(['doc-burst']);
});
