/**
 * Stable error codes that cross the IPC boundary and map to CLI exit codes.
 * The renderer branches on `code`; `message` is for people.
 */
export const ERROR_CODES = [
  'INVALID_INPUT',
  'UNTRUSTED_SENDER',
  'UNKNOWN_CHANNEL',
  'NO_VAULT',
  'VAULT_EXISTS',
  'VAULT_LOCKED',
  'VAULT_BUSY',
  'WRONG_CREDENTIALS',
  'BACKUP_WRONG_KEY',
  'BACKUP_WRONG_PASSPHRASE',
  'BACKUP_UNSIGNED',
  'LOCKED_OUT',
  'TAMPERED',
  'ROLLED_BACK',
  'CORRUPT',
  'FUTURE_VERSION',
  'UNSUPPORTED_VERSION',
  'UPGRADE_REQUIRED',
  'PERMISSION_DENIED',
  'SUSPENDED',
  'NDA_REQUIRED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'DISK_FULL',
  'READ_ONLY',
  'CANCELLED',
  'REASON_REQUIRED',
  'WEAK_PASSWORD',
  'PASSWORD_EXPIRED',
  'PASSWORD_CHANGE_REQUIRED',
  'BATCH_TOO_LARGE',
  'CONFLICT',
  'INCIDENT_CLOSED',
  'RETENTION_NOT_REACHED',
  'RETENTION_PERMANENT',
  'LEGAL_HOLD',
  'SAME_APPROVER',
  'APPROVAL_REQUIRED',
  'SERVER_UNREACHABLE',
  'SERVER_UNTRUSTED',
  'CLIENT_ENDED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorData {
  code: ErrorCode;
  message: string;
  /** Optional machine-readable detail that is never secret (e.g. retry delay). */
  detail?: Record<string, string | number | boolean>;
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: ErrorData };

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/**
 * Process exit codes of the `zhangdun` CLI; docs/CLI.md lists each with the
 * messages that lead to it (and a test keeps that table and this switch alike).
 * 0 is success and 2 also covers a malformed command line.
 */
export function exitCodeFor(code: ErrorCode): number {
  switch (code) {
    case 'WRONG_CREDENTIALS':
    case 'PASSWORD_EXPIRED':
    case 'BACKUP_WRONG_KEY':
    case 'BACKUP_WRONG_PASSPHRASE':
      return 3;
    case 'TAMPERED':
    case 'ROLLED_BACK':
    case 'CORRUPT':
    case 'BACKUP_UNSIGNED': // possibly forged: refused like damage until the owner accepts it knowingly
    case 'SERVER_UNTRUSTED': // the sync server served a row that fails its checks (tampered, replayed, not signed by a member)
      return 4;
    case 'PERMISSION_DENIED':
    case 'PASSWORD_CHANGE_REQUIRED':
    case 'SUSPENDED':
    case 'NDA_REQUIRED':
    case 'READ_ONLY':
    case 'INCIDENT_CLOSED':
    case 'RETENTION_NOT_REACHED':
    case 'RETENTION_PERMANENT':
    case 'LEGAL_HOLD':
    case 'SAME_APPROVER':
    case 'APPROVAL_REQUIRED': // the retention rules: a period not ended, a hold, an approval missing or repeated
    case 'CLIENT_ENDED': // 已解除委托: the client is kept read-only until its retention ends
      return 5;
    case 'NOT_FOUND':
    case 'NO_VAULT':
      return 6;
    case 'LOCKED_OUT':
      return 7;
    // Refused so as not to replace something: a file, a folder, a vault, a name.
    case 'ALREADY_EXISTS':
    case 'VAULT_EXISTS':
      return 8;
    // Another program has the vault open, or a backup is running: worth trying again later.
    // Or a document changed since the person saw it: look again, then retry.
    case 'VAULT_BUSY':
    case 'CONFLICT':
    case 'SERVER_UNREACHABLE':
      return 9;
    case 'INVALID_INPUT':
    case 'WEAK_PASSWORD':
    case 'REASON_REQUIRED':
    case 'BATCH_TOO_LARGE':
      return 2;
    case 'UNTRUSTED_SENDER':
    case 'UNKNOWN_CHANNEL':
    case 'VAULT_LOCKED':
    case 'FUTURE_VERSION':
    case 'UNSUPPORTED_VERSION':
    case 'UPGRADE_REQUIRED':
    case 'DISK_FULL':
    case 'CANCELLED':
    case 'INTERNAL':
      return 1;
    default: {
      const unreachable: never = code;
      return unreachable;
    }
  }
}
