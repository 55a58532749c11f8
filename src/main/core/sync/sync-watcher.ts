import { isVaultError } from '../errors';
import type { OpenVault } from '../vault/open-vault';
import { ServerRepository } from './server-repository';
import { openServerUrl, runSync } from './sync-service';

export type WatchState =
  | { kind: 'idle' }
  | { kind: 'syncing' }
  | { kind: 'offline'; since: string }
  | { kind: 'untrusted'; what: string }
  | { kind: 'failed'; code: string };

/**
 * Keeps a published vault in step while it is open: a sync at start, one each
 * time the server notifies an insert (LISTEN zd_sync), and one whenever the
 * caller asks (its own timer: a fallback should a notification be lost).
 * Syncs never overlap; a request while one runs makes one more run after it.
 * A server found untrusted stops the watcher until it is started again; a
 * lost listening connection is reported (offline) for the caller to restart.
 */
export class SyncWatcher {
  private running: Promise<void> | null = null;
  private again = false;
  private stopListening: (() => Promise<void>) | null = null;
  private stopped = false;
  private current: WatchState = { kind: 'idle' };

  constructor(
    private readonly vault: OpenVault,
    private readonly onState: (state: WatchState) => void = () => undefined,
    private readonly now: () => Date = () => new Date(),
  ) {}

  get state(): WatchState {
    return this.current;
  }

  async start(): Promise<void> {
    const url = await openServerUrl(this.vault);
    this.stopListening = await ServerRepository.listen(url, () => this.request(), () => this.set({ kind: 'offline', since: this.now().toISOString() }));
    this.request();
  }

  /** A sync now (or right after the one running). */
  request(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => (this.running = null));
  }

  /** Resolves once no sync is running or asked for. */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.stopListening?.();
    await this.settled();
  }

  private set(state: WatchState): void {
    this.current = state;
    this.onState(state);
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      if (this.stopped || !this.vault.isOpen) return;
      this.set({ kind: 'syncing' });
      try {
        await runSync(this.vault, this.now);
        this.set({ kind: 'idle' });
      } catch (err) {
        if (isVaultError(err, 'SERVER_UNTRUSTED')) {
          this.set({ kind: 'untrusted', what: String(err.values.what ?? '') });
          this.stopped = true;
          await this.stopListening?.();
          return;
        }
        if (isVaultError(err, 'SERVER_UNREACHABLE')) this.set({ kind: 'offline', since: this.now().toISOString() });
        else this.set({ kind: 'failed', code: isVaultError(err) ? err.code : 'INTERNAL' });
      }
    } while (this.again);
  }
}
