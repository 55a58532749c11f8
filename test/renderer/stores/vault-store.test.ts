import { describe, expect, it } from 'vitest';
import { useClientListStore } from '../../../src/renderer/src/stores/client-list-store';
import { useRouteStore } from '../../../src/renderer/src/stores/route-store';
import { useSearchStore } from '../../../src/renderer/src/stores/search-store';
import { useVaultStore } from '../../../src/renderer/src/stores/vault-store';
import { installFakeBridge, refusal } from '../fake-bridge';
import { clientSummary, vaultStatus } from '../fixtures';

const vault = () => useVaultStore.getState();

describe('vault store', () => {
  it('refreshes the status, and keeps the last one when the refresh fails', async () => {
    const fake = installFakeBridge().on('vaultStatus', () => vaultStatus('locked'));
    await vault().refresh();
    expect(vault().status).toEqual(vaultStatus('locked'));
    fake.refuse('vaultStatus', 'INTERNAL', 'boom');
    await vault().refresh();
    expect(vault().status).toEqual(vaultStatus('locked'));
    expect(vault().statusError).toEqual({ code: 'INTERNAL', message: 'boom' });
  });

  it('creates a vault and holds the recovery key only until acknowledged', async () => {
    const fake = installFakeBridge().on('vaultCreate', () => ({ recoveryKey: 'AGE-SECRET-KEY-1XYZ', status: vaultStatus('unlocked') }));
    expect(await vault().create('老板', 'long enough')).toBeNull();
    expect(fake.requests('vaultCreate')).toEqual([{ staffName: '老板', password: 'long enough' }]);
    expect(vault().status?.state).toBe('unlocked');
    expect(vault().recoveryKey).toBe('AGE-SECRET-KEY-1XYZ');
    vault().acknowledgeRecoveryKey();
    expect(vault().recoveryKey).toBeNull();
  });

  it('answers a failed create with the error and changes nothing', async () => {
    installFakeBridge().refuse('vaultCreate', 'VAULT_EXISTS', 'exists');
    expect(await vault().create('老板', 'long enough')).toEqual({ code: 'VAULT_EXISTS', message: 'exists' });
    expect(vault().status).toBeNull();
    expect(vault().recoveryKey).toBeNull();
  });

  it('unlocks, or answers with the error and its detail (LOCKED_OUT says how long)', async () => {
    const fake = installFakeBridge().on('vaultUnlock', () => {
      throw refusal('LOCKED_OUT', 'wait', { seconds: 30 });
    });
    expect(await vault().unlock('会计', 'nope')).toEqual({ code: 'LOCKED_OUT', message: 'wait', detail: { seconds: 30 } });
    expect(vault().status).toBeNull();
    fake.on('vaultUnlock', () => vaultStatus('unlocked'));
    expect(await vault().unlock('会计', 'right')).toBeNull();
    expect(vault().status?.state).toBe('unlocked');
  });

  it('locks, then clears every store', async () => {
    const fake = installFakeBridge()
      .on('clientList', () => ({ items: [clientSummary(1)], total: 1 }))
      .on('search', () => ({ clients: [clientSummary(1)], documents: [] }))
      .on('vaultLock', () => vaultStatus('locked'));
    await useClientListStore.getState().load();
    await useSearchStore.getState().search('客户');
    useRouteStore.getState().navigate({ name: 'settings' });
    expect(await vault().lock()).toBeNull();
    expect(useClientListStore.getState().items).toEqual([]);
    expect(useSearchStore.getState().hits).toBeNull();
    expect(useRouteStore.getState().route).toEqual({ name: 'clients' });
    expect(vault().status).toEqual(vaultStatus('locked'));
    expect(fake.channels()).not.toContain('vaultStatus');
  });

  it('clears every store even when main fails to answer the lock, then asks for the status', async () => {
    const fake = installFakeBridge()
      .on('clientList', () => ({ items: [clientSummary(1)], total: 1 }))
      .refuse('vaultLock', 'INTERNAL', 'lock failed')
      .on('vaultStatus', () => vaultStatus('locked'));
    await useClientListStore.getState().load();
    expect(await vault().lock()).toEqual({ code: 'INTERNAL', message: 'lock failed' });
    expect(useClientListStore.getState().items).toEqual([]);
    expect(fake.channels().slice(-2)).toEqual(['vaultLock', 'vaultStatus']);
    expect(vault().status).toEqual(vaultStatus('locked'));
  });
});
