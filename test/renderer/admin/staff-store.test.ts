import { describe, expect, it } from 'vitest';
import { useStaffStore } from '../../../src/renderer/src/admin/staff-store';
import type { OffboardResult } from '../../../src/shared/access';
import { installFakeBridge } from '../fake-bridge';
import { id, staffInfo } from '../fixtures';

const staff = () => useStaffStore.getState();

describe('staff store', () => {
  it('loads everyone who can sign in, and says why when it cannot', async () => {
    const fake = installFakeBridge().on('staffList', () => [staffInfo(1), staffInfo(2, { status: 'disabled' })]);
    await staff().load();
    expect(staff().staff.map((p) => p.name)).toEqual(['员工1', '员工2']);
    fake.refuse('staffList', 'PERMISSION_DENIED', 'no');
    await staff().load();
    expect(staff().error).toEqual({ code: 'PERMISSION_DENIED', message: 'no' });
    expect(staff().loading).toBe(false);
  });

  it('drops a list that arrives after a reset', async () => {
    const held = installFakeBridge().hold('staffList');
    void staff().load();
    staff().reset();
    await held[0]?.answer([staffInfo(1)]);
    expect(staff().staff).toEqual([]);
    expect(staff().loading).toBe(false);
  });

  it('adds a person, answering with main’s record or the error', async () => {
    const fake = installFakeBridge().on('staffAdd', ({ name, role }) => staffInfo(3, { name, role }));
    const added = await staff().add({ name: '王五', role: 'auditor', password: 'a long password' });
    expect(added).toEqual({ ok: true, data: staffInfo(3, { name: '王五', role: 'auditor' }) });
    expect(fake.requests('staffAdd')).toEqual([{ name: '王五', role: 'auditor', password: 'a long password' }]);
    // The password only passes through.
    expect(JSON.stringify(staff())).not.toContain('a long password');
    fake.refuse('staffAdd', 'ALREADY_EXISTS', 'taken');
    expect(await staff().add({ name: '王五', role: 'auditor', password: 'x'.repeat(8) })).toEqual({ ok: false, error: { code: 'ALREADY_EXISTS', message: 'taken' } });
  });

  it('changes a role, answering with the error if any', async () => {
    const fake = installFakeBridge().on('staffUpdateRole', ({ staffId, role }) => staffInfo(1, { id: staffId, role }));
    expect(await staff().updateRole(id(501), 'admin')).toBeNull();
    expect(fake.requests('staffUpdateRole')).toEqual([{ staffId: id(501), role: 'admin' }]);
    fake.refuse('staffUpdateRole', 'PERMISSION_DENIED', 'owner only');
    expect(await staff().updateRole(id(501), 'admin')).toEqual({ code: 'PERMISSION_DENIED', message: 'owner only' });
  });

  it('offboards with the handover and the report choice', async () => {
    const result: OffboardResult = {
      report: {
        staff: { id: id(501), name: '员工1', role: 'accountant' },
        handoverTo: { id: id(502), name: '员工2' },
        by: { id: id(500), name: '老板' },
        at: '2024-05-01T00:00:00.000Z',
        since: '2024-02-01T00:00:00.000Z',
        revokedClients: [],
        handedOverClients: [],
        masterKeyReplaced: false,
        credentialsToRotate: [],
        accessed: [],
        counts: {},
      },
      reportPath: null,
    };
    const fake = installFakeBridge().on('offboard', () => result);
    expect(await staff().offboard(id(501), id(502), false)).toEqual({ ok: true, data: result });
    expect(fake.requests('offboard')).toEqual([{ staffId: id(501), handoverToId: id(502), saveReport: false }]);
  });
});
