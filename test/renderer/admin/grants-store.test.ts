import { describe, expect, it } from 'vitest';
import { useGrantsStore } from '../../../src/renderer/src/admin/grants-store';
import type { GrantInfo } from '../../../src/shared/access';
import { installFakeBridge } from '../fake-bridge';
import { id, staffInfo } from '../fixtures';

const grants = () => useGrantsStore.getState();

function grant(clientN: number, staffN: number): GrantInfo {
  return {
    clientId: id(clientN),
    clientName: `客户${clientN}`,
    staffId: id(500 + staffN),
    staffName: `员工${staffN}`,
    keyVersion: 1,
    grantedBy: id(500),
    grantedByName: '老板',
    grantedAt: '2024-05-01T00:00:00.000Z',
    assigned: false,
  };
}

describe('grants store', () => {
  it("loads a client's grants with the staff list", async () => {
    const fake = installFakeBridge()
      .on('grantList', ({ clientId }) => [grant(parseInt(clientId ?? '', 16), 1)])
      .on('staffList', () => [staffInfo(1), staffInfo(2)]);
    await grants().load(id(1));
    expect(fake.requests('grantList')).toEqual([{ clientId: id(1) }]);
    expect(grants()).toMatchObject({ clientId: id(1), error: null });
    expect(grants().grants.map((g) => g.staffName)).toEqual(['员工1']);
    expect(grants().staff).toHaveLength(2);
  });

  it("clears one client's grants as soon as another's are asked for", async () => {
    const fake = installFakeBridge()
      .on('grantList', () => [grant(1, 1)])
      .on('staffList', () => [staffInfo(1)]);
    await grants().load(id(1));
    const held = fake.hold('grantList');
    void grants().load(id(2));
    expect(grants()).toMatchObject({ clientId: id(2), grants: [], staff: [] });
    await held[0]?.answer([grant(2, 1)]);
    expect(grants().grants.map((g) => g.clientId)).toEqual([id(2)]);
  });

  it('keeps what was shown and says why when a reload fails', async () => {
    const fake = installFakeBridge()
      .on('grantList', () => [grant(1, 1)])
      .on('staffList', () => [staffInfo(1)]);
    await grants().load(id(1));
    fake.refuse('staffList', 'PERMISSION_DENIED', 'no');
    await grants().load(id(1));
    expect(grants().error).toEqual({ code: 'PERMISSION_DENIED', message: 'no' });
    expect(grants().grants).toHaveLength(1);
  });

  it('drops an answer for the earlier client, and any answer after a reset', async () => {
    const fake = installFakeBridge().on('staffList', () => [staffInfo(1)]);
    const held = fake.hold('grantList');
    void grants().load(id(1));
    void grants().load(id(2));
    await held[1]?.answer([grant(2, 1)]);
    await held[0]?.answer([grant(1, 1)]);
    expect(grants().grants.map((g) => g.clientId)).toEqual([id(2)]);
    void grants().load(id(3));
    grants().reset();
    await held[2]?.answer([grant(3, 1)]);
    expect(grants().grants).toEqual([]);
    expect(grants().clientId).toBeNull();
  });

  it('adds and revokes grants, answering with the outcome', async () => {
    const fake = installFakeBridge()
      .on('grantAdd', ({ clientId, staffId, assign }) => ({ ...grant(parseInt(clientId, 16), parseInt(staffId, 16) - 500), assigned: assign ?? false }))
      .refuse('grantRevoke', 'NOT_FOUND', 'no such grant');
    expect(await grants().add(id(1), id(502), true)).toMatchObject({ ok: true, data: { staffName: '员工2', assigned: true } });
    expect(await grants().revoke(id(1), id(502))).toEqual({ code: 'NOT_FOUND', message: 'no such grant' });
    expect(fake.requests('grantAdd')).toEqual([{ clientId: id(1), staffId: id(502), assign: true }]);
    expect(fake.requests('grantRevoke')).toEqual([{ clientId: id(1), staffId: id(502) }]);
  });

  it('saves the access report of a client', async () => {
    const fake = installFakeBridge().on('reportAccess', () => ({ cancelled: true }));
    expect(await grants().saveAccessReport(id(1))).toEqual({ ok: true, data: { cancelled: true } });
    expect(fake.requests('reportAccess')).toEqual([{ clientId: id(1) }]);
  });
});
