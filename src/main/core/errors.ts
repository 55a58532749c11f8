import type { ErrorCode } from '../../shared/errors';

/**
 * An expected failure with a stable code. `values` fill the message template and
 * must never contain secrets (passwords, keys, document content).
 */
export class VaultError extends Error {
  readonly code: ErrorCode;
  readonly values: Record<string, string | number | boolean>;

  constructor(code: ErrorCode, values: Record<string, string | number | boolean> = {}, options?: { cause?: unknown }) {
    super(code, options);
    this.name = 'VaultError';
    this.code = code;
    this.values = values;
  }
}

export function isVaultError(err: unknown, code?: ErrorCode): err is VaultError {
  return err instanceof VaultError && (code === undefined || err.code === code);
}

/** Maps filesystem errors to the codes a person can act on; anything else is rethrown as-is. */
export function fsError(err: unknown, what: string): unknown {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new VaultError('DISK_FULL', {}, { cause: err });
    case 'EROFS':
    case 'EACCES':
    case 'EPERM':
      return new VaultError('READ_ONLY', {}, { cause: err });
    case 'ENOENT':
      return new VaultError('NOT_FOUND', { what }, { cause: err });
    default:
      return err;
  }
}
