import { promises as fsp } from 'node:fs';
import { basename } from 'node:path';
import { z } from 'zod';
import { RECOVERY_TAIL_LENGTH, type FirstRunView, type RecoveryConfirmation } from '../../../shared/first-run';
import { VaultError, fsError } from '../errors';
import { recipientOf } from '../keys/age-keys';
import { RECOVERY_KEY_FILE_MAX_BYTES, recoveryKeyFromFile, recoveryKeyFromText } from '../keys/recovery-key-text';
import type { ExportResult } from '../../../shared/domain';
import { writeFileDurable } from '../fs/durable';
import { vaultFingerprint } from '../keys/vault-statements';
import type { OpenVault } from '../vault/open-vault';
import { recoverySheetPdf, sheetDate } from './recovery-sheet';
import type { RecoveryTailCheck } from './recovery-tail';

/** The parts of an open vault this service uses. */
export type FirstRunVault = Pick<OpenVault, 'audit' | 'guard' | 'keyFile' | 'repos' | 'staff' | 'vaultId' | 'write'>;

/** What the backup service knows of the backup step (it lives beside the vault, not in it). */
export interface BackupFacts {
  /** A signed schedule names a folder. */
  destination: boolean;
  /** A backup was written and read back whole (the last success). */
  verified: boolean;
}

const CONFIRMED_KEY = 'firstRun.recoveryKeyConfirmed';
const confirmedSchema = z.object({ by: z.string(), byId: z.string(), at: z.string(), how: z.enum(['tail', 'key']) }).strict();

/**
 * 首次使用清单 (owners and admins): the recovery key confirmed saved, a
 * backup destination and a first verified backup, staff added, clients
 * imported. Each step is done by doing it; only the recovery key's needs a
 * record, kept in the vault's settings with who confirmed it and when.
 */
export class FirstRunService {
  constructor(
    private readonly vault: FirstRunVault,
    private readonly tails: RecoveryTailCheck,
    /** The session this runs in (the tail check belongs to the one that created the vault). */
    private readonly session: object,
    private readonly now: () => Date = () => new Date(),
  ) {}

  view(backup: BackupFacts): FirstRunView {
    this.vault.guard.require('backup.create');
    const confirmed = this.confirmed();
    const activeStaff = this.vault.repos.staff.all().filter((s) => s.status === 'active').length;
    return {
      steps: [
        { id: 'recovery-key', done: confirmed !== null },
        { id: 'backup', done: backup.destination && backup.verified },
        { id: 'staff', done: activeStaff > 1 },
        { id: 'clients', done: this.vault.repos.clientRecords.count() > 0 },
      ],
      recoveryKey: confirmed ? { by: confirmed.by, at: confirmed.at, how: confirmed.how } : null,
      tailCheckAvailable: confirmed === null && this.tails.available(this.session),
      backup,
    };
  }

  /**
   * Confirms the recovery key was saved: the whole key (typed, pasted; any
   * spacing) must be this vault's — it derives the recipient the vault keeps;
   * or, right after creation, its last RECOVERY_TAIL_LENGTH characters.
   */
  async confirm(text: string): Promise<void> {
    this.vault.guard.require('backup.create');
    const key = recoveryKeyFromText(text);
    if (key) return this.confirmKey(key);
    const tail = text.normalize('NFKC').replace(/\s+/g, '');
    if (tail.length === RECOVERY_TAIL_LENGTH && this.tails.available(this.session)) {
      if (!this.tails.check(this.session, tail)) {
        throw new VaultError('INVALID_INPUT', { reason: 'not the end of the recovery key', problem: 'recovery-tail', attemptsLeft: this.tails.attemptsLeft(this.session) });
      }
      return this.record('tail');
    }
    throw new VaultError('INVALID_INPUT', { reason: 'not a recovery key (AGE-SECRET-KEY-1…)', problem: 'recovery-key' });
  }

  /** The same with the key read from a file (the sheet's PDF, a key file): it never leaves main. */
  async confirmFromFile(path: string): Promise<void> {
    this.vault.guard.require('backup.create');
    const key = recoveryKeyFromFile(await readKeyFile(path));
    if (!key) throw new VaultError('INVALID_INPUT', { reason: 'no recovery key in the file', problem: 'recovery-key-file' });
    return this.confirmKey(key);
  }

  private async confirmKey(key: string): Promise<void> {
    await this.assertOwnKey(key);
    this.record('key');
  }

  private async assertOwnKey(key: string): Promise<void> {
    if ((await recipientOf(key)) !== this.vault.keyFile.body.roster.recoveryRecipient) {
      throw new VaultError('INVALID_INPUT', { reason: 'not this vault’s recovery key', problem: 'recovery-key-other' });
    }
  }

  /**
   * 保存恢复密钥单: the sheet's PDF where the person chooses (owner-only file).
   * Only for this vault's own key (the renderer holds it right after creation).
   */
  async saveSheet(text: string, vaultName: string, pick: (defaultName: string) => Promise<string | null>): Promise<ExportResult> {
    this.vault.guard.require('backup.create');
    const key = recoveryKeyFromText(text);
    if (!key) throw new VaultError('INVALID_INPUT', { reason: 'not a recovery key (AGE-SECRET-KEY-1…)', problem: 'recovery-key' });
    await this.assertOwnKey(key);
    const now = this.now();
    const target = await pick(`账盾恢复密钥-${vaultName}-${sheetDate(now)}.pdf`);
    if (target === null) return { cancelled: true };
    const pdf = recoverySheetPdf({ recoveryKey: key, vaultName, fingerprint: vaultFingerprint(this.vault.keyFile), date: now });
    try {
      await writeFileDurable(target, pdf, 0o600);
    } catch (err) {
      throw fsError(err, basename(target));
    }
    this.vault.audit.record({ action: 'settings.change', detail: { setting: 'recovery-sheet-saved' } });
    return { cancelled: false, path: target, size: pdf.length };
  }

  private record(how: RecoveryConfirmation): void {
    const at = this.now();
    const { id, name } = this.vault.staff;
    this.vault.write(() => {
      this.vault.repos.settings.set('policy', CONFIRMED_KEY, { by: name, byId: id, at: at.toISOString(), how }, id, at);
      this.vault.audit.record({ action: 'settings.change', detail: { setting: 'recovery-key-confirmed', how } });
    });
    this.tails.forget();
  }

  private confirmed(): z.infer<typeof confirmedSchema> | null {
    const parsed = confirmedSchema.safeParse(this.vault.repos.settings.get('policy', CONFIRMED_KEY));
    return parsed.success ? parsed.data : null;
  }
}

/** A file that may hold the recovery key, read whole if it is small enough to be one. */
export async function readKeyFile(path: string): Promise<Buffer> {
  try {
    const stat = await fsp.stat(path);
    if (stat.size > RECOVERY_KEY_FILE_MAX_BYTES) throw new VaultError('INVALID_INPUT', { reason: 'file too large for a recovery key', problem: 'recovery-key-file' });
    return await fsp.readFile(path);
  } catch (err) {
    if (err instanceof VaultError) throw err;
    throw fsError(err, path);
  }
}

/** The recovery key in a file, for a form that asks for it (restore): INVALID_INPUT when there is none. */
export async function recoveryKeyInFile(path: string): Promise<string> {
  const key = recoveryKeyFromFile(await readKeyFile(path));
  if (!key) throw new VaultError('INVALID_INPUT', { reason: 'no recovery key in the file', problem: 'recovery-key-file' });
  return key;
}
