import { existsSync, promises as fsp } from 'node:fs';
import type { UnlockNotice, UnlockProgress, VaultCreated, VaultStatus } from '../../../shared/domain';
import type { NdaNotice } from '../../../shared/staff-compliance';
import type { Locale } from '../../../shared/messages';
import { wipe } from '../keys/keyring';
import { mapSqliteError } from '../db/database';
import { VaultError, isVaultError } from '../errors';
import { clearThrottle, oneAttemptAtATime, readEffective, recordFailure, secondsUntilAllowed, takePending, throttlePaths, type PendingFailure } from './throttle';
import { openFromInbox } from '../keys/inbox';
import { normaliseStaffName, parseKeyFileUnsigned, verifySignatures } from '../keys/key-file';
import { readTrust } from './anchors';
import { createVault } from './create-vault';
import { openVault, type Credentials, type OpenOptions } from './unlock-vault';
import type { OpenVault } from './open-vault';
import { vaultPaths } from './layout';
import { VaultSession } from './session';
import { vaultFingerprint } from '../keys/vault-statements';
import { addAlarm, clearAlarms, readAlarms } from './pending-alarms';
import { checkAnchor, recordAnchor } from './rollback-guard';
import { defaultStateDir } from './state-dir';
import { readStaffNames, rememberStaffName } from './recent-staff';
import { newEpoch } from '../keys/key-slots';
import type { ContentReader } from '../search/content-indexer';

/** Why a vault locked; recorded in the audit log. */
export type LockReason = 'manual' | 'idle' | 'screen-lock' | 'suspend' | 'user-switch' | 'window-closed' | 'app-closed';

/** What listeners hear: a session began, or one ended (its keys already wiped). */
export type VaultEvent = { type: 'unlocked' } | { type: 'locked'; reason: LockReason };

export interface ManagerOptions {
  vaultDir: string;
  /** This person's own state (anchors, the pinned vault identity): see anchors.ts. */
  stateDir?: string;
  locale?: Locale;
  now?: () => number;
  /** Reads documents' content for search (the app's extraction and OCR workers); none by default. */
  contentReader?: ContentReader;
}

export interface UnlockOptions {
  /**
   * An owner or admin who has checked why the vault is older than they last
   * saw it (a restore by hand, say) starts a new epoch instead of being refused.
   */
  acceptRollback?: boolean;
  onProgress?: OpenOptions['onProgress'];
}

/**
 * Holds at most one open vault for the app (or the CLI). Every service call
 * goes through session(), which refuses when locked.
 */
export class VaultManager {
  private current: VaultSession | null = null;
  private readonly now: () => number;
  private readonly listeners = new Set<(event: VaultEvent) => void>();
  private lastLockReason: LockReason | null = null;
  private notice: UnlockNotice | null = null;
  private openAlerts = 0;
  private ndaNotice: NdaNotice = {};
  private progress: UnlockProgress | null = null;
  locale: Locale;
  /** Awaited before an unlock opens the vault: a scheduled backup copying it at rest (holding vault.in-use) steps aside. */
  beforeOpen: (() => Promise<void>) | null = null;

  constructor(private readonly options: ManagerOptions) {
    this.now = options.now ?? Date.now;
    this.locale = options.locale ?? 'zh-CN';
  }

  get vaultDir(): string {
    return this.options.vaultDir;
  }

  get stateDir(): string {
    return this.options.stateDir ?? defaultStateDir();
  }

  status(): VaultStatus {
    const exists = existsSync(vaultPaths(this.options.vaultDir).keyFile);
    const staff = this.current?.vault.staff;
    return {
      state: !exists ? 'none' : this.current ? 'unlocked' : 'locked',
      vaultPath: this.options.vaultDir,
      staff: staff && this.current ? { id: staff.id, name: staff.name, role: staff.role } : null,
      ...(exists && !this.current && this.lastLockReason ? { lastLockReason: this.lastLockReason } : {}),
      ...(this.current && this.notice ? { notice: this.notice } : {}),
      ...(this.current?.vault.passwordChangeRequired ? { mustChangePassword: true } : {}),
      ...(this.current && this.openAlerts > 0 ? { openAlerts: this.openAlerts } : {}),
      ...(this.current && (this.ndaNotice.own || this.ndaNotice.attention) ? { nda: this.ndaNotice } : {}),
    };
  }

  /** What a running unlock is doing, when it takes a while (converting an older vault, building the view); else null. */
  unlockProgress(): UnlockProgress | null {
    return this.progress;
  }

  /**
   * Follows every unlock and lock, whichever path caused it (IPC, lock
   * triggers, quitting), so the lock machinery cannot miss one. Returns the
   * unsubscribe.
   */
  subscribe(listener: (event: VaultEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: VaultEvent): void {
    if (event.type === 'unlocked') this.lastLockReason = null;
    else this.lastLockReason = event.reason;
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // A listener's failure must not undo an unlock or a lock that already happened.
      }
    }
  }

  async create(staffName: string, password: Buffer): Promise<VaultCreated> {
    try {
      if (this.current) throw new VaultError('VAULT_EXISTS');
      this.openAlerts = 0;
      this.ndaNotice = {};
      const { vault, recoveryIdentity } = await createVault(this.options.vaultDir, { staffName, password, stateDir: this.stateDir });
      await recordAnchor(vault);
      await rememberStaffName(this.stateDir, vault.vaultId, vault.staff.name).catch(() => undefined);
      this.current = new VaultSession(vault, () => this.locale, this.options.contentReader ?? null, () => new Date(this.now()));
      this.emit({ type: 'unlocked' });
      return { recoveryKey: recoveryIdentity, fingerprint: vaultFingerprint(vault.keyFile), status: this.status() };
    } finally {
      wipe(password);
    }
  }

  async unlock(staffName: string, password: Buffer, options: UnlockOptions = {}): Promise<VaultStatus> {
    try {
      if (this.current) await this.lock();
      const paths = vaultPaths(this.options.vaultDir);
      if (!existsSync(paths.dir)) throw new VaultError('NO_VAULT', { path: paths.dir });
      const known = await peekKeyFile(paths.keyFile, this.stateDir);
      const throttle = throttlePaths(paths, this.stateDir, known?.vaultId ?? null);
      // One attempt at a time, across processes: every failure counts.
      return await oneAttemptAtATime(throttle, async () => {
        const state = await readEffective(throttle);
        const wait = secondsUntilAllowed(state, this.now());
        if (wait > 0) throw new VaultError('LOCKED_OUT', { seconds: wait });
        await this.beforeOpen?.();
        let vault: OpenVault;
        try {
          vault = await this.open({ staffName, password }, options);
        } catch (err) {
          if (isVaultError(err, 'WRONG_CREDENTIALS')) await recordFailure(throttle, state, this.now(), { name: staffName, inbox: known?.inbox ?? null });
          throw err;
        }
        await this.recordUnlock(vault, state.pending, 'password');
        await clearThrottle(throttle, state);
        await rememberStaffName(this.stateDir, vault.vaultId, vault.staff.name).catch(() => undefined);
        return this.begin(vault);
      });
    } finally {
      wipe(password);
    }
  }

  /** Opens with the firm's recovery identity, acting as the owner (every password lost). */
  async unlockWithRecovery(identity: string, options: UnlockOptions = {}): Promise<VaultStatus> {
    if (this.current) await this.lock();
    const paths = vaultPaths(this.options.vaultDir);
    if (!existsSync(paths.dir)) throw new VaultError('NO_VAULT', { path: paths.dir });
    const known = await peekKeyFile(paths.keyFile, this.stateDir);
    const throttle = throttlePaths(paths, this.stateDir, known?.vaultId ?? null);
    return oneAttemptAtATime(throttle, async () => {
      await this.beforeOpen?.();
      const vault = await this.open({ recoveryIdentity: identity }, options);
      const state = await readEffective(throttle);
      await this.recordUnlock(vault, state.pending, 'recovery');
      await takePending(throttle, state);
      return this.begin(vault);
    });
  }

  /**
   * Opens the vault and compares it with what this person saw last time,
   * before the view is brought up to date or any file swept. An older vault
   * is refused (ROLLED_BACK; the alarm waits on this PC for the audit log),
   * unless an owner or admin accepts it, which starts a new epoch (signed).
   */
  private async open(credentials: Credentials, options: UnlockOptions): Promise<OpenVault> {
    this.notice = null;
    this.openAlerts = 0;
    this.ndaNotice = {};
    const onProgress = (p: UnlockProgress) => {
      this.progress = p;
      options.onProgress?.(p);
    };
    try {
      return await openVault(this.options.vaultDir, credentials, { stateDir: this.stateDir, onProgress, now: this.now, beforeUse: (vault) => this.guardRollback(vault, options) });
    } finally {
      this.progress = null;
    }
  }

  private async guardRollback(vault: OpenVault, options: UnlockOptions): Promise<void> {
    const verdict = await checkAnchor(vault);
    if (verdict.kind === 'forged') {
      vault.write(() => vault.audit.record({ action: 'anchor.forged', outcome: 'failure' }));
      this.notice = 'anchor-forged';
    }
    if (verdict.kind === 'new-epoch') this.notice = 'restored';
    if (verdict.kind === 'rollback') {
      if (!options.acceptRollback || !vault.clientKeys.hasMaster) {
        // Kept outside this vault until one that can be trusted is opened (see pending-alarms.ts).
        await addAlarm(vault.stateDir, vault.vaultId, { at: this.now(), action: 'vault.rollback', what: verdict.what, staffId: vault.signerId === 'master' ? null : vault.staff.id });
        throw new VaultError('ROLLED_BACK', { what: verdict.what === 'vault.key' ? 'roster' : 'audit' });
      }
      const keys = vault.masterKeys();
      await vault.updateKeyFile((file) => newEpoch(file, keys));
      vault.write(() => vault.audit.record({ action: 'vault.rollback.accept', detail: { what: verdict.what } }));
      this.notice = 'rollback-accepted';
    }
  }

  /** The unlock is recorded: the session begins. */
  private async begin(vault: OpenVault): Promise<VaultStatus> {
    const session = new VaultSession(vault, () => this.locale, this.options.contentReader ?? null, () => new Date(this.now()));
    await session.resumePendingRotation();
    await recordAnchor(vault);
    // Alerts raised since (by the unlock itself too: failed attempts before it) are shown to owners and admins now.
    this.openAlerts = session.alerts.openCount();
    // Agreements running out: the member's own reminder; owners and admins, how many colleagues need one.
    this.ndaNotice = session.compliance.noticeAtUnlock();
    this.current = session;
    this.emit({ type: 'unlocked' });
    session.indexContent();
    return this.status();
  }

  /**
   * Failed attempts since the last unlock are written first (they could not be
   * written while the log was locked), and rollbacks refused on this PC since,
   * then the unlock itself, in one transaction.
   */
  private async recordUnlock(vault: OpenVault, failures: readonly PendingFailure[], method: 'password' | 'recovery'): Promise<void> {
    const alarms = await readAlarms(vault.stateDir, vault.vaultId);
    vault.write(() => {
      for (const failure of failures) {
        vault.audit.record({ action: 'unlock.failed', outcome: 'failure', actor: null, at: new Date(failure.at), detail: nameTried(vault, failure) });
      }
      for (const alarm of alarms) {
        vault.audit.record({ action: alarm.action, outcome: 'denied', actor: null, at: new Date(alarm.at), detail: { what: alarm.what, ...(alarm.staffId ? { staffId: alarm.staffId } : { recoveryKey: true }) } });
      }
      vault.audit.record({ action: 'unlock', detail: { method, failedAttemptsBefore: failures.length } });
    });
    if (alarms.length > 0) await clearAlarms(vault.stateDir, vault.vaultId);
  }

  /**
   * Locks: new calls are refused at once, running ones are cancelled and
   * awaited, then the database closes and every key is zero-filled.
   */
  async lock(reason: LockReason = 'manual'): Promise<VaultStatus> {
    const session = this.current;
    this.current = null;
    if (session) {
      session.abort.abort();
      await Promise.allSettled([...session.inFlight]);
      try {
        await session.vault.lock(reason);
      } finally {
        this.emit({ type: 'locked', reason });
      }
    }
    return this.status();
  }

  /**
   * Runs one service call in the current session. If the vault locks while it
   * runs, its result is dropped and the caller gets VAULT_LOCKED: nothing
   * started before a lock returns data after it.
   */
  async withSession<T>(fn: (session: VaultSession) => Promise<T> | T, options: { duringPasswordChange?: boolean } = {}): Promise<T> {
    const session = this.session();
    // Signed in with a reset's temporary password: only setting a new one (and what the lock machinery needs) runs.
    if (session.vault.passwordChangeRequired && !options.duringPasswordChange) throw new VaultError('PASSWORD_CHANGE_REQUIRED');
    const run = (async () => fn(session))();
    session.inFlight.add(run);
    try {
      const result = await run;
      if (this.current !== session || !session.vault.isOpen) throw new VaultError('VAULT_LOCKED');
      return result;
    } catch (err) {
      if (this.current !== session) throw new VaultError('VAULT_LOCKED');
      // A damaged page or a full disk met by a read: a code a person can act on, not INTERNAL.
      throw mapSqliteError(err, 'vault.db');
    } finally {
      session.inFlight.delete(run);
    }
  }

  /** Who unlocked this vault on this PC before (last first), for the unlock screen's picker; nothing before the first unlock. */
  async recentStaffNames(): Promise<{ names: string[]; last: string | null }> {
    const known = await peekKeyFile(vaultPaths(this.options.vaultDir).keyFile, this.stateDir);
    if (!known) return { names: [], last: null };
    const names = await readStaffNames(this.stateDir, known.vaultId);
    return { names, last: names[0] ?? null };
  }

  session(): VaultSession {
    if (!this.current || !this.current.vault.isOpen) throw new VaultError('VAULT_LOCKED');
    return this.current;
  }

  async close(): Promise<void> {
    await this.lock('app-closed');
  }
}

/**
 * The vault's id and inbox, read from vault.key before any password (for the
 * throttle): only from a file whose roster signature holds (against the
 * pinned identity when there is one); otherwise null, and a failure is
 * counted without its name.
 */
async function peekKeyFile(path: string, stateDir: string): Promise<{ vaultId: string; inbox: Buffer } | null> {
  try {
    const file = parseKeyFileUnsigned(await fsp.readFile(path, 'utf8'));
    const trust = await readTrust(stateDir, file.body.vaultId);
    verifySignatures(file, trust ? Buffer.from(trust.root, 'base64') : null);
    return { vaultId: file.body.vaultId, inbox: Buffer.from(file.body.roster.inbox, 'base64') };
  } catch {
    return null;
  }
}

/**
 * What the audit log says of a failed attempt's name: a staff member's name
 * as such; anything else only by its length (people type passwords into the
 * name field; the log is not the place to keep them).
 */
function nameTried(vault: OpenVault, failure: PendingFailure): Record<string, string | number | boolean> {
  if (!failure.name) return {};
  const name = openFromInbox(vault.commonKey, vault.vaultId, Buffer.from(failure.name, 'base64'));
  if (name === null) return { name: '?' };
  const staff = vault.repos.staff.byNameKey(normaliseStaffName(name));
  return staff ? { name: staff.name, staffId: staff.id } : { unknownName: true, length: [...name].length };
}
