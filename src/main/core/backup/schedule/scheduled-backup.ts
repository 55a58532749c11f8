import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ERROR_CODES, type ErrorCode } from '../../../../shared/errors';
import { isVaultError } from '../../errors';
import { writeFileDurable } from '../../fs/durable';
import { readKeyFile } from '../../keys/key-file';
import type { OpenVault } from '../../vault/open-vault';
import { vaultPaths } from '../../vault/layout';
import { isBackupError, type BackupProblem } from '../backup-errors';
import type { ManifestSigner } from '../backup-signature';
import { createBackup } from '../create-backup';
import {
  freeBackupPath,
  localOffsetMinutes,
  overdueAfterMs,
  parseBackupFileName,
  planRetention,
  type RetentionPolicy,
  type Schedule,
} from './retention';

/** In the vault folder, beside vault.key; never inside a backup. Holds no secrets: times, file names, sizes, error codes. */
export const STATUS_FILE = 'backup-status.json';
/** A .partial file untouched this long belongs to no running backup. */
const STALE_PARTIAL_MS = 60 * 60_000;

const attemptSchema = z.strictObject({
  at: z.string(),
  ok: z.boolean(),
  file: z.string().nullable(),
  bytes: z.number().nullable(),
  code: z.enum(ERROR_CODES).nullable(),
  reason: z.string().nullable(),
  deleted: z.number(),
});

const statusSchema = z.strictObject({
  version: z.literal(1),
  lastAttempt: attemptSchema.nullable(),
  lastSuccess: z.strictObject({ at: z.string(), file: z.string(), bytes: z.number() }).nullable(),
  consecutiveFailures: z.number().int().nonnegative(),
});

export type BackupStatus = z.infer<typeof statusSchema>;

export async function readBackupStatus(vaultDir: string): Promise<BackupStatus | null> {
  try {
    const parsed = statusSchema.safeParse(JSON.parse(await fsp.readFile(join(vaultDir, STATUS_FILE), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export type Attention = 'never' | 'failed' | 'overdue' | null;

/** What the app should show prominently at unlock: no backup yet, the last one failed, or none succeeded for two periods. */
export function needsAttention(status: BackupStatus | null, schedule: Schedule, now: Date): Attention {
  if (!status?.lastSuccess) return status?.lastAttempt ? 'failed' : 'never';
  if (status.lastAttempt && !status.lastAttempt.ok) return 'failed';
  return now.getTime() - Date.parse(status.lastSuccess.at) > overdueAfterMs(schedule) ? 'overdue' : null;
}

export interface ScheduledBackupOptions {
  vaultDir: string;
  outDir: string;
  /** The vault, when this process has it open (the app unlocked); otherwise it is copied at rest, which needs no password. */
  vault?: OpenVault;
  retention: RetentionPolicy;
  appVersion: string;
  recipients?: readonly string[];
  /** Signs the manifest when the vault is not open with the master key (this PC's backup signer). */
  signer?: ManifestSigner | null;
  now?: () => Date;
  offsetMinutes?: number;
  signal?: AbortSignal;
}

/**
 * One scheduled run: write and verify a backup named
 * zhangdun-<vault id prefix>-<YYYYMMDD-HHmmss>.zdbk, apply retention to this
 * vault's backups in outDir, and record the outcome in backup-status.json —
 * a failure too, so it is shown at the next unlock instead of passing
 * silently. Resolves with the recorded status; only a failure to write the
 * status file itself rejects.
 */
export async function runScheduledBackup(options: ScheduledBackupOptions): Promise<BackupStatus> {
  const now = options.now?.() ?? new Date();
  const offset = options.offsetMinutes ?? localOffsetMinutes(now);
  const previous = await readBackupStatus(options.vaultDir);
  let attempt: BackupStatus['lastAttempt'];
  try {
    await fsp.mkdir(options.outDir, { recursive: true });
    await sweepStalePartials(options.outDir, now);
    const vaultId = options.vault?.vaultId ?? (await readKeyFile(vaultPaths(options.vaultDir).keyFile)).body.vaultId;
    const out = await freeBackupPath(options.outDir, vaultId, now, offset);
    const created = await createBackup(options.vault ? { vault: options.vault } : { vaultDir: options.vaultDir }, {
      out,
      appVersion: options.appVersion,
      now,
      ...(options.recipients ? { recipients: options.recipients } : {}),
      ...(options.signer ? { signer: options.signer } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const deleted = await applyRetention(options.outDir, vaultId, options.retention, now, offset, created.path);
    attempt = { at: now.toISOString(), ok: true, file: created.path, bytes: created.bytes, code: null, reason: null, deleted };
  } catch (err) {
    const code: ErrorCode = isVaultError(err) ? err.code : 'INTERNAL';
    const reason: BackupProblem | null = isBackupError(err) ? err.reason : null;
    attempt = { at: now.toISOString(), ok: false, file: null, bytes: null, code, reason, deleted: 0 };
  }
  const status: BackupStatus = {
    version: 1,
    lastAttempt: attempt,
    lastSuccess: attempt.ok && attempt.file && attempt.bytes !== null ? { at: attempt.at, file: attempt.file, bytes: attempt.bytes } : (previous?.lastSuccess ?? null),
    consecutiveFailures: attempt.ok ? 0 : (previous?.consecutiveFailures ?? 0) + 1,
  };
  await writeFileDurable(join(options.vaultDir, STATUS_FILE), `${JSON.stringify(status, null, 2)}\n`);
  return status;
}

/** Deletes what the policy does not keep, among this vault's backups only; never the one just written. */
async function applyRetention(outDir: string, vaultId: string, policy: RetentionPolicy, now: Date, offset: number, justWritten: string): Promise<number> {
  const backups = [];
  for (const name of await fsp.readdir(outDir)) {
    const parsed = parseBackupFileName(name, offset);
    if (parsed && parsed.vaultIdPrefix === vaultId.slice(0, 8)) backups.push({ path: join(outDir, name), createdAt: parsed.createdAt });
  }
  let deleted = 0;
  for (const backup of planRetention(backups, policy, now, offset).delete) {
    if (backup.path === justWritten) continue;
    await fsp.rm(backup.path, { force: true }).then(() => deleted++, () => undefined);
  }
  return deleted;
}

async function sweepStalePartials(outDir: string, now: Date): Promise<void> {
  for (const name of await fsp.readdir(outDir)) {
    if (!/^zhangdun-[0-9a-f]{8}-\d{8}-\d{6}\.zdbk\.partial-[0-9a-f]+$/.test(name)) continue;
    const path = join(outDir, name);
    const stat = await fsp.stat(path).catch(() => null);
    if (stat && now.getTime() - stat.mtimeMs > STALE_PARTIAL_MS) await fsp.rm(path, { force: true }).catch(() => undefined);
  }
}
