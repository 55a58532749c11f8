import { describe, expect, it } from 'vitest';
import { useLockSettingsStore } from '../../../src/renderer/src/settings/lock-settings-store';
import { DEFAULT_LOCK_POLICY, DEFAULT_LOCK_SETTINGS, type LockSettingsView } from '../../../src/shared/domain';
import { installFakeBridge } from '../fake-bridge';

const settings = () => useLockSettingsStore.getState();

function view(idleMinutes: number): LockSettingsView {
  const staff = { ...DEFAULT_LOCK_SETTINGS, idleMinutes };
  return { staff, policy: { ...DEFAULT_LOCK_POLICY }, effective: staff, canEditPolicy: false };
}

describe('lock settings store', () => {
  it('loads, and says why when it cannot', async () => {
    const fake = installFakeBridge().on('lockSettingsGet', () => view(5));
    await settings().load();
    expect(settings().view).toEqual(view(5));
    fake.refuse('lockSettingsGet', 'VAULT_LOCKED', 'locked');
    await settings().load();
    expect(settings().error).toEqual({ code: 'VAULT_LOCKED', message: 'locked' });
    expect(settings().loading).toBe(false);
  });

  it('saves the staff settings whole and shows main’s answer', async () => {
    const fake = installFakeBridge().on('lockSettingsSet', (req) => view(req.staff?.idleMinutes ?? 0));
    const staff = { ...DEFAULT_LOCK_SETTINGS, idleMinutes: 12 };
    const saving = settings().saveStaff(staff);
    expect(settings().saving).toBe('staff');
    expect(await saving).toBeNull();
    expect(fake.requests('lockSettingsSet')).toEqual([{ staff }]);
    expect(settings().view?.staff.idleMinutes).toBe(12);
    expect(settings().saving).toBeNull();
  });

  it('saves the policy whole, and answers a refusal with the error', async () => {
    const fake = installFakeBridge().refuse('lockSettingsSet', 'PERMISSION_DENIED', 'owner only');
    const policy = { ...DEFAULT_LOCK_POLICY, maxIdleMinutes: 10 };
    expect(await settings().savePolicy(policy)).toEqual({ code: 'PERMISSION_DENIED', message: 'owner only' });
    expect(fake.requests('lockSettingsSet')).toEqual([{ policy }]);
    expect(settings().saving).toBeNull();
    expect(settings().view).toBeNull();
  });

  it('keeps a saved answer over an older load that answers later', async () => {
    const fake = installFakeBridge().on('lockSettingsSet', () => view(30));
    const held = fake.hold('lockSettingsGet');
    void settings().load();
    await settings().saveStaff({ ...DEFAULT_LOCK_SETTINGS, idleMinutes: 30 });
    await held[0]?.answer(view(5));
    expect(settings().view?.staff.idleMinutes).toBe(30);
  });

  it('drops an answer that arrives after a reset', async () => {
    const held = installFakeBridge().hold('lockSettingsGet');
    void settings().load();
    settings().reset();
    await held[0]?.answer(view(5));
    expect(settings().view).toBeNull();
  });
});
