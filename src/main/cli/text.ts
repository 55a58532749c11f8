import type { Locale } from '../../shared/messages';
import { interpolate } from '../../shared/messages';
import zhCN from './i18n/zh-CN.json';
import en from './i18n/en.json';
import { printableValues } from './terminal-text';

export type CliKey = keyof typeof zhCN;
const CATALOG: Record<Locale, Record<CliKey, string>> = { 'zh-CN': zhCN, en };

/** A message of the command line; every value put into it (names, paths) is escaped for the terminal. */
export function cliText(locale: Locale, key: CliKey, values?: Record<string, string | number>): string {
  return values ? interpolate(CATALOG[locale][key], printableValues(values)) : CATALOG[locale][key];
}
