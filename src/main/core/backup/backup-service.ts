/**
 * What the app does with backups: back up now (with progress and cancel),
 * the schedule and its scheduler, the list of backups in a folder, verify and
 * restore. Every entry point that needs a session checks the permission
 * table (owner and admin back up; only the owner restores). Scheduled runs
 * need no session: they copy the vault at rest while it is locked.
 */
import type { OpenVault } from '../vault/open-vault';
import { BACKUP_WARN_DAYS_MAX, BACKUP_WARN_DAYS_MIN, DEFAULT_BACKUP_WARN_DAYS, backupAgeWarning } from '../../../shared/first-run';
import { promises as fsp } from 'node:fs';
import { basename, join } from 'node:path';
import type {
  BackupCreated,
  BackupFileInfo,
  BackupFilePicked,
  BackupListing,
  BackupRestored,
  BackupRun,
  BackupRunPhase,
  BackupScheduleSettings,
  BackupStatusView,
  BackupVerified,
} from '../../../shared/domain';
import { can, type Action } from '../../../shared/permissions';
import { VaultError, fsError, isVaultError } from '../errors';
import { AccessGuard } from '../vault/access-guard';
import type { VaultEvent, VaultManager } from '../vault/vault-manager';
import { readKeyFile } from '../keys/key-file';
import { ensureBackupSigner, loadBackupSigner } from '../vault/backup-signer';
import { vaultPaths } from '../vault/layout';
import type { ManifestSigner } from './backup-signature';
import { createBackup, isBackupRunning, type BackupPhase } from './create-backup';
import { readTrustedSchedule, writeSignedSchedule } from './schedule/signed-schedule';
import { backupFailure, restoreFromBackup, verifyWithRecoveryKey, type RestoreContext } from './restore-service';
import { freeBackupPath, localOffsetMinutes, parseBackupFileName } from './schedule/retention';
import { needsAttention, readBackupStatus, runScheduledBackup, type BackupStatus } from './schedule/scheduled-backup';
import {
  BackupScheduler,
  readSchedule,
  recordAttempt,
  systemClock,
  type ScheduledRun,
  type SchedulerClock,
  type StoredSchedule,
} from './schedule/scheduler';

/** How long an unlock holds scheduled runs off; the unlock (or its failure) normally comes much sooner. */
const UNLOCK_HOLD_MS = 60_000;
/** Share of the progress bar per phase: hashing is quick, writing and verifying read everything once each. */
const PHASE_SPAN: Record<BackupPhase, [number, number]> = { hashing: [0, 10], writing: [10, 60], verifying: [60, 100] };

const WARN_AFTER_DAYS_KEY = 'backup.warnAfterDays';

/** The firm's backup-age setting (7 days unless an owner or admin set another). */
export function warnAfterDaysOf(vault: Pick<OpenVault, 'repos'>): number {
  const value = vault.repos.settings.get('policy', WARN_AFTER_DAYS_KEY);
  return typeof value === 'number' && Number.isInteger(value) && value >= BACKUP_WARN_DAYS_MIN && value <= BACKUP_WARN_DAYS_MAX ? value : DEFAULT_BACKUP_WARN_DAYS;
}

export interface BackupServiceOptions {
  manager: VaultManager;
  appVersion: string;
  clock?: SchedulerClock;
  offsetMinutes?: (at: Date) => number;
  log?: (message: string) => void;
  /** Passed to each run (see CreateOptions.beforePhase); the app passes none. */
  beforePhase?: (phase: BackupPhase) => Promise<void>;
}

export class BackupService {
  readonly scheduler: BackupScheduler;
  private readonly clock: SchedulerClock;
  private manual: { controller: AbortController; run: BackupRun } | null = null;

  constructor(private readonly options: BackupServiceOptions) {
    this.clock = options.clock ?? systemClock;
    this.scheduler = new BackupScheduler({
      vaultDir: options.manager.vaultDir,
      load: () => this.trustedSchedule(),
      run: (run) => this.runScheduled(run),
      clock: this.clock,
      ...(options.offsetMinutes ? { offsetMinutes: options.offsetMinutes } : {}),
      isBusy: () => this.manual !== null || isBackupRunning(this.vaultDir),
      ...(options.log ? { log: options.log } : {}),
    });
  }

  private get vaultDir(): string {
    return this.options.manager.vaultDir;
  }

  private get manager(): VaultManager {
    return this.options.manager;
  }

  /** The schedule, only if the master signed it (see signed-schedule.ts). */
  private trustedSchedule(): Promise<StoredSchedule | null> {
    return readTrustedSchedule(this.vaultDir, this.manager.stateDir);
  }

  /** This PC's backup signer, for copies at rest and sessions without the master key. */
  private async atRestSigner(): Promise<ManifestSigner | null> {
    const keyFile = await readKeyFile(vaultPaths(this.vaultDir).keyFile).catch(() => null);
    return keyFile ? loadBackupSigner(this.manager.stateDir, keyFile) : null;
  }

  private now(): Date {
    return new Date(this.clock.now());
  }

  private offset(at: Date): number {
    return this.options.offsetMinutes?.(at) ?? localOffsetMinutes(at);
  }

  /**
   * Follows the vault: before an unlock opens it, a scheduled copy at rest
   * (which holds vault.in-use) steps aside and is retried as a snapshot once
   * unlocked; after a lock, a cancelled snapshot run is retried at rest.
   * Returns the detach function.
   */
  attach(): () => void {
    const manager = this.manager;
    const unsubscribe = manager.subscribe((event: VaultEvent) => {
      if (event.type === 'unlocked') this.scheduler.release();
      void this.scheduler.tick();
    });
    manager.beforeOpen = () => this.scheduler.interrupt(UNLOCK_HOLD_MS);
    return () => {
      unsubscribe();
      manager.beforeOpen = null;
    };
  }

  /** One scheduled run, at rest while locked or as a snapshot of the open vault; resolves with the recorded status. */
  private async runScheduled({ schedule, now, offsetMinutes, signal }: ScheduledRun): Promise<BackupStatus> {
    // A drive that is not plugged in (or a share not mounted) must fail, not fill its mount point on the local disk.
    if (!(await isDirectory(schedule.folder))) return recordAttempt(this.vaultDir, { at: now, ok: false, code: 'NOT_FOUND', reason: 'folder-missing' });
    if (signal.aborted) return recordAttempt(this.vaultDir, { at: now, ok: false, code: 'CANCELLED' });
    const base = {
      vaultDir: this.vaultDir,
      outDir: schedule.folder,
      retention: schedule.retention,
      appVersion: this.options.appVersion,
      recipients: schedule.recipients,
      signer: await this.atRestSigner(),
      now: () => now,
      offsetMinutes,
    };
    if (this.manager.status().state !== 'unlocked') return runScheduledBackup({ ...base, signal });
    try {
      return await this.manager.withSession(async (s) => {
        const status = await runScheduledBackup({ ...base, vault: s.vault, signal: AbortSignal.any([signal, s.abort.signal]) });
        const attempt = status.lastAttempt;
        if (s.vault.isOpen && attempt) {
          s.vault.audit.record({
            action: 'backup.create',
            outcome: attempt.ok ? 'success' : 'failure',
            actor: null,
            detail: { trigger: 'scheduled', file: attempt.file ? basename(attempt.file) : null, bytes: attempt.bytes, code: attempt.code, reason: attempt.reason, ...backupTarget(schedule.folder, schedule.recipients) },
          });
        }
        return status;
      });
    } catch (err) {
      // The vault locked before or during the run: if the run recorded nothing, record it as cancelled (retried at rest).
      const recorded = await readBackupStatus(this.vaultDir);
      if (recorded?.lastAttempt?.at === now.toISOString()) return recorded;
      return recordAttempt(this.vaultDir, { at: now, ok: false, code: isVaultError(err) ? err.code : 'INTERNAL' });
    }
  }

  /** Checks the signed-in staff member's permission inside a session (refusals are audited). */
  assertMay(action: Action): Promise<void> {
    return this.manager.withSession((s) => new AccessGuard(s.vault).require(action));
  }

  async status(): Promise<BackupStatusView> {
    return this.manager.withSession(async (s) => {
      const role = s.vault.staff.role;
      const canCreate = can(role, 'backup.create', { granted: false });
      const canRestore = can(role, 'backup.restore', { granted: false });
      const view: BackupStatusView = {
        canCreate,
        canRestore,
        schedule: null,
        lastSuccess: null,
        lastAttempt: null,
        consecutiveFailures: 0,
        attention: null,
        missed: null,
        warnAfterDays: DEFAULT_BACKUP_WARN_DAYS,
        ageWarning: null,
        nextDue: null,
        running: null,
        untrustedSchedule: null,
      };
      if (!canCreate) return view;
      let schedule: StoredSchedule | null = null;
      let scheduleInvalid = false;
      let untrusted: StoredSchedule | null = null;
      try {
        schedule = await this.trustedSchedule();
      } catch (err) {
        if (isVaultError(err, 'TAMPERED')) untrusted = await readSchedule(this.vaultDir).catch(() => null);
        scheduleInvalid = true;
      }
      const status = await readBackupStatus(this.vaultDir);
      const now = this.now();
      const running = this.running();
      const missed = this.scheduler.missed();
      const enabled = schedule?.enabled ? schedule : null;
      const attention = untrusted
        ? 'schedule-unsigned'
        : scheduleInvalid
        ? 'schedule-invalid'
        : !enabled || running || this.scheduler.retryPending
          ? null
          : (needsAttention(status, enabled, now) ?? (missed ? 'missed' : null));
      const last = status?.lastAttempt ?? null;
      return {
        ...view,
        schedule: schedule ? settingsOf(schedule) : null,
        lastSuccess: status?.lastSuccess ?? null,
        lastAttempt: last ? { at: last.at, ok: last.ok, file: last.file, code: last.code, reason: last.reason } : null,
        consecutiveFailures: status?.consecutiveFailures ?? 0,
        attention,
        missed: missed && enabled ? { slot: missed.slot.toISOString(), ranAt: missed.ranAt.toISOString() } : null,
        warnAfterDays: warnAfterDaysOf(s.vault),
        ageWarning: backupAgeWarning(status?.lastSuccess?.at ?? null, now, warnAfterDaysOf(s.vault)),
        nextDue: enabled ? this.scheduler.dueAt(enabled, status, now).toISOString() : null,
        running,
        untrustedSchedule: untrusted ? settingsOf(untrusted) : null,
      };
    });
  }

  /** How old the newest verified backup may get before the header warns (owners and admins; recorded). */
  async setWarnAfterDays(days: number): Promise<BackupStatusView> {
    await this.manager.withSession((s) => {
      new AccessGuard(s.vault).require('backup.create');
      if (!Number.isInteger(days) || days < BACKUP_WARN_DAYS_MIN || days > BACKUP_WARN_DAYS_MAX) throw new VaultError('INVALID_INPUT', { reason: 'warning days out of range' });
      s.vault.write(() => {
        s.vault.repos.settings.set('policy', WARN_AFTER_DAYS_KEY, days, s.vault.staff.id, this.now());
        s.vault.audit.record({ action: 'settings.change', detail: { setting: 'backup-warn-after-days', days } });
      });
    });
    return this.status();
  }

  async setSchedule(settings: BackupScheduleSettings): Promise<BackupStatusView> {
    await this.manager.withSession(async (s) => {
      new AccessGuard(s.vault).require('backup.create');
      if (!(await isDirectory(settings.folder))) throw new VaultError('NOT_FOUND', { what: settings.folder });
      const recipients = [...new Set(settings.recipients)];
      await writeSignedSchedule(s.vault, { ...settings, recipients }, this.now());
      // Scheduled runs at rest on this PC sign with a key the master endorses here.
      await ensureBackupSigner(s.vault, this.now());
      s.vault.audit.record({
        action: 'settings.change',
        detail: {
          setting: 'backup-schedule',
          enabled: settings.enabled,
          kind: settings.kind,
          hour: settings.hour,
          weekday: settings.weekday,
          daily: settings.retention.daily,
          weekly: settings.retention.weekly,
          monthly: settings.retention.monthly,
          recipients: recipients.length,
        },
      });
    });
    return this.status();
  }

  acknowledgeMissed(): Promise<BackupStatusView> {
    return this.assertMay('backup.create').then(() => {
      this.scheduler.acknowledgeMissed();
      return this.status();
    });
  }

  /** The run in progress, manual or scheduled. */
  running(): BackupRun | null {
    if (this.manual) return { ...this.manual.run };
    const since = this.scheduler.runningSince;
    return since ? { trigger: 'scheduled', phase: 'starting', percent: null, startedAt: since.toISOString(), cancelling: false } : null;
  }

  /** For the progress bar; null for staff who may not back up. */
  progress(): Promise<BackupRun | null> {
    return this.manager.withSession((s) => (can(s.vault.staff.role, 'backup.create', { granted: false }) ? this.running() : null));
  }

  /** Cancels a manual backup; nothing is left under the final name (the partial file is removed). */
  async cancel(): Promise<{ cancelling: boolean }> {
    await this.assertMay('backup.create');
    const manual = this.manual;
    if (!manual) return { cancelling: false };
    manual.run.cancelling = true;
    manual.controller.abort();
    return { cancelling: true };
  }

  /**
   * Writes a backup of the open vault into `folder` now, named like the
   * scheduled ones (so retention and the list see it), to the recovery key
   * and the schedule's extra recipients; verified before it gets its name.
   */
  async backupNow(folder: string): Promise<BackupCreated> {
    return this.manager.withSession(async (s) => {
      new AccessGuard(s.vault).require('backup.create');
      if (this.manual || isBackupRunning(this.vaultDir)) throw new VaultError('VAULT_BUSY', { holder: 'backup' });
      const controller = new AbortController();
      const now = this.now();
      const run: BackupRun = { trigger: 'manual', phase: 'starting', percent: 0, startedAt: now.toISOString(), cancelling: false };
      this.manual = { controller, run };
      try {
        if (!(await isDirectory(folder))) throw new VaultError('NOT_FOUND', { what: folder });
        const schedule = await this.trustedSchedule().catch(() => null);
        const created = await createBackup(
          { vault: s.vault },
          {
            out: await freeBackupPath(folder, s.vault.vaultId, now, this.offset(now)),
            appVersion: this.options.appVersion,
            now,
            recipients: schedule?.recipients ?? [],
            // No signer: only owners and admins may back up now, and their sessions sign with the master key.
            signal: AbortSignal.any([controller.signal, s.abort.signal]),
            ...(this.options.beforePhase ? { beforePhase: this.options.beforePhase } : {}),
            onProgress: (phase, done, total) => {
              const [from, to] = PHASE_SPAN[phase];
              run.phase = phase satisfies BackupRunPhase;
              run.percent = Math.floor(from + ((to - from) * (total > 0 ? Math.min(done, total) : 1)) / Math.max(total, 1));
            },
          },
        );
        s.vault.audit.record({ action: 'backup.create', detail: { trigger: 'manual', file: basename(created.path), bytes: created.bytes, ...backupTarget(folder, schedule?.recipients ?? []) } });
        await recordAttempt(this.vaultDir, { at: now, ok: true, file: created.path, bytes: created.bytes });
        // A fresh verified backup settles a missed run as well.
        this.scheduler.acknowledgeMissed();
        return { cancelled: false, path: created.path, bytes: created.bytes, createdAt: now.toISOString() };
      } catch (err) {
        const failure = backupFailure(err, folder);
        const cancelled = controller.signal.aborted && isVaultError(failure, 'CANCELLED');
        if (s.vault.isOpen) {
          s.vault.audit.record({ action: 'backup.create', outcome: 'failure', detail: { trigger: 'manual', code: isVaultError(failure) ? failure.code : 'INTERNAL' } });
        }
        if (cancelled) return { cancelled: true };
        throw failure;
      } finally {
        this.manual = null;
      }
    });
  }

  /** This vault's backups in `folder` (default: the schedule's), newest first. */
  async list(folder?: string): Promise<BackupListing> {
    return this.manager.withSession(async (s) => {
      new AccessGuard(s.vault).require('backup.create');
      const dir = folder ?? (await this.trustedSchedule().catch(() => null))?.folder ?? null;
      if (!dir) return { folder: null, files: [], error: null };
      let names: string[];
      try {
        names = await fsp.readdir(dir);
      } catch (err) {
        const mapped = fsError(err, dir);
        return { folder: dir, files: [], error: isVaultError(mapped) ? mapped.code : 'INTERNAL' };
      }
      const prefix = s.vault.vaultId.slice(0, 8);
      const offset = this.offset(this.now());
      const files: BackupFileInfo[] = [];
      for (const name of names) {
        const parsed = parseBackupFileName(name, offset);
        if (!parsed || parsed.vaultIdPrefix !== prefix) continue;
        const path = join(dir, name);
        const stat = await fsp.stat(path).catch(() => null);
        if (stat?.isFile()) files.push({ name, path, createdAt: parsed.createdAt.toISOString(), size: stat.size });
      }
      return { folder: dir, files: files.sort((a, b) => b.createdAt.localeCompare(a.createdAt)), error: null };
    });
  }

  /** A file the open dialog returned, described for the restore form. */
  async describeFile(path: string): Promise<BackupFilePicked> {
    const stat = await fsp.stat(path).catch((err: unknown) => {
      throw fsError(err, basename(path));
    });
    if (!stat.isFile()) throw new VaultError('NOT_FOUND', { what: basename(path) });
    return { cancelled: false, path, name: basename(path), size: stat.size };
  }

  /** Decrypts and checks a backup end to end with the recovery key; nothing is extracted. Owner only. */
  verify(path: string, recoveryKey: string): Promise<BackupVerified> {
    return verifyWithRecoveryKey(this.restoreContext(), path, recoveryKey);
  }

  /** Restores beside the vault and puts it in place of the live one (kept as …before-restore-…); locks. Owner only. */
  restore(path: string, recoveryKey: string, acceptUnsigned = false): Promise<BackupRestored> {
    return restoreFromBackup(this.restoreContext(), path, recoveryKey, acceptUnsigned);
  }

  private restoreContext(): RestoreContext {
    return {
      manager: this.manager,
      scheduler: this.scheduler,
      now: () => this.now(),
      isBusy: () => this.manual !== null || isBackupRunning(this.vaultDir),
      ...(this.options.log ? { log: this.options.log } : {}),
    };
  }
}

function settingsOf(schedule: StoredSchedule): BackupScheduleSettings {
  const { enabled, folder, kind, hour, weekday, retention, recipients } = schedule;
  return { enabled, folder, kind, hour, weekday, retention: { ...retention }, recipients: [...recipients] };
}

async function isDirectory(path: string): Promise<boolean> {
  return (await fsp.stat(path).catch(() => null))?.isDirectory() ?? false;
}

/** Where a backup went, in its audit event: the alert rules watch for a folder or recipient no backup went to before. */
function backupTarget(folder: string, recipients: readonly string[]): { folder: string; recipients: string } {
  return { folder, recipients: [...recipients].sort().join(',') };
}
