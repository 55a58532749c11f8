import type { ErrorCode } from '../../../shared/errors';
import { VaultError } from '../errors';

/**
 * Why a backup could not be written, read or restored. The reason is stable
 * and tested; the code is what crosses IPC and picks the CLI exit code.
 */
export type BackupProblem =
  /** The identity matches none of the backup's recipients (or the header stanza for it is damaged: age cannot tell). */
  | 'wrong-key'
  /** The passphrase does not open a passphrase-protected backup. */
  | 'wrong-passphrase'
  /** An identity was given for a passphrase-protected backup. */
  | 'needs-passphrase'
  /** A passphrase was given for a backup encrypted to age recipients. */
  | 'needs-identity'
  /** The file ends before the backup does. */
  | 'truncated'
  /** Bytes were changed: a chunk, the header MAC or an entry's hash does not verify. */
  | 'damaged'
  /** Not an age file, or an age file that holds no Zhangdun backup. */
  | 'not-a-backup'
  /** Written by a newer backup format. */
  | 'future-version'
  /** The vault changed under a snapshot that could not be pinned (retry). */
  | 'vault-changed'
  /** The manifest's signature does not verify against the vault.key inside: the backup was altered or forged. */
  | 'forged'
  /** Not signed, or not signed by this vault (another vault, or none this person can tell): restored only when accepted. */
  | 'unsigned';

/** Each problem's error code: a wrong key or passphrase is not a wrong staff password. */
const CODES: Record<BackupProblem, ErrorCode> = {
  'wrong-key': 'BACKUP_WRONG_KEY',
  'wrong-passphrase': 'BACKUP_WRONG_PASSPHRASE',
  'needs-passphrase': 'BACKUP_WRONG_KEY',
  'needs-identity': 'BACKUP_WRONG_PASSPHRASE',
  truncated: 'CORRUPT',
  damaged: 'TAMPERED',
  'not-a-backup': 'CORRUPT',
  'future-version': 'FUTURE_VERSION',
  'vault-changed': 'CANCELLED',
  forged: 'TAMPERED',
  unsigned: 'BACKUP_UNSIGNED',
};

export class BackupError extends VaultError {
  readonly reason: BackupProblem;
  /** Which part failed (an entry name, a chunk number), never content or key material. */
  readonly detail: string;

  constructor(reason: BackupProblem, detail: string, options?: { cause?: unknown; values?: Record<string, string> }) {
    // Fills the {{what}} of the TAMPERED / CORRUPT messages; `values` adds what the app shows beside it (never secret).
    super(CODES[reason], { what: `backup: ${detail}`, ...options?.values }, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BackupError';
    this.reason = reason;
    this.detail = detail;
  }
}

export function isBackupError(err: unknown, reason?: BackupProblem): err is BackupError {
  return err instanceof BackupError && (reason === undefined || err.reason === reason);
}
