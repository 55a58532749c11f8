/**
 * The lock controller against a real VaultManager and a real vault: every
 * unlock arms it with the stored settings, every lock (whatever caused it)
 * disarms it and is announced with its reason, and a trigger firing during an
 * import leaves no orphan.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isVaultError } from '../../../../src/main/core/errors';
import { LockSettingsService } from '../../../../src/main/core/lock/lock-settings-service';
import { VaultLocker } from '../../../../src/main/core/lock/vault-locker';
import { VaultManager } from '../../../../src/main/core/vault/vault-manager';
import { registerHandlers } from '../../../../src/main/ipc/handlers';
import { IpcRouter } from '../../../../src/main/ipc/router';
import { DEFAULT_LOCK_POLICY, DEFAULT_LOCK_SETTINGS, type LockReason, type LockSettings } from '../../../../src/shared/domain';
import { fakeClock, fakeSystemIdle, MINUTE } from './fake-clock';

const pw = (s: string) => Buffer.from(s, 'utf8');
let dir: string;
let manager: VaultManager;
let locker: VaultLocker;
let clock: ReturnType<typeof fakeClock>;
let locked: LockReason[];
let settings: LockSettings[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zd-locker-'));
  manager = new VaultManager({ vaultDir: join(dir, 'vault') });
  clock = fakeClock();
  const idle = fakeSystemIdle(clock);
  locker = new VaultLocker({ manager, clock, systemIdleSeconds: idle.seconds });
  locked = [];
  settings = [];
  locker.onLocked((reason) => locked.push(reason));
  locker.onSettings((s) => settings.push(s));
});
afterEach(async () => {
  locker.dispose();
  await manager.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('VaultLocker with a real vault', () => {
  it('arms on unlock with the stored, policy-floored settings, and disarms on lock', async () => {
    await manager.create('王老板', pw('owner password'));
    expect(locker.controller.current).toBe('unlocked');
    await manager.withSession((s) =>
      new LockSettingsService(s.vault).update({
        staff: { ...DEFAULT_LOCK_SETTINGS, idleMinutes: 30, contentProtection: false },
        policy: { ...DEFAULT_LOCK_POLICY, maxIdleMinutes: 10 },
      }),
    );
    await manager.lock();
    expect(locker.controller.current).toBe('locked');
    expect(locked).toEqual(['manual']);

    await manager.unlock('王老板', pw('owner password'));
    await vi.waitFor(() => expect(settings.at(-1)).toMatchObject({ idleMinutes: 10, contentProtection: false }));
    // The settings stay known while locked (content protection of the unlock screen follows them).
    await manager.lock();
    expect(locker.settings).toMatchObject({ idleMinutes: 10, contentProtection: false });
  });

  it('a trigger locks the real vault: keys zero-filled, reason announced and shown in the status until the next unlock', async () => {
    await manager.create('王老板', pw('owner password'));
    const held = manager.session().vault.keys.snapshot();
    locker.controller.powerEvent('lock-screen');
    await locker.settled();
    expect(held.every((b) => b.every((x) => x === 0))).toBe(true);
    expect(locked).toEqual(['screen-lock']);
    expect(manager.status()).toMatchObject({ state: 'locked', lastLockReason: 'screen-lock' });
    await manager.unlock('王老板', pw('owner password'));
    expect(manager.status().lastLockReason).toBeUndefined();
  });

  it('locks after the idle timeout on the fake clock', async () => {
    await manager.create('王老板', pw('owner password'));
    clock.advance(5 * MINUTE);
    await locker.settled();
    expect(locked).toEqual(['idle']);
    expect(manager.status().state).toBe('locked');
  });

  it('a lock through the vaultLock channel disarms the triggers too', async () => {
    const router = new IpcRouter({ isTrusted: () => true, locale: () => 'zh-CN' });
    const noDialogs = { pickFiles: async () => null, pickFolder: async () => null, pickSaveTarget: async () => null };
    registerHandlers(router, { manager, appInfo: { version: '0', platform: 'linux' }, dialogs: noDialogs });
    await manager.create('王老板', pw('owner password'));
    await router.dispatch('vaultLock', {}, { url: 'app://zhangdun/', isTopFrame: true });
    expect(locked).toEqual(['manual']);
    expect(locker.controller.current).toBe('locked');
    expect(clock.activeIntervals()).toBe(0);
  });

  it('an idle lock during an import cancels it cleanly: no row, no orphan blob, no temp file', async () => {
    await manager.create('王老板', pw('owner password'));
    const client = manager.session().clients.create({
      name: '甲',
      creditCode: null,
      taxpayerType: null,
      contactPerson: null,
      phone: null,
      address: null,
      bankAccount: null,
      serviceStart: null,
      serviceEnd: null,
      notes: null,
      label: 'internal',
    });
    const big = join(dir, 'big.bin');
    writeFileSync(big, Buffer.alloc(64 * 1024 * 1024, 7));
    const running = manager.withSession((s) => s.documents.importFiles(client.id, [big])).then(() => null, (e: unknown) => e);
    await new Promise((r) => setTimeout(r, 30));
    clock.advance(5 * MINUTE);
    await locker.settled();
    expect(locked).toEqual(['idle']);
    expect(isVaultError(await running, 'VAULT_LOCKED')).toBe(true);
    await manager.unlock('王老板', pw('owner password'));
    expect(manager.session().documents.list(client.id)).toEqual([]);
    expect(await manager.session().vault.blobs.list()).toEqual([]);
    expect(readdirSync(join(dir, 'vault', 'blobs', '.tmp'))).toEqual([]);
  });

  it('after dispose it follows the manager no more', async () => {
    locker.dispose();
    await manager.create('王老板', pw('owner password'));
    expect(locker.controller.current).toBe('locked');
    await manager.lock();
    expect(locked).toEqual([]);
  });
});
