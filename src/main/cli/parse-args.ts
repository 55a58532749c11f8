import { parseArgs, type ParseArgsConfig } from 'node:util';
import { interpolate, localeFrom, type Locale } from '../../shared/messages';
import { UsageError } from './cli-errors';
import usageZh from './i18n/usage.zh-CN.json';
import usageEn from './i18n/usage.en.json';
import { printable } from './terminal-text';

type Options = NonNullable<ParseArgsConfig['options']>;
type UsageKey = keyof typeof usageZh;
const USAGE: Record<Locale, Record<UsageKey, string>> = { 'zh-CN': usageZh, en: usageEn };

/** Words about the command line itself (unknown options, missing values), shared by every command. */
export function usageText(locale: Locale, key: UsageKey, values?: Record<string, string>): string {
  const safe = values ? Object.fromEntries(Object.entries(values).map(([k, v]) => [k, printable(v)])) : undefined;
  return interpolate(USAGE[locale][key], safe);
}

/**
 * The language asked for: `--lang` wins over LANG. Read before the options
 * are parsed, so that a mistake in them is already reported in that language.
 */
export function localeOf(argv: readonly string[], env: NodeJS.ProcessEnv): Locale {
  for (let i = argv.length - 1; i >= 0; i--) {
    const arg = argv[i]!;
    if (arg === '--') continue;
    if (arg.startsWith('--lang=')) return localeFrom(arg.slice('--lang='.length));
    if (arg === '--lang' && i + 1 < argv.length) return localeFrom(argv[i + 1]);
  }
  return localeFrom(env.LANG);
}

/** Edit distance, for "did you mean --json?" after `--josn`. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** The known option closest to `given` (at most two edits away), or null. */
export function closestOption(given: string, options: Options): string | null {
  const name = given.replace(/^-+/, '').split('=')[0]!;
  let best: { option: string; d: number } | null = null;
  for (const option of Object.keys(options)) {
    const d = distance(name, option);
    if (d <= 2 && d < name.length && (!best || d < best.d)) best = { option, d };
  }
  return best ? `--${best.option}` : null;
}

/** The message for one of node:util parseArgs' errors, in `locale`, naming the option. */
export function describeParseError(err: unknown, options: Options, locale: Locale): string {
  const { code, message } = (err ?? {}) as { code?: string; message?: string };
  const text = String(message ?? '');
  // parseArgs quotes the option first: 'Unknown option '--josn'…', 'Option '-h, --help' does not take…'.
  const quoted = /'(?:-\w, )?(--?[^'\s<]*)/.exec(text)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const suggestion = closestOption(quoted, options);
    return suggestion
      ? usageText(locale, 'unknownOptionDidYouMean', { option: quoted, suggestion })
      : usageText(locale, 'unknownOption', { option: quoted });
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (/does not take an argument/.test(text)) return usageText(locale, 'optionTakesNoValue', { option: quoted });
    return usageText(locale, 'optionNeedsValue', { option: quoted });
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return usageText(locale, 'unexpectedArgument', { argument: /'([^']*)'/.exec(text)?.[1] ?? '' });
  return usageText(locale, 'badCommandLine');
}

/** parseArgs, strict, with its errors turned into UsageErrors in the user's language. */
export function parseCommandLine<T extends Options>(
  argv: string[],
  options: T,
  locale: Locale,
): ReturnType<typeof parseArgs<{ options: T; allowPositionals: true; strict: true }>> {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(describeParseError(err, options, locale));
  }
}
