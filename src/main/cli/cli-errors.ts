import { exitCodeFor, type ErrorCode } from '../../shared/errors';
import { errorMessage, interpolate, type Locale } from '../../shared/messages';
import { isVaultError, type VaultError } from '../core/errors';
import { localizeDetail, localizeHolder } from './core-details';
import zhCN from './i18n/errors.zh-CN.json';
import en from './i18n/errors.en.json';
import { printable, printableValues } from './terminal-text';

/** The command line itself is wrong (an option, an argument): exit 2 with the usage hint. */
export class UsageError extends Error {}

/**
 * A refusal the command line words itself, because it knows what the core
 * does not (which option named the missing staff member, which file held no
 * key). The code picks the exit code, as for the core's errors.
 */
export class CliRefusal extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CliRefusal';
  }
}

type Key = keyof typeof zhCN;
const CATALOG: Record<Locale, Record<Key, string>> = { 'zh-CN': zhCN, en };

export function errorText(locale: Locale, key: Key, values?: Record<string, string | number>): string {
  return interpolate(CATALOG[locale][key], printableValues(values));
}

/** What the command line was asked about, to name it in a message the core left general. */
export interface ErrorHints {
  vaultDir?: string;
  client?: string;
  doc?: string;
  /** A credential's id (`cred … --id`). */
  credential?: string;
  /** The recovery key file, when the vault was opened with one instead of a password. */
  identityFile?: string;
  /** --accept-rollback was given (and still refused: only the master key can accept). */
  acceptRollback?: boolean;
}

/** ROLLED_BACK: what was found older, and what an owner or admin can do about it (a second line). */
function rolledBack(err: VaultError, locale: Locale, hints: ErrorHints): string {
  const what = err.values.what === 'roster' ? errorText(locale, 'rolledBackWhat_roster') : err.values.what === 'audit' ? errorText(locale, 'rolledBackWhat_audit') : '';
  return `${errorMessage('ROLLED_BACK', locale)}${what}\n${errorText(locale, hints.acceptRollback ? 'rolledBackOnlyMaster' : 'rolledBackHint')}`;
}

/** The message for one of the core's errors, complete in `locale` and naming what it is about. */
export function describeVaultError(err: VaultError, locale: Locale, hints: ErrorHints = {}): string {
  const what = typeof err.values.what === 'string' ? err.values.what : '';
  switch (err.code) {
    case 'NO_VAULT':
      if (hints.vaultDir) return errorText(locale, 'noVault', { dir: hints.vaultDir });
      break;
    case 'VAULT_EXISTS':
      if (hints.vaultDir) return errorText(locale, 'vaultExists', { dir: hints.vaultDir });
      break;
    case 'NOT_FOUND':
      if (what === 'client') return errorText(locale, hints.client ? 'clientNotFound' : 'clientNotFoundNoId', { id: hints.client ?? '' });
      if (what === 'document') return errorText(locale, hints.doc ? 'documentNotFound' : 'documentNotFoundNoId', { id: hints.doc ?? '' });
      if (what === 'staff') return errorText(locale, 'staffNotFoundNoName');
      if (what === 'credential') return errorText(locale, hints.credential ? 'credentialNotFound' : 'credentialNotFoundNoId', { id: hints.credential ?? '' });
      break;
    case 'WRONG_CREDENTIALS':
      if (hints.identityFile) return errorText(locale, 'wrongRecoveryKey', { file: hints.identityFile });
      break;
    case 'REASON_REQUIRED':
      return errorText(locale, hints.doc ? 'reasonRequired' : 'reasonRequiredNoId', { id: hints.doc ?? '' });
    case 'ROLLED_BACK':
      return rolledBack(err, locale, hints);
    case 'VAULT_BUSY':
      return errorMessage('VAULT_BUSY', locale, { holder: localizeHolder(String(err.values.holder ?? '?'), locale) });
    default:
      break;
  }
  const values = Object.fromEntries(
    Object.entries(err.values).map(([k, v]) => [k, typeof v === 'string' ? printable(localizeDetail(v, locale)) : v]),
  );
  return errorMessage(err.code, locale, values);
}

/** The message and exit code for anything a command threw, other than a usage error. */
export function describeFailure(err: unknown, locale: Locale, hints: ErrorHints = {}): { message: string; exit: number } {
  if (err instanceof CliRefusal) return { message: err.message, exit: exitCodeFor(err.code) };
  if (isVaultError(err)) return { message: describeVaultError(err, locale, hints), exit: exitCodeFor(err.code) };
  // Unexpected: report the kind only, never data that could hold secrets.
  const name = err instanceof Error ? err.name : 'Error';
  return { message: `${errorMessage('INTERNAL', locale)} (${printable(name)})`, exit: 1 };
}
