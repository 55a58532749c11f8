import type { ErrorCode } from './errors';
import zhCN from './i18n/errors.zh-CN.json';
import en from './i18n/errors.en.json';

export type Locale = 'zh-CN' | 'en';

export const ERROR_MESSAGES: Record<Locale, Record<ErrorCode, string>> = {
  'zh-CN': zhCN,
  en,
};

/** Picks the UI language from an environment-style locale string; Chinese unless English is asked for. */
export function localeFrom(value: string | undefined | null): Locale {
  return value && /^en\b|^en[_-]/i.test(value) ? 'en' : 'zh-CN';
}

/** Fills `{{name}}` placeholders; unknown placeholders become empty. */
export function interpolate(template: string, values: Record<string, string | number | boolean> = {}): string {
  return template
    .replace(/\{\{(\w+)\}\}/g, (_m, key: string) => (key in values ? String(values[key]) : ''))
    .replace(/[：:]\s*$/, '')
    .trim();
}

export function errorMessage(
  code: ErrorCode,
  locale: Locale,
  values?: Record<string, string | number | boolean>,
): string {
  return interpolate(ERROR_MESSAGES[locale][code], values);
}
