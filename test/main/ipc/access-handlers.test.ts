import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VaultManager } from '../../../src/main/core/vault/vault-manager';
import { registerHandlers } from '../../../src/main/ipc/handlers';
import { IpcRouter } from '../../../src/main/ipc/router';
import type { AuditPage, FileSaved, GrantInfo, OffboardResult, SessionAccess, StaffInfo } from '../../../src/shared/access';
import type { ClientDetail } from '../../../src/shared/domain';
import type { Result } from '../../../src/shared/errors';

const top = { url: 'app://zhangdun/index.html', isTopFrame: true };
let dir: string;
let manager: VaultManager;
let router: IpcRouter;
const saved: string[] = [];

async function call<T>(channel: string, request: unknown): Promise<T> {
  const res = (await router.dispatch(channel, request, top)) as Result<T>;
  if (!res.ok) throw Object.assign(new Error(res.error.code), { code: res.error.code });
  return res.data;
}

async function code(channel: string, request: unknown): Promise<string> {
  const res = await router.dispatch(channel, request, top);
  return res.ok ? 'ok' : res.error.code;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zd-ipc-access-'));
  manager = new VaultManager({ vaultDir: join(dir, 'vault') });
  router = new IpcRouter({ isTrusted: () => true, locale: () => 'zh-CN' });
  let n = 0;
  registerHandlers(router, {
    manager,
    appInfo: { version: '0', platform: 'linux' },
    dialogs: {
      pickFiles: async () => null,
      pickFolder: async () => null,
      pickSaveTarget: async (name) => {
        const path = join(dir, `${n++}-${name}`);
        saved.push(name);
        return path;
      },
    },
  });
  await call('vaultCreate', { staffName: '张所长', password: 'owner password 1' });
});
afterAll(async () => {
  await manager.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('staff, grant, audit and report channels', () => {
  it('carry the whole flow for the UI, and refuse with PERMISSION_DENIED / NOT_FOUND as data', async () => {
    expect(await call<SessionAccess>('sessionAccess', {})).toMatchObject({ staff: { name: '张所长', role: 'owner' }, seesAllClients: true });
    const li = await call<StaffInfo>('staffAdd', { name: '李会计', role: 'accountant', password: 'accountant pw 1' });
    const sun = await call<StaffInfo>('staffAdd', { name: '孙会计', role: 'accountant', password: 'accountant pw 2' });
    expect(await code('staffAdd', { name: '王', role: 'owner', password: 'whatever 123' })).toBe('INVALID_INPUT');
    expect((await call<StaffInfo>('staffUpdateRole', { staffId: sun.id, role: 'auditor' })).role).toBe('auditor');
    expect((await call<StaffInfo>('staffUpdateRole', { staffId: sun.id, role: 'accountant' })).role).toBe('accountant');
    const client = await call<ClientDetail>('clientCreate', { name: '福州闽江财税咨询有限公司', phone: '13912345678', label: 'internal' });
    const other = await call<ClientDetail>('clientCreate', { name: '厦门鹭岛贸易有限公司', label: 'internal' });
    const grant = await call<GrantInfo>('grantAdd', { clientId: client.id, staffId: li.id, assign: true });
    expect(grant).toMatchObject({ staffName: '李会计', clientName: '福州闽江财税咨询有限公司', keyVersion: 1, assigned: true, grantedByName: '张所长' });
    expect(await call<GrantInfo[]>('grantList', { staffId: li.id })).toHaveLength(1);
    expect(await code('grantList', { staffId: li.id, clientId: client.id })).toBe('INVALID_INPUT');
    expect(await code('grantAdd', { clientId: client.id, staffId: li.id })).toBe('ALREADY_EXISTS');

    await call('vaultLock', {});
    await call('vaultUnlock', { staffName: '李会计', password: 'accountant pw 1' });
    expect(await call<SessionAccess>('sessionAccess', {})).toMatchObject({ seesAllClients: false, allowed: expect.arrayContaining(['doc.import']) as unknown });
    expect((await call<{ items: { id: string }[] }>('clientList', {})).items.map((c) => c.id)).toEqual([client.id]);
    expect(await code('clientGet', { id: other.id })).toBe('NOT_FOUND');
    expect(await code('docPickFiles', { clientId: other.id, mode: 'files' })).toBe('NOT_FOUND');
    for (const [channel, request] of [
      ['staffList', {}],
      ['grantAdd', { clientId: other.id, staffId: li.id }],
      ['grantRevoke', { clientId: client.id, staffId: li.id }],
      ['auditList', {}],
      ['auditExportCsv', {}],
      ['reportAccess', { clientId: client.id }],
      ['offboard', { staffId: sun.id, handoverToId: li.id }],
    ] as const) {
      expect(await code(channel, request), channel).toBe('PERMISSION_DENIED');
    }

    await call('vaultLock', {});
    await call('vaultUnlock', { staffName: '张所长', password: 'owner password 1' });
    const denied = await call<AuditPage>('auditList', { outcome: 'denied', limit: 50 });
    expect(denied.items.map((e) => e.action)).toEqual(['offboard', 'report.access', 'audit.export', 'audit.view', 'revoke', 'grant', 'staff.list', 'doc.import', 'client.view']);
    expect(denied.items.every((e) => e.staffName === '李会计')).toBe(true);
    const page = await call<AuditPage>('auditList', { action: 'grant', outcome: 'success', limit: 1 });
    expect(page.total).toBe(1);
    expect(page.items[0]).toMatchObject({ clientName: '福州闽江财税咨询有限公司', detail: { staffId: li.id, assign: true } });

    const csv = await call<FileSaved>('auditExportCsv', { staffId: li.id });
    if (csv.cancelled) throw new Error('cancelled');
    const text = readFileSync(csv.path, 'utf8');
    expect(text.startsWith('\ufeff"序号","时间","员工"')).toBe(true);
    expect(text).toContain('"拒绝"');
    expect(csv.count).toBeGreaterThanOrEqual(8);

    const report = await call<FileSaved>('reportAccess', { clientId: client.id });
    if (report.cancelled) throw new Error('cancelled');
    expect(readFileSync(report.path).subarray(0, 5).toString()).toBe('%PDF-');

    expect((await call<{ keyVersion: number }>('grantRevoke', { clientId: client.id, staffId: li.id })).keyVersion).toBe(2);
    const off = await call<OffboardResult>('offboard', { staffId: li.id, handoverToId: sun.id });
    expect(off.report.handedOverClients.map((c) => c.id)).toEqual([client.id]);
    expect(off.reportPath).not.toBeNull();
    expect(readFileSync(off.reportPath!).subarray(0, 5).toString()).toBe('%PDF-');
    expect(saved.at(-1)).toBe('离职交接报告-李会计.pdf');
    expect((await call<StaffInfo[]>('staffList', {})).find((s) => s.id === li.id)?.status).toBe('disabled');
    const policy = { maxIdleMinutes: 10, requireScreenLock: true, requireSuspend: true, requireUserSwitch: false, requireWindowClose: false, requireContentProtection: false };
    await call('lockSettingsSet', { policy });
    expect((await call<AuditPage>('auditList', { action: 'settings.change', limit: 1 })).items[0]).toMatchObject({ staffName: '张所长', outcome: 'success', detail: { setting: 'lock', scope: 'policy' } });
    await call('vaultLock', {});
    await call('vaultUnlock', { staffName: '孙会计', password: 'accountant pw 2' });
    expect(await code('lockSettingsSet', { policy })).toBe('PERMISSION_DENIED');
    await call('vaultLock', {});
    await call('vaultUnlock', { staffName: '张所长', password: 'owner password 1' });
    expect((await call<AuditPage>('auditList', { action: 'settings.change', limit: 1 })).items[0]).toMatchObject({ staffName: '孙会计', outcome: 'denied' });
    await call('vaultLock', {});
    expect(await code('vaultUnlock', { staffName: '李会计', password: 'accountant pw 1' })).toBe('WRONG_CREDENTIALS');
  });
});
