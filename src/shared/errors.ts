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
  'LOCKED_OUT',
  'TAMPERED',
  'CORRUPT',
  'FUTURE_VERSION',
  'UNSUPPORTED_VERSION',
  'PERMISSION_DENIED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'DISK_FULL',
  'READ_ONLY',
  'CANCELLED',
  'REASON_REQUIRED',
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

/** Process exit codes of the `zhangdun` CLI (documented in README and --help). */
export function exitCodeFor(code: ErrorCode): number {
  switch (code) {
    case 'WRONG_CREDENTIALS':
    case 'BACKUP_WRONG_KEY':
    case 'BACKUP_WRONG_PASSPHRASE':
      return 3;
    case 'TAMPERED':
    case 'CORRUPT':
      return 4;
    case 'PERMISSION_DENIED':
    case 'READ_ONLY':
      return 5;
    case 'NOT_FOUND':
    case 'NO_VAULT':
      return 6;
    case 'LOCKED_OUT':
      return 7;
    case 'INVALID_INPUT':
      return 2;
    case 'UNTRUSTED_SENDER':
    case 'UNKNOWN_CHANNEL':
    case 'VAULT_EXISTS':
    case 'VAULT_LOCKED':
    case 'VAULT_BUSY':
    case 'FUTURE_VERSION':
    case 'UNSUPPORTED_VERSION':
    case 'ALREADY_EXISTS':
    case 'DISK_FULL':
    case 'CANCELLED':
    case 'REASON_REQUIRED':
    case 'INTERNAL':
      return 1;
    default: {
      const unreachable: never = code;
      return unreachable;
    }
  }
}
