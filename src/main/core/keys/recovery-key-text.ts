import { bech32 } from '@scure/base';
import { VaultError } from '../errors';

/**
 * The recovery key as people hand it back: pasted with spaces, line breaks
 * or dashes inside it (as printed in groups on the recovery sheet), in lower
 * case, with full-width characters from a Chinese input method, or inside a
 * file (the sheet's PDF, a key file written by `init --recovery-key-out`, an
 * age identity file). Nobody types 74 characters.
 */

const CHARSET = '[02-9AC-HJ-NP-Z]';
const PREFIX = 'AGE-SECRET-KEY-1';
/** Dashes a word processor or input method may put in place of '-'. */
const DASHES = /[-\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g;

/** The canonical key (AGE-SECRET-KEY-1 + 58 characters, checksum valid) in typed or pasted text; null when there is none. */
export function recoveryKeyFromText(text: string): string | null {
  const compact = text.normalize('NFKC').toUpperCase().replace(/\s+/g, '').replace(DASHES, '');
  const match = new RegExp(`AGESECRETKEY1(${CHARSET}{58})(?!${CHARSET})`).exec(compact);
  if (!match) return null;
  const key = `${PREFIX}${match[1]!}`;
  return checksumValid(key) ? key : null;
}

/** Largest file read for a key: the sheet's PDF is a few kilobytes. */
export const RECOVERY_KEY_FILE_MAX_BYTES = 1024 * 1024;

/**
 * The one recovery key in a file: as text in a key file, or as the sheet's
 * PDF carries it (a plain string in its document information). Null when the
 * file holds none; INVALID_INPUT when it holds two different ones.
 */
export function recoveryKeyFromFile(bytes: Uint8Array): string | null {
  if (bytes.length > RECOVERY_KEY_FILE_MAX_BYTES) throw new VaultError('INVALID_INPUT', { reason: 'file too large for a recovery key', problem: 'recovery-key-file' });
  return recoveryKeyInFileText(Buffer.from(bytes).toString('latin1'));
}

/** recoveryKeyFromFile for a file already read as text. */
export function recoveryKeyInFileText(text: string): string | null {
  const found = new Set<string>();
  for (const match of text.matchAll(new RegExp(`AGE-SECRET-KEY-1${CHARSET}{58}(?!${CHARSET})`, 'gi'))) {
    const key = match[0].toUpperCase();
    if (checksumValid(key)) found.add(key);
  }
  if (found.size > 1) throw new VaultError('INVALID_INPUT', { reason: 'more than one recovery key in the file', problem: 'recovery-key-file' });
  return found.values().next().value ?? null;
}

function checksumValid(key: string): boolean {
  try {
    const decoded = bech32.decodeToBytes(key.toLowerCase());
    return decoded.prefix === 'age-secret-key-' && decoded.bytes.length === 32;
  } catch {
    return false;
  }
}

/** The key in groups for print: the prefix, then groups of four (the normaliser above takes it back with or without the spaces). */
export function groupedRecoveryKey(key: string): string[] {
  const body = key.slice(PREFIX.length);
  const groups = body.match(/.{1,4}/g) ?? [];
  return [PREFIX, groups.slice(0, 8).join(' '), groups.slice(8).join(' ')];
}
