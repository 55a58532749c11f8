import { randomBytes } from 'node:crypto';
import { openEncryptedDatabase, rekeyDatabase, type Db } from '../db/database';
import { VaultError, isVaultError } from '../errors';
import { KEY_BYTES } from '../keys/kdf';
import { beginCommonKeyRotation, finishCommonKeyRotation as dropOldCommonWraps } from '../keys/key-slots';
import { wipe } from '../keys/keyring';
import { deriveSubkey } from '../keys/subkeys';
import type { OpenVault } from './open-vault';

/**
 * Replacing the common key (offboarding): someone who kept the key they had
 * opens no later state of vault.db. Crash-safe in three steps, each atomic:
 *   1. vault.key gets the new version's wraps (for every remaining member and
 *      the recovery key) beside the old, and the roster names it;
 *   2. vault.db is rekeyed (one rollback-journal transaction);
 *   3. vault.key drops the old version's wraps.
 * An unlock after a crash opens vault.db with whichever version it is under
 * and finishes the steps left (openDatabase below).
 */

export function databaseKey(commonKey: Buffer, vaultId: string): Buffer {
  return deriveSubkey(commonKey, Buffer.from(vaultId, 'hex'), 'database');
}

/**
 * Opens vault.db with the common key version the roster names, or, while a
 * rotation is unfinished, with another version this session holds.
 */
export function openDatabase(
  path: string,
  vaultId: string,
  commonKeys: ReadonlyMap<number, Buffer>,
  target: number,
  options: { readonly?: boolean } = {},
): { db: Db; version: number } {
  const order = [target, ...[...commonKeys.keys()].filter((v) => v !== target).sort((a, b) => b - a)];
  let firstError: unknown = null;
  for (const version of order) {
    const common = commonKeys.get(version);
    if (!common) continue;
    const key = databaseKey(common, vaultId);
    try {
      return { db: openEncryptedDatabase(path, key, options), version };
    } catch (err) {
      // A wrong key reads as TAMPERED: try the next version this session holds.
      if (!isVaultError(err, 'TAMPERED')) throw err;
      firstError ??= err;
    } finally {
      wipe(key);
    }
  }
  throw firstError ?? new VaultError('TAMPERED', { what: 'vault.db' });
}

/** The parts of an open vault a common key rotation works on. */
export type CommonKeyVault = Pick<OpenVault, 'keyFile' | 'commonKey' | 'vaultId' | 'db' | 'updateKeyFile' | 'dropCommonKeysBut' | 'masterKeys' | 'holdCommonKey'>;

/** Rekeys vault.db to the roster's version if it is still under an older one, then drops the old wraps from vault.key. */
export async function completeCommonKeyRotation(vault: CommonKeyVault, openedWith: number): Promise<void> {
  const target = vault.keyFile.body.roster.commonKeyVersion;
  if (openedWith !== target) {
    const key = databaseKey(vault.commonKey, vault.vaultId);
    try {
      rekeyDatabase(vault.db, key);
    } finally {
      wipe(key);
    }
  }
  const stale = [...vault.keyFile.body.slots.flatMap((s) => Object.keys(s.wraps.common)), ...Object.keys(vault.keyFile.body.recovery.wraps.common)];
  if (stale.some((v) => Number(v) !== target)) await vault.updateKeyFile((file) => dropOldCommonWraps(file));
  vault.dropCommonKeysBut(target);
}

/** The whole rotation, by a master-key holder (after the departing member's slot is gone). */
export async function rotateCommonKey(vault: CommonKeyVault): Promise<number> {
  const newKey = randomBytes(KEY_BYTES);
  const current = vault.keyFile.body.roster.commonKeyVersion;
  let version: number;
  try {
    const keys = vault.masterKeys();
    let begun: number | null = null;
    await vault.updateKeyFile(async (file) => {
      const next = await beginCommonKeyRotation(file, keys, newKey);
      begun = next.version;
      return next.file;
    });
    version = begun!;
    vault.holdCommonKey(version, newKey);
  } catch (err) {
    wipe(newKey);
    throw err;
  }
  await completeCommonKeyRotation(vault, current);
  return version;
}
