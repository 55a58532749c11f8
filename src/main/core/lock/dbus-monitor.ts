/**
 * Keeps one `dbus-monitor` running per bus and turns its output into lock
 * signals. If it exits (bus restarted, killed) it is started again with a
 * growing delay; if the program is missing it says so once and stops, so
 * staff and support know the Linux screen-lock trigger is not active (the
 * idle timeout still is). Nothing it logs contains bus traffic.
 */
import { spawn as nodeSpawn } from 'node:child_process';
import { DbusMonitorParser, LineSplitter, dbusMonitorArgs, type DbusLockSignal, type DbusWatch } from './dbus-signals';

/** The parts of a ChildProcess the supervisor uses. */
export interface ChildLike {
  readonly stdout: {
    setEncoding?(encoding: 'utf8'): unknown;
    on(event: 'data', listener: (chunk: string | Buffer) => void): unknown;
  } | null;
  on(event: 'error', listener: (err: Error & { code?: string }) => void): unknown;
  on(event: 'exit', listener: (code: number | null, signal: string | null) => void): unknown;
  kill(): unknown;
}

export type SpawnLike = (command: string, args: string[]) => ChildLike;

export interface SupervisorTimers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const systemTimers: SupervisorTimers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export const defaultSpawn: SpawnLike = (command, args) =>
  // stdin and stderr unused; stderr could only hold bus errors, never vault data, but nothing reads it.
  nodeSpawn(command, args, { stdio: ['ignore', 'pipe', 'ignore'], windowsHide: true });

/** Delays before each restart; the last repeats. */
export const RESTART_DELAYS_MS: readonly number[] = Object.freeze([1_000, 2_000, 5_000, 15_000, 60_000]);
/** A monitor that ran this long before exiting starts over from the shortest delay. */
export const STABLE_RUN_MS = 60_000;

export interface DbusSupervisorOptions {
  watch: DbusWatch;
  onSignal: (signal: DbusLockSignal) => void;
  log: (message: string) => void;
  spawn?: SpawnLike;
  timers?: SupervisorTimers;
  command?: string;
}

export class DbusMonitorSupervisor {
  private child: ChildLike | null = null;
  private restartTimer: unknown = null;
  private stopped = true;
  private failures = 0;
  private startedAt = 0;
  private readonly logged = new Set<string>();
  private readonly spawn: SpawnLike;
  private readonly timers: SupervisorTimers;
  private readonly command: string;

  constructor(private readonly options: DbusSupervisorOptions) {
    this.spawn = options.spawn ?? defaultSpawn;
    this.timers = options.timers ?? systemTimers;
    this.command = options.command ?? 'dbus-monitor';
  }

  get running(): boolean {
    return this.child !== null;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.launch();
  }

  stop(): void {
    this.stopped = true;
    if (this.restartTimer !== null) this.timers.clearTimeout(this.restartTimer);
    this.restartTimer = null;
    const child = this.child;
    this.child = null;
    try {
      child?.kill();
    } catch {
      // Already gone.
    }
  }

  private launch(): void {
    this.restartTimer = null;
    if (this.stopped) return;
    let child: ChildLike;
    try {
      child = this.spawn(this.command, dbusMonitorArgs(this.options.watch));
    } catch (err) {
      this.ended(null, err);
      return;
    }
    this.child = child;
    this.startedAt = this.timers.now();
    const parser = new DbusMonitorParser();
    const lines = new LineSplitter();
    child.stdout?.setEncoding?.('utf8');
    child.stdout?.on('data', (chunk) => {
      if (this.child !== child) return;
      for (const line of lines.push(typeof chunk === 'string' ? chunk : chunk.toString('utf8'))) {
        const signal = parser.push(line);
        if (signal) this.options.onSignal(signal);
      }
    });
    child.on('error', (err) => this.ended(child, err));
    child.on('exit', () => this.ended(child, null));
  }

  /** A child ended (exit, or spawn error; both may arrive for one child: the second is ignored). */
  private ended(child: ChildLike | null, err: unknown): void {
    if (child !== null && this.child !== child) return;
    this.child = null;
    if (this.stopped) return;
    const bus = this.options.watch.bus;
    if ((err as { code?: unknown } | null)?.code === 'ENOENT') {
      this.stopped = true;
      this.logOnce(
        'absent',
        `[zhangdun] ${this.command} not found: on this Linux desktop, screen lock and sleep reported on the ${bus} bus will not lock the vault. The idle timeout still applies.`,
      );
      return;
    }
    if (child !== null && this.timers.now() - this.startedAt >= STABLE_RUN_MS) this.failures = 0;
    const delay = RESTART_DELAYS_MS[Math.min(this.failures, RESTART_DELAYS_MS.length - 1)] ?? 60_000;
    this.failures += 1;
    this.logOnce('restart', `[zhangdun] ${this.command} (${bus} bus) stopped; restarting it.`);
    this.restartTimer = this.timers.setTimeout(() => this.launch(), delay);
  }

  private logOnce(kind: string, message: string): void {
    if (this.logged.has(kind)) return;
    this.logged.add(kind);
    this.options.log(message);
  }
}
