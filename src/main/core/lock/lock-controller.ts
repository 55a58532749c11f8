/**
 * When the vault locks. A pure state machine: the clock, the system idle time
 * and the lock itself are injected, so every decision runs under vitest with a
 * fake clock and fake power events.
 *
 * Two failures of other vaults shape it:
 * - Sleep not counted as idle. Timers stop while a laptop sleeps and the OS
 *   idle counter may reset on wake. So the idle deadline is wall-clock
 *   (Date.now(), which keeps running through sleep; monotonic clocks do not on
 *   Linux and macOS), and after a gap — a 'resume' event, an unlocked screen,
 *   or a tick that arrives far too late — the deadline is checked against the
 *   last input seen *before* the gap, before the wake-up input can count.
 * - Activity that is not input. Only the system idle time moves the last-input
 *   mark; an activity signal from our window merely asks for a re-check.
 */
import type { LockReason, LockSettings } from '../../../shared/domain';
import { DEFAULT_LOCK_SETTINGS } from '../../../shared/domain';

/** How often the idle deadline is re-checked while unlocked. */
export const LOCK_TICK_MS = 10_000;

/** A tick later than this many periods means the process was asleep (or stalled): treat it as a gap. */
const GAP_FACTOR = 2;

export const POWER_EVENTS = [
  'suspend',
  'resume',
  'lock-screen',
  'unlock-screen',
  'user-switch',
  'last-window-closed',
  'manual',
] as const;
export type PowerEvent = (typeof POWER_EVENTS)[number];

export interface LockClock {
  /** Wall-clock milliseconds (Date.now). */
  now(): number;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export const systemClock: LockClock = {
  now: () => Date.now(),
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
};

export interface LockControllerOptions {
  clock?: LockClock;
  /** Seconds since the last keyboard or mouse input anywhere on the PC (powerMonitor.getSystemIdleTime). */
  systemIdleSeconds: () => number;
  /** Locks the vault. Never called twice at once, never while locked. */
  lock: (reason: LockReason) => Promise<unknown>;
  settings?: LockSettings;
  tickMs?: number;
  /** A lock that failed; receives the error only (it carries no vault data). */
  onError?: (err: unknown) => void;
}

export type LockState = 'locked' | 'unlocked';

export class LockController {
  private state: LockState = 'locked';
  private settings: LockSettings;
  private locking: Promise<void> | null = null;
  private timer: unknown = null;
  /** Wall-clock time of the last input we believe in. */
  private lastInputAt = 0;
  private lastTickAt = 0;
  private readonly clock: LockClock;
  private readonly tickMs: number;

  constructor(private readonly options: LockControllerOptions) {
    this.clock = options.clock ?? systemClock;
    this.tickMs = options.tickMs ?? LOCK_TICK_MS;
    this.settings = { ...(options.settings ?? DEFAULT_LOCK_SETTINGS) };
  }

  get current(): LockState {
    return this.state;
  }

  /** The settings in force (the last known ones while locked). */
  get activeSettings(): Readonly<LockSettings> {
    return this.settings;
  }

  /** A lock this controller started is still running. */
  get isLocking(): boolean {
    return this.locking !== null;
  }

  /** Resolves when no lock is in progress. */
  async settled(): Promise<void> {
    await this.locking;
  }

  vaultUnlocked(): void {
    if (this.state === 'unlocked') return;
    const now = this.clock.now();
    this.state = 'unlocked';
    // Unlocking is input: the idle clock starts now, whatever the system counter says.
    this.lastInputAt = now;
    this.lastTickAt = now;
    this.startTicking();
  }

  vaultLocked(): void {
    this.state = 'locked';
    this.stopTicking();
  }

  /** New effective settings; a shorter timeout applies at once. */
  settingsChanged(settings: LockSettings): void {
    this.settings = { ...settings };
    this.evaluate(false);
  }

  /** Input seen in our window. Only a re-check: the system idle time decides whether it counts. */
  activity(): void {
    this.evaluate(false);
  }

  powerEvent(event: PowerEvent): void {
    switch (event) {
      case 'suspend':
        if (this.settings.lockOnSuspend) return this.fire('suspend');
        // Not locking now: remember the last input before sleep, so the sleep counts as idle on resume.
        return this.observeInput(this.clock.now());
      case 'resume':
        return this.evaluate(true);
      case 'lock-screen':
        if (this.settings.lockOnScreenLock) this.fire('screen-lock');
        return;
      case 'unlock-screen':
        // The time behind the lock screen counts as idle; the password typed to unlock it does not reset that.
        return this.evaluate(true);
      case 'user-switch':
        if (this.settings.lockOnUserSwitch) this.fire('user-switch');
        return;
      case 'last-window-closed':
        if (this.settings.lockOnWindowClose) this.fire('window-closed');
        return;
      case 'manual':
        return this.fire('manual');
      default: {
        const unreachable: never = event;
        return unreachable;
      }
    }
  }

  /** The periodic re-check; the interval calls this, tests may too. */
  tick(): void {
    const now = this.clock.now();
    const gap = now - this.lastTickAt > this.tickMs * GAP_FACTOR;
    this.lastTickAt = now;
    this.evaluate(gap);
  }

  /** Stops the interval (app exit). */
  dispose(): void {
    this.stopTicking();
  }

  private evaluate(afterGap: boolean): void {
    if (this.state !== 'unlocked' || this.locking) return;
    const now = this.clock.now();
    if (!afterGap) this.observeInput(now);
    if (this.settings.idleLock && now - this.lastInputAt >= this.settings.idleMinutes * 60_000) {
      this.fire('idle');
      return;
    }
    if (afterGap) this.observeInput(now);
  }

  /** Moves the last-input mark forward to what the system idle time says; never backward. */
  private observeInput(now: number): void {
    let idleSeconds: number;
    try {
      idleSeconds = this.options.systemIdleSeconds();
    } catch {
      // No reading: the mark stays where it was, so the idle lock still fires (fails closed).
      return;
    }
    if (!Number.isFinite(idleSeconds) || idleSeconds < 0) return;
    const inputAt = now - idleSeconds * 1000;
    // A clock set back leaves the mark in the future; re-anchor it, or the idle lock would be delayed by the jump.
    if (inputAt > this.lastInputAt || this.lastInputAt > now) this.lastInputAt = inputAt;
  }

  private fire(reason: LockReason): void {
    if (this.state !== 'unlocked' || this.locking) return;
    this.state = 'locked';
    this.stopTicking();
    this.locking = (async () => {
      try {
        await this.options.lock(reason);
      } catch (err) {
        // VaultManager.lock drops the session before anything can fail, so the vault is locked regardless.
        this.options.onError?.(err);
      } finally {
        this.locking = null;
      }
    })();
  }

  private startTicking(): void {
    this.stopTicking();
    this.timer = this.clock.setInterval(() => this.tick(), this.tickMs);
  }

  private stopTicking(): void {
    if (this.timer === null) return;
    this.clock.clearInterval(this.timer);
    this.timer = null;
  }
}
