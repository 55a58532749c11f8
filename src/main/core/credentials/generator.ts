import { randomInt } from 'node:crypto';
import { PASSWORD_LENGTH_MAX, PASSWORD_LENGTH_MIN, type PasswordPreset, type PasswordRules } from '../../../shared/credentials';
import { VaultError } from '../errors';

/**
 * The preset rules. 电子税务局 sites want 8–20 characters mixing letters, digits and
 * symbols and accept only a few symbols; online-bank logins are often typed through a
 * security input control that refuses paste and many refuse symbols, so those leave
 * out symbols and characters people misread.
 */
export const PRESET_RULES: Readonly<Record<Exclude<PasswordPreset, 'custom'>, PasswordRules>> = Object.freeze({
  standard: { length: 16, lower: true, upper: true, digits: true, symbols: true, avoidAmbiguous: false },
  etax: { length: 12, lower: true, upper: true, digits: true, symbols: true, avoidAmbiguous: true },
  bank: { length: 12, lower: true, upper: true, digits: true, symbols: false, avoidAmbiguous: true },
  pin6: { length: 6, lower: false, upper: false, digits: true, symbols: false, avoidAmbiguous: false },
});

/** Symbols the government and bank sites we know of accept; wider sets get refused there. */
export const PASSWORD_SYMBOLS = '!@#$%^&*';

const AMBIGUOUS = new Set('0Oo1lI');

const CLASSES = {
  lower: 'abcdefghijklmnopqrstuvwxyz',
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  digits: '0123456789',
  symbols: PASSWORD_SYMBOLS,
} as const;

/**
 * A random password following `rules`: every enabled class appears at least once,
 * each character is drawn without modulo bias (`randomInt`), and the positions of the
 * guaranteed ones are shuffled so they are not always first.
 */
export function generatePassword(rules: PasswordRules): string {
  const { length } = rules;
  if (!Number.isInteger(length) || length < PASSWORD_LENGTH_MIN || length > PASSWORD_LENGTH_MAX) {
    throw new VaultError('INVALID_INPUT', { field: 'length', min: PASSWORD_LENGTH_MIN, max: PASSWORD_LENGTH_MAX });
  }
  const sets = (Object.keys(CLASSES) as (keyof typeof CLASSES)[])
    .filter((name) => rules[name])
    .map((name) => [...CLASSES[name]].filter((ch) => !rules.avoidAmbiguous || !AMBIGUOUS.has(ch)));
  if (sets.length === 0) throw new VaultError('INVALID_INPUT', { field: 'rules', reason: 'no-class' });
  // With 4 classes and the minimum length of 4 this always holds; kept for a future lower minimum.
  if (sets.length > length) throw new VaultError('INVALID_INPUT', { field: 'length', min: sets.length, max: PASSWORD_LENGTH_MAX });

  const all = sets.flat();
  const chars = sets.map(pick);
  while (chars.length < length) chars.push(pick(all));
  // Fisher–Yates.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
  }
  return chars.join('');
}

function pick(set: readonly string[]): string {
  return set[randomInt(set.length)] as string;
}
