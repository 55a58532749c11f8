/**
 * The shell's backup wiring with fakes: the scheduler checks at once and
 * every minute, again when the PC wakes, steps aside before an unlock opens
 * the vault, and stops (timers and hooks gone) when the app quits.
 */
import { describe, expect, it, vi } from 'vitest';
import { startBackups } from '../../../src/main/app/backup-app';
import { CHECK_EVERY_MS } from '../../../src/main/core/backup/schedule/scheduler';
import { VaultManager } from '../../../src/main/core/vault/vault-manager';
import { useTempDirs } from '../../helpers/vault-fixture';
import { fakeClock } from '../core/lock/fake-clock';

const fresh = useTempDirs('zd-backup-app-');

function fakePowerMonitor() {
  const listeners = new Map<string, () => void>();
  return {
    on: vi.fn((event: string, listener: () => void) => listeners.set(event, listener)),
    emit: (event: string) => listeners.get(event)?.(),
  };
}

describe('startBackups', () => {
  it('checks at start, every minute and on resume; hooks the unlock; dispose undoes all of it', async () => {
    const manager = new VaultManager({ vaultDir: fresh() });
    const clock = fakeClock();
    const power = fakePowerMonitor();
    const tick = vi.fn();
    const backups = startBackups({ manager, appVersion: '0.1.0', powerMonitor: power, log: vi.fn(), clock });
    const realTick = backups.service.scheduler.tick.bind(backups.service.scheduler);
    vi.spyOn(backups.service.scheduler, 'tick').mockImplementation(() => (tick(), realTick()));

    expect(clock.activeIntervals()).toBe(1);
    expect(power.on).toHaveBeenCalledWith('resume', expect.any(Function));
    expect(manager.beforeOpen).toBeTypeOf('function');
    expect(await backups.service.scheduler.tick()).toBe('no-schedule');
    tick.mockClear();

    clock.advance(CHECK_EVERY_MS);
    expect(tick).toHaveBeenCalledTimes(1);
    power.emit('resume');
    expect(tick).toHaveBeenCalledTimes(2);
    expect(await realTick()).toBe('no-schedule');

    // Before an unlock opens the vault, scheduled runs are held off.
    await manager.beforeOpen?.();
    expect(await realTick()).toBe('held');

    await backups.dispose();
    expect(clock.activeIntervals()).toBe(0);
    expect(manager.beforeOpen).toBeNull();
    power.emit('resume');
    expect(tick).toHaveBeenCalledTimes(2);
    await backups.dispose();
  });

  it('a check that fails is logged, never thrown (here: a manager without a vault folder)', async () => {
    const log = vi.fn();
    const manager = { vaultDir: undefined, beforeOpen: null, subscribe: () => () => undefined } as unknown as VaultManager;
    const backups = startBackups({ manager, appVersion: '0.1.0', powerMonitor: fakePowerMonitor(), log, clock: fakeClock() });
    expect(await backups.service.scheduler.tick()).toBe('error');
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/^\[zhangdun\] scheduled backup check failed/));
    await backups.dispose();
  });
});
