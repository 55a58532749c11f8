import { describe, expect, it } from 'vitest';
import { useAccessStore } from '../../../src/renderer/src/admin/access-store';
import type { SessionAccess } from '../../../src/shared/access';
import { installFakeBridge } from '../fake-bridge';
import { id } from '../fixtures';

const access = (name: string, allowed: SessionAccess['allowed']): SessionAccess => ({ staff: { id: id(501), name, role: 'auditor' }, seesAllClients: false, allowed });

describe('access store', () => {
  it('loads what the session may do', async () => {
    installFakeBridge().on('sessionAccess', () => access('审计', ['audit.view']));
    await useAccessStore.getState().load();
    expect(useAccessStore.getState().access?.allowed).toEqual(['audit.view']);
  });

  it('offers nothing extra when main does not answer', async () => {
    const fake = installFakeBridge().on('sessionAccess', () => access('审计', ['audit.view']));
    await useAccessStore.getState().load();
    fake.refuse('sessionAccess', 'VAULT_LOCKED');
    await useAccessStore.getState().load();
    expect(useAccessStore.getState().access).toBeNull();
  });

  it("keeps no earlier session's rights after a lock, even if they arrive late", async () => {
    const held = installFakeBridge().hold('sessionAccess');
    void useAccessStore.getState().load();
    useAccessStore.getState().reset();
    await held[0]?.answer(access('老板', ['staff.manage', 'backup.restore']));
    expect(useAccessStore.getState().access).toBeNull();
  });
});
