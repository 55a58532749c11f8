/**
 * Verify and restore as the app offers them (owner only): the recovery key
 * as typed, the backup checked end to end, restored into a new folder beside
 * the vault, and put in place of the live vault, which is kept as
 * `<vault>.before-restore-<time>`. Afterwards the vault is locked.
 */
import { promises as fsp } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { BackupRestored, BackupVerified } from '../../../shared/domain';
import { recipientOf } from '../keys/age-keys';
import { recoveryKeyFromText } from '../keys/recovery-key-text';
import { VaultError, fsError, isVaultError } from '../errors';
import { AccessGuard } from '../vault/access-guard';
import { openVault } from '../vault/unlock-vault';
import type { VaultManager } from '../vault/vault-manager';
import { isBackupError } from './backup-errors';
import { vaultSigningRoot } from '../keys/key-file';
import { signatureView } from './backup-signature';
import { checkBackup } from './read-backup';
import { replaceVault, restoreBackup } from './restore-backup';
import { STATUS_FILE } from './schedule/scheduled-backup';
import { SCHEDULE_FILE, type BackupScheduler } from './schedule/scheduler';

export interface RestoreContext {
  manager: VaultManager;
  scheduler: BackupScheduler;
  now: () => Date;
  /** A manual backup of this vault runs. */
  isBusy: () => boolean;
  log?: (message: string) => void;
}

/** The recovery key from what was typed or pasted: spaces, line breaks and dashes inside it ignored (keys/recovery-key-text.ts). */
export function recoveryIdentityFrom(text: string): string | null {
  return recoveryKeyFromText(text);
}

/** A backup problem keeps its code and gains its reason (truncated, damaged…), so the UI can say which. */
export function backupFailure(err: unknown, path: string): unknown {
  if (isBackupError(err)) {
    // The signature verdict and fingerprint (of a backup not signed by this vault) go along: the form shows them.
    const { what: _what, ...extra } = err.values;
    return new VaultError(err.code, { ...extra, what: basename(path), reason: err.reason }, { cause: err });
  }
  return fsError(err, basename(path) || dirname(path));
}

/** Decrypts and checks a backup end to end with the recovery key; nothing is extracted. */
export async function verifyWithRecoveryKey(ctx: RestoreContext, path: string, recoveryKey: string): Promise<BackupVerified> {
  return ctx.manager.withSession(async (s) => {
    new AccessGuard(s.vault).require('backup.restore');
    const identity = await identityOrThrow(recoveryKey);
    let checked;
    try {
      checked = await checkBackup(path, { identity }, { pinnedRoot: vaultSigningRoot(s.vault.keyFile) }, { signal: s.abort.signal });
    } catch (err) {
      throw backupFailure(err, path);
    }
    const { manifest, signature } = checked;
    return {
      path,
      createdAt: manifest.createdAt,
      vaultId: manifest.vaultId,
      sameVault: manifest.vaultId === s.vault.vaultId,
      consistency: manifest.consistency,
      entries: manifest.entries.length,
      bytes: manifest.entries.reduce((sum, e) => sum + e.size, 0),
      appVersion: manifest.appVersion,
      ...signatureView(signature),
    };
  });
}

/**
 * Restores a backup of this vault into a new folder beside it (checked end
 * to end), locks the vault, and puts the restored copy in its place. Staff
 * then sign in with their own passwords.
 */
export async function restoreFromBackup(ctx: RestoreContext, path: string, recoveryKey: string, acceptUnsigned = false): Promise<BackupRestored> {
  const { manager } = ctx;
  const vaultDir = manager.vaultDir;
  // No scheduled run may start while the vault folder is being swapped.
  const resume = await ctx.scheduler.pause();
  try {
    const prepared = await manager.withSession(async (s) => {
      new AccessGuard(s.vault).require('backup.restore');
      const identity = await identityOrThrow(recoveryKey);
      if (ctx.isBusy()) throw new VaultError('VAULT_BUSY', { holder: 'backup' });
      const target = `${vaultDir}.restore-${stamp(ctx.now())}`;
      let restored;
      try {
        // Signed by this vault (the one open now), or accepted by the owner knowingly.
        restored = await restoreBackup(path, { identity }, target, { signal: s.abort.signal, known: { pinnedRoot: vaultSigningRoot(s.vault.keyFile) }, acceptUnsigned });
      } catch (err) {
        const failure = backupFailure(err, path);
        if (s.vault.isOpen) s.vault.audit.record({ action: 'backup.restore', outcome: 'failure', detail: { file: basename(path), code: isVaultError(failure) ? failure.code : 'INTERNAL' } });
        throw failure;
      }
      if (restored.manifest.vaultId !== s.vault.vaultId) {
        await fsp.rm(target, { recursive: true, force: true });
        throw new VaultError('INVALID_INPUT', { reason: 'the backup is of another vault', problem: 'other-vault' });
      }
      // The schedule and backup history live beside the vault, not in the backup: carry them over.
      for (const name of [SCHEDULE_FILE, STATUS_FILE]) {
        await fsp.copyFile(join(vaultDir, name), join(target, name)).catch(() => undefined);
      }
      const signature = signatureView(restored.signature);
      s.vault.audit.record({
        action: 'backup.restore',
        detail: { file: basename(path), backupCreatedAt: restored.manifest.createdAt, signature: signature.signature, ...(signature.signature !== 'this-vault' ? { acceptedUnsigned: true } : {}) },
      });
      const { id, name, role } = s.vault.staff;
      return { identity, target, actor: { id, name, role }, createdAt: restored.manifest.createdAt };
    });
    await manager.lock('manual');
    let previous: string | null;
    try {
      ({ previous } = await replaceVault(vaultDir, prepared.target, { recoveryIdentity: prepared.identity }, { now: ctx.now() }));
    } catch (err) {
      await fsp.rm(prepared.target, { recursive: true, force: true }).catch(() => undefined);
      throw err;
    }
    await recordInRestored(ctx, prepared.identity, prepared.actor, {
      file: basename(path),
      backupCreatedAt: prepared.createdAt,
      previous: previous ? basename(previous) : null,
    });
    return { previous, status: manager.status() };
  } finally {
    resume();
  }
}

/** The restored vault's own log says who restored it and from what (best effort: the restore itself is done). */
async function recordInRestored(
  ctx: RestoreContext,
  identity: string,
  actor: { id: string; name: string; role: string },
  detail: Record<string, string | null>,
): Promise<void> {
  try {
    const vault = await openVault(ctx.manager.vaultDir, { recoveryIdentity: identity });
    try {
      vault.audit.record({ action: 'backup.restore', actor, detail });
    } finally {
      await vault.close();
    }
  } catch (err) {
    ctx.log?.(`[zhangdun] could not record the restore in the restored vault: ${isVaultError(err) ? err.code : 'error'}`);
  }
}

/** The recovery identity in what was typed, checked (its checksum) before any file is read. */
async function identityOrThrow(text: string): Promise<string> {
  const identity = recoveryIdentityFrom(text);
  const valid = identity !== null && (await recipientOf(identity).then(() => true, () => false));
  if (!identity || !valid) throw new VaultError('INVALID_INPUT', { reason: 'not a recovery key (AGE-SECRET-KEY-1…)', problem: 'recovery-key' });
  return identity;
}

function stamp(date: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}${p(date.getMonth() + 1)}${p(date.getDate())}-${p(date.getHours())}${p(date.getMinutes())}${p(date.getSeconds())}`;
}
