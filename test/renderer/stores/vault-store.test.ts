import { describe, expect, it, vi } from 'vitest';
import { useClientListStore } from '../../../src/renderer/src/stores/client-list-store';
import { useRouteStore } from '../../../src/renderer/src/stores/route-store';
import { useSearchStore } from '../../../src/renderer/src/stores/search-store';
import { UNLOCK_PROGRESS_POLL_MS, useVaultStore } from '../../../src/renderer/src/stores/vault-store';
import type { UnlockProgress } from '../../../src/shared/domain';
import { installFakeBridge, refusal, settle } from '../fake-bridge';
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
    const fake = installFakeBridge().on('vaultCreate', () => ({ recoveryKey: 'AGE-SECRET-KEY-1XYZ', fingerprint: '3F2A 91C0 0000 0000 0000 0000 0000 0000 0000 0000', status: vaultStatus('unlocked') }));
    expect(await vault().create('老板', 'long enough')).toBeNull();
    expect(fake.requests('vaultCreate')).toEqual([{ staffName: '老板', password: 'long enough' }]);
    expect(vault().status?.state).toBe('unlocked');
    expect(vault().recoveryKey).toBe('AGE-SECRET-KEY-1XYZ');
    expect(vault().recoveryFingerprint).toBe('3F2A 91C0 0000 0000 0000 0000 0000 0000 0000 0000');
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

  it('asks for acceptRollback only when told to, and keeps no password', async () => {
    const fake = installFakeBridge().on('vaultUnlock', ({ acceptRollback }) => {
      if (!acceptRollback) throw refusal('ROLLED_BACK', 'older', { what: 'audit' });
      return { ...vaultStatus('unlocked'), notice: 'rollback-accepted' };
    });
    expect(await vault().unlock('老板', 'owner pw')).toMatchObject({ code: 'ROLLED_BACK', detail: { what: 'audit' } });
    expect(await vault().unlock('老板', 'owner pw', { acceptRollback: true })).toBeNull();
    expect(fake.requests('vaultUnlock')).toEqual([
      { staffName: '老板', password: 'owner pw' },
      { staffName: '老板', password: 'owner pw', acceptRollback: true },
    ]);
    expect(vault().status?.notice).toBe('rollback-accepted');
    expect(JSON.stringify(vault())).not.toContain('owner pw');
  });

  it('polls the progress only while an unlock is in flight, and drops it when the unlock ends', async () => {
    vi.useFakeTimers();
    // Main answers null when no unlock runs, but the fake's answer type has no null.
    let progress = null as unknown as UnlockProgress;
    const fake = installFakeBridge().on('vaultUnlockProgress', () => progress);
    const held = fake.hold('vaultUnlock');
    const unlocking = vault().unlock('老板', 'owner pw');
    await settle();
    // A quick unlock (Argon2id only) never asks.
    expect(fake.channels()).toEqual(['vaultUnlock']);
    await vi.advanceTimersByTimeAsync(UNLOCK_PROGRESS_POLL_MS);
    expect(fake.requests('vaultUnlockProgress')).toHaveLength(1);
    expect(vault().unlockProgress).toBeNull();
    progress = { phase: 'view', done: 500, total: 2000 };
    await vi.advanceTimersByTimeAsync(UNLOCK_PROGRESS_POLL_MS);
    expect(vault().unlockProgress).toEqual({ phase: 'view', done: 500, total: 2000 });
    await held[0]!.answer(vaultStatus('unlocked'));
    expect(await unlocking).toBeNull();
    expect(vault().unlockProgress).toBeNull();
    const asked = fake.requests('vaultUnlockProgress').length;
    await vi.advanceTimersByTimeAsync(UNLOCK_PROGRESS_POLL_MS * 5);
    expect(fake.requests('vaultUnlockProgress')).toHaveLength(asked);
  });

  it('drops the progress of a refused unlock too', async () => {
    vi.useFakeTimers();
    const fake = installFakeBridge().on('vaultUnlockProgress', () => ({ phase: 'upgrade', done: 1, total: 3 }));
    const held = fake.hold('vaultUnlock');
    const unlocking = vault().unlock('会计', 'pw');
    await vi.advanceTimersByTimeAsync(UNLOCK_PROGRESS_POLL_MS);
    expect(vault().unlockProgress?.phase).toBe('upgrade');
    await held[0]!.refuse('UPGRADE_REQUIRED');
    expect(await unlocking).toMatchObject({ code: 'UPGRADE_REQUIRED' });
    expect(vault().unlockProgress).toBeNull();
  });

  it('hides the unlock notice once dismissed, keeping the rest of the status', async () => {
    installFakeBridge().on('vaultUnlock', () => ({ ...vaultStatus('unlocked'), notice: 'anchor-forged' }));
    await vault().unlock('老板', 'owner pw');
    vault().dismissNotice();
    expect(vault().status).toEqual(vaultStatus('unlocked'));
    vault().dismissNotice();
    expect(vault().status).toEqual(vaultStatus('unlocked'));
  });

  it('locks, then clears every store', async () => {
    const fake = installFakeBridge()
      .on('clientList', () => ({ items: [clientSummary(1)], total: 1 }))
      .on('search', () => ({ clients: [clientSummary(1)], documents: [], credentials: [] }))
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
