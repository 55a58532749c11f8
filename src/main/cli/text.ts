import type { Locale } from '../../shared/messages';
import { interpolate } from '../../shared/messages';
import zhCN from './i18n/zh-CN.json';
import en from './i18n/en.json';

export type CliKey = keyof typeof zhCN;
const CATALOG: Record<Locale, Record<CliKey, string>> = { 'zh-CN': zhCN, en };

export function cliText(locale: Locale, key: CliKey, values?: Record<string, string | number>): string {
  return values ? interpolate(CATALOG[locale][key], values) : CATALOG[locale][key];
}
