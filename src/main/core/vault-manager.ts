import { existsSync } from 'node:fs';
import type { VaultCreated, VaultStatus } from '../../shared/domain';
import type { Locale } from '../../shared/messages';
import { wipe } from './crypto/keyring';
import { VaultError, isVaultError } from './errors';
import { ClientService } from './services/client-service';
import { DocumentService } from './services/document-service';
import { SearchService } from './services/search-service';
import { readThrottle, secondsUntilAllowed, writeThrottle } from './throttle';
import { createVault, openVault, type OpenVault } from './vault';
import { vaultPaths } from './vault-layout';

export interface ManagerOptions {
  vaultDir: string;
  locale?: Locale;
  now?: () => number;
}

/** What an unlocked staff member works with; gone the moment the vault locks. */
export class VaultSession {
  readonly clients: ClientService;
  readonly documents: DocumentService;
  readonly search: SearchService;
  /** Aborted when the vault locks: long operations (imports, exports) stop at the next chunk. */
  readonly abort = new AbortController();
  /** Operations still running in this session; lock waits for them to stop before wiping keys. */
  readonly inFlight = new Set<Promise<unknown>>();

  constructor(readonly vault: OpenVault, locale: () => Locale) {
    this.clients = new ClientService(vault);
    this.documents = new DocumentService(vault, locale, undefined, this.abort.signal);
    this.search = new SearchService(vault);
  }
}

/**
 * Holds at most one open vault for the app (or the CLI). Every service call
 * goes through session(), which refuses when locked.
 */
export class VaultManager {
  private current: VaultSession | null = null;
  private readonly now: () => number;
  locale: Locale;

  constructor(private readonly options: ManagerOptions) {
    this.now = options.now ?? Date.now;
    this.locale = options.locale ?? 'zh-CN';
  }

  get vaultDir(): string {
    return this.options.vaultDir;
  }

  status(): VaultStatus {
    const exists = existsSync(vaultPaths(this.options.vaultDir).keyFile);
    const staff = this.current?.vault.staff;
    return {
      state: !exists ? 'none' : this.current ? 'unlocked' : 'locked',
      vaultPath: this.options.vaultDir,
      staff: staff && this.current ? { id: staff.id, name: staff.name, role: staff.role } : null,
    };
  }

  async create(staffName: string, password: Buffer): Promise<VaultCreated> {
    try {
      if (this.current) throw new VaultError('VAULT_EXISTS');
      const { vault, recoveryIdentity } = await createVault(this.options.vaultDir, { staffName, password });
      this.current = new VaultSession(vault, () => this.locale);
      return { recoveryKey: recoveryIdentity, status: this.status() };
    } finally {
      wipe(password);
    }
  }

  async unlock(staffName: string, password: Buffer): Promise<VaultStatus> {
    try {
      if (this.current) await this.lock();
      const throttlePath = vaultPaths(this.options.vaultDir).throttle;
      if (!existsSync(vaultPaths(this.options.vaultDir).keyFile)) throw new VaultError('NO_VAULT');
      const throttle = await readThrottle(throttlePath);
      const wait = secondsUntilAllowed(throttle, this.now());
      if (wait > 0) throw new VaultError('LOCKED_OUT', { seconds: wait });
      try {
        const vault = await openVault(this.options.vaultDir, { staffName, password });
        this.current = new VaultSession(vault, () => this.locale);
      } catch (err) {
        if (isVaultError(err, 'WRONG_CREDENTIALS')) {
          await writeThrottle(throttlePath, { failures: throttle.failures + 1, lastFailureAt: this.now() });
        }
        throw err;
      }
      if (throttle.failures > 0) await writeThrottle(throttlePath, { failures: 0, lastFailureAt: 0 });
      return this.status();
    } finally {
      wipe(password);
    }
  }

  /** Opens with the firm's recovery identity, acting as the owner (every password lost). */
  async unlockWithRecovery(identity: string): Promise<VaultStatus> {
    if (this.current) await this.lock();
    if (!existsSync(vaultPaths(this.options.vaultDir).keyFile)) throw new VaultError('NO_VAULT');
    const vault = await openVault(this.options.vaultDir, { recoveryIdentity: identity });
    this.current = new VaultSession(vault, () => this.locale);
    return this.status();
  }

  /**
   * Locks: new calls are refused at once, running ones are cancelled and
   * awaited, then the database closes and every key is zero-filled.
   */
  async lock(): Promise<VaultStatus> {
    const session = this.current;
    this.current = null;
    if (session) {
      session.abort.abort();
      await Promise.allSettled([...session.inFlight]);
      await session.vault.close();
    }
    return this.status();
  }

  /**
   * Runs one service call in the current session. If the vault locks while it
   * runs, its result is dropped and the caller gets VAULT_LOCKED: nothing
   * started before a lock returns data after it.
   */
  async withSession<T>(fn: (session: VaultSession) => Promise<T> | T): Promise<T> {
    const session = this.session();
    const run = (async () => fn(session))();
    session.inFlight.add(run);
    try {
      const result = await run;
      if (this.current !== session || !session.vault.isOpen) throw new VaultError('VAULT_LOCKED');
      return result;
    } catch (err) {
      if (this.current !== session) throw new VaultError('VAULT_LOCKED');
      throw err;
    } finally {
      session.inFlight.delete(run);
    }
  }

  session(): VaultSession {
    if (!this.current || !this.current.vault.isOpen) throw new VaultError('VAULT_LOCKED');
    return this.current;
  }

  async close(): Promise<void> {
    await this.lock();
  }
}
