import { describe, expect, it } from 'vitest';
import {
  MAX_EARLIER,
  parseResumePoint,
  readResumePoint,
  rememberIdleMinutes,
  rememberRoute,
  restoreRoute,
} from '../../../src/renderer/src/start/resume-point';
import { useClientDetailStore } from '../../../src/renderer/src/stores/client-detail-store';
import { useRouteStore } from '../../../src/renderer/src/stores/route-store';
import type { ClientDetail } from '../../../src/shared/domain';
import { installFakeBridge, settle } from '../fake-bridge';
import type { MemoryStorage } from '../memory-storage';

const KEY = 'zhangdun.resume';
const CLIENT = 'c0ffee00c0ffee00c0ffee00c0ffee00';
const storage = () => globalThis.sessionStorage as unknown as MemoryStorage;

describe('parseResumePoint', () => {
  it.each([
    ['nothing', null],
    ['empty', ''],
    ['not JSON', '{route:'],
    ['a string', '"clients"'],
    ['null', 'null'],
    ['an array', '[]'],
    ['no staff', '{"route":"clients"}'],
    ['a staff id with a path in it', '{"route":"clients","staffId":"../x"}'],
    ['a staff id that is too long', JSON.stringify({ route: 'clients', staffId: 'a'.repeat(65) })],
    ['an unknown route', '{"route":"admin","staffId":"s1"}'],
    ['a client route without a client', '{"route":"client","staffId":"s1"}'],
    ['a client id with spaces', '{"route":"client","clientId":"a b","staffId":"s1"}'],
    ['a client id that is a number', '{"route":"client","clientId":7,"staffId":"s1"}'],
  ])('reads %s as nothing stored', (_what, raw) => {
    expect(parseResumePoint(raw)).toBeNull();
  });

  it.each(['clients', 'credentials', 'settings', 'backup', 'staff', 'audit'] as const)('reads the %s route', (route) => {
    expect(parseResumePoint(JSON.stringify({ route, staffId: 's1' }))).toEqual({ route, staffId: 's1' });
  });

  it('reads a client route with its id', () => {
    expect(parseResumePoint(JSON.stringify({ route: 'client', clientId: CLIENT, staffId: 's1' }))).toEqual({ route: 'client', clientId: CLIENT, staffId: 's1' });
  });

  it('lets nothing else ride along: extra fields and a stray client id are dropped', () => {
    const raw = JSON.stringify({ route: 'settings', staffId: 's1', clientId: CLIENT, name: '甲公司', phone: '13800000000' });
    expect(parseResumePoint(raw)).toEqual({ route: 'settings', staffId: 's1' });
  });

  it("reads other staff members' points strictly: malformed ones, repeats and the current person's are dropped", () => {
    const raw = JSON.stringify({
      route: 'settings',
      staffId: 's1',
      earlier: [
        { route: 'client', clientId: CLIENT, staffId: 's2', name: '甲公司' },
        { route: 'client', staffId: 's3' },
        { route: 'audit', staffId: 's2' },
        { route: 'backup', staffId: 's1' },
        'clients',
        { route: 'staff', staffId: 's4', idleMinutes: 5 },
      ],
    });
    expect(parseResumePoint(raw)).toEqual({
      route: 'settings',
      staffId: 's1',
      earlier: [
        { route: 'client', clientId: CLIENT, staffId: 's2' },
        { route: 'staff', staffId: 's4' },
      ],
    });
    expect(parseResumePoint(JSON.stringify({ route: 'settings', staffId: 's1', earlier: 'x' }))).toEqual({ route: 'settings', staffId: 's1' });
  });

  it('keeps a positive whole idle timeout and drops any other', () => {
    const point = (idleMinutes: unknown) => parseResumePoint(JSON.stringify({ route: 'clients', staffId: 's1', idleMinutes }));
    expect(point(5)).toEqual({ route: 'clients', staffId: 's1', idleMinutes: 5 });
    for (const bad of [0, -1, 1.5, '5', null]) expect(point(bad)).toEqual({ route: 'clients', staffId: 's1' });
  });
});

describe('remembering', () => {
  it('stores the route and only an opaque client id', () => {
    rememberRoute({ name: 'client', id: CLIENT }, 's1');
    expect(JSON.parse(storage().getItem(KEY) ?? '')).toEqual({ route: 'client', clientId: CLIENT, staffId: 's1' });
    rememberRoute({ name: 'backup' }, 's1');
    expect(readResumePoint()).toEqual({ route: 'backup', staffId: 's1' });
  });

  it('keeps the idle timeout across route changes of the same staff member only', () => {
    rememberIdleMinutes('s1', 10);
    rememberRoute({ name: 'settings' }, 's1');
    expect(readResumePoint()).toEqual({ route: 'settings', staffId: 's1', idleMinutes: 10 });
    rememberRoute({ name: 'settings' }, 's2');
    expect(readResumePoint()).toEqual({ route: 'settings', staffId: 's2', earlier: [{ route: 'settings', staffId: 's1' }] });
  });

  it('sets and clears the idle timeout without moving the route', () => {
    rememberRoute({ name: 'audit' }, 's1');
    rememberIdleMinutes('s1', 15);
    expect(readResumePoint()).toEqual({ route: 'audit', staffId: 's1', idleMinutes: 15 });
    rememberIdleMinutes('s1', null);
    expect(readResumePoint()).toEqual({ route: 'audit', staffId: 's1' });
  });

  it("starts another staff member at the list rather than at someone else's route, keeping that route for its owner", () => {
    rememberRoute({ name: 'client', id: CLIENT }, 's1');
    rememberIdleMinutes('s2', 5);
    expect(readResumePoint()).toEqual({ route: 'clients', staffId: 's2', idleMinutes: 5, earlier: [{ route: 'client', clientId: CLIENT, staffId: 's1' }] });
  });

  it("takes a staff member's own earlier point back to the top when they return", () => {
    rememberRoute({ name: 'client', id: CLIENT }, 's1');
    rememberRoute({ name: 'audit' }, 's2');
    rememberIdleMinutes('s1', 10);
    expect(readResumePoint()).toEqual({ route: 'client', clientId: CLIENT, staffId: 's1', idleMinutes: 10, earlier: [{ route: 'audit', staffId: 's2' }] });
  });

  it('keeps at most MAX_EARLIER other people, the most recent first', () => {
    for (let i = 0; i <= MAX_EARLIER + 2; i++) rememberRoute({ name: 'settings' }, `s${i}`);
    const earlier = readResumePoint()?.earlier ?? [];
    expect(earlier).toHaveLength(MAX_EARLIER);
    expect(earlier[0]).toEqual({ route: 'settings', staffId: `s${MAX_EARLIER + 1}` });
    expect(earlier.map((e) => e.staffId)).not.toContain(`s${MAX_EARLIER + 2}`);
  });

  it('carries on without storage (disabled or full)', () => {
    storage().failing = true;
    expect(() => rememberRoute({ name: 'settings' }, 's1')).not.toThrow();
    expect(() => rememberIdleMinutes('s1', 5)).not.toThrow();
    expect(readResumePoint()).toBeNull();
  });
});

function detail(id: string): ClientDetail {
  return {
    id,
    name: '甲公司',
    creditCode: null,
    taxpayerType: null,
    contactPerson: null,
    phoneMasked: null,
    label: 'internal',
    status: 'active',
    updatedAt: '2024-05-01T00:00:00.000Z',
    sample: false,
    endedOn: null,
    address: null,
    bankAccountMasked: null,
    serviceStart: null,
    serviceEnd: null,
    assignedStaffName: null,
    notes: null,
    createdAt: '2024-01-01T00:00:00.000Z',
  };
}

describe('restoreRoute', () => {
  const route = () => useRouteStore.getState().route;

  it('stays at the list when nothing was stored', () => {
    restoreRoute('s1');
    expect(route()).toEqual({ name: 'clients' });
  });

  it("does not follow another staff member's point, and leaves it to them", () => {
    rememberRoute({ name: 'audit' }, 's1');
    restoreRoute('s2');
    expect(route()).toEqual({ name: 'clients' });
    expect(readResumePoint()).toEqual({ route: 'audit', staffId: 's1' });
  });

  // Issue 16: the owner had a client open, a colleague unlocked and locked again, and the owner's unlock landed on the list.
  it('brings the owner back to their client after a colleague used the app in between', async () => {
    installFakeBridge().on('clientGet', ({ id }) => detail(id));
    // The owner on the client's page; the lock; the accountant unlocks (to the list), opens the credentials page, locks.
    rememberRoute({ name: 'client', id: CLIENT }, 'owner');
    restoreRoute('acct');
    expect(route()).toEqual({ name: 'clients' });
    rememberRoute(route(), 'acct');
    rememberRoute({ name: 'credentials' }, 'acct');
    useRouteStore.getState().reset();
    // The owner unlocks: back on the client.
    restoreRoute('owner');
    expect(route()).toEqual({ name: 'client', id: CLIENT });
    await useClientDetailStore.getState().load(CLIENT);
    expect(route()).toEqual({ name: 'client', id: CLIENT });
    // And the accountant, next time, on theirs.
    rememberRoute(route(), 'owner');
    useRouteStore.getState().reset();
    restoreRoute('acct');
    expect(route()).toEqual({ name: 'credentials' });
  });

  it.each(['credentials', 'settings', 'backup', 'staff', 'audit'] as const)('goes back to %s', (name) => {
    rememberRoute({ name }, 's1');
    restoreRoute('s1');
    expect(route()).toEqual({ name });
  });

  it('goes back to the client when it still loads, and stops watching once it has', async () => {
    const fake = installFakeBridge().on('clientGet', ({ id }) => detail(id));
    rememberRoute({ name: 'client', id: CLIENT }, 's1');
    restoreRoute('s1');
    expect(route()).toEqual({ name: 'client', id: CLIENT });
    await useClientDetailStore.getState().load(CLIENT);
    expect(route()).toEqual({ name: 'client', id: CLIENT });
    // A later failure is the page's business, not a reason to leave it.
    fake.refuse('clientGet', 'NOT_FOUND');
    await useClientDetailStore.getState().load(CLIENT);
    expect(route()).toEqual({ name: 'client', id: CLIENT });
  });

  it.each(['NOT_FOUND', 'PERMISSION_DENIED'] as const)("falls back to the list and forgets that client when it answers %s (others' points stay)", async (code) => {
    installFakeBridge().refuse('clientGet', code);
    rememberRoute({ name: 'audit' }, 's2');
    rememberRoute({ name: 'client', id: CLIENT }, 's1');
    restoreRoute('s1');
    await useClientDetailStore.getState().load(CLIENT);
    expect(route()).toEqual({ name: 'clients' });
    expect(readResumePoint()).toEqual({ route: 'clients', staffId: 's1', earlier: [{ route: 'audit', staffId: 's2' }] });
  });

  it('stays on the client for other failures (the page shows them)', async () => {
    installFakeBridge().refuse('clientGet', 'INTERNAL');
    rememberRoute({ name: 'client', id: CLIENT }, 's1');
    restoreRoute('s1');
    await useClientDetailStore.getState().load(CLIENT);
    expect(route()).toEqual({ name: 'client', id: CLIENT });
    expect(readResumePoint()).not.toBeNull();
  });

  it('does not pull the user back once they moved on before the client answered', async () => {
    const held = installFakeBridge().hold('clientGet');
    rememberRoute({ name: 'client', id: CLIENT }, 's1');
    restoreRoute('s1');
    void useClientDetailStore.getState().load(CLIENT);
    useRouteStore.getState().navigate({ name: 'settings' });
    await held[0]?.refuse('NOT_FOUND');
    expect(route()).toEqual({ name: 'settings' });
    await settle();
  });
});
