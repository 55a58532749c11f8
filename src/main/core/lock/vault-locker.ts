/**
 * Joins the lock controller to the vault manager: every unlock (however it
 * happened) arms the controller with that staff member's settings, every lock
 * (however it happened: trigger, IPC, quitting) disarms it and tells the shell,
 * which clears the clipboard and reloads the renderer.
 */
import type { LockReason, LockSettings } from '../../../shared/domain';
import { isVaultError } from '../errors';
import type { LockReason as ManagerLockReason, VaultEvent } from '../vault/vault-manager';
import type { VaultSession } from '../vault/session';
import { LockController, type LockClock } from './lock-controller';
import { LockSettingsService } from './lock-settings-service';

// The manager's reasons (recorded by the audit log) and the shared ones (IPC, renderer) must be one set.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type LockReasonsAgree = Assert<Same<ManagerLockReason, LockReason>>;

/** The parts of VaultManager the locker uses. */
export interface LockableManager {
  subscribe(listener: (event: VaultEvent) => void): () => void;
  lock(reason: LockReason): Promise<unknown>;
  withSession<T>(fn: (session: VaultSession) => Promise<T> | T): Promise<T>;
}

export interface VaultLockerOptions {
  manager: LockableManager;
  systemIdleSeconds: () => number;
  clock?: LockClock;
  tickMs?: number;
  /** Failures of a lock or of loading settings; gets the error only. */
  onError?: (err: unknown) => void;
}

type Handler<T> = (value: T) => void;

export class VaultLocker {
  readonly controller: LockController;
  private readonly lockedHandlers = new Set<Handler<LockReason>>();
  private readonly settingsHandlers = new Set<Handler<LockSettings>>();
  private readonly unsubscribe: () => void;

  constructor(private readonly options: VaultLockerOptions) {
    this.controller = new LockController({
      systemIdleSeconds: options.systemIdleSeconds,
      lock: (reason) => options.manager.lock(reason),
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.tickMs ? { tickMs: options.tickMs } : {}),
      ...(options.onError ? { onError: options.onError } : {}),
    });
    this.unsubscribe = options.manager.subscribe((event) => this.onVaultEvent(event));
  }

  /** The settings in force; the last known ones while locked (defaults before the first unlock). */
  get settings(): Readonly<LockSettings> {
    return this.controller.activeSettings;
  }

  /** Called after the vault has locked and its keys are wiped. Returns the unsubscribe. */
  onLocked(handler: Handler<LockReason>): () => void {
    this.lockedHandlers.add(handler);
    return () => this.lockedHandlers.delete(handler);
  }

  /** Called whenever the effective settings change. Returns the unsubscribe. */
  onSettings(handler: Handler<LockSettings>): () => void {
    this.settingsHandlers.add(handler);
    return () => this.settingsHandlers.delete(handler);
  }

  /** New effective settings for the unlocked staff member (after lockSettingsSet, or loaded at unlock). */
  applySettings(settings: LockSettings): void {
    this.controller.settingsChanged(settings);
    this.notify(this.settingsHandlers, settings);
  }

  /** Resolves once no lock started by a trigger is still closing the vault (the app awaits it before quitting). */
  settled(): Promise<void> {
    return this.controller.settled();
  }

  dispose(): void {
    this.unsubscribe();
    this.controller.dispose();
  }

  private onVaultEvent(event: VaultEvent): void {
    if (event.type === 'unlocked') {
      this.controller.vaultUnlocked();
      void this.loadSettings();
      return;
    }
    this.controller.vaultLocked();
    this.notify(this.lockedHandlers, event.reason);
  }

  private async loadSettings(): Promise<void> {
    try {
      const effective = await this.options.manager.withSession((s) => new LockSettingsService(s.vault).view().effective);
      this.applySettings(effective);
    } catch (err) {
      // Locked again before the settings were read: nothing to apply. Otherwise the last known settings stay.
      if (!isVaultError(err, 'VAULT_LOCKED')) this.options.onError?.(err);
    }
  }

  private notify<T>(handlers: Set<Handler<T>>, value: T): void {
    for (const handler of [...handlers]) {
      try {
        handler(value);
      } catch (err) {
        this.options.onError?.(err);
      }
    }
  }
}
