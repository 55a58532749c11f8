/**
 * UI strings: zh-CN first, English second. Error messages come from the
 * shared catalogue and live under `errors`, so an error is shown by its code
 * in the current language rather than in whatever language main used.
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { ERROR_MESSAGES, type Locale } from '../../../shared/messages';
import zhCN from './zh-CN.json';
import en from './en.json';

// Compile-time parity: each catalogue must have exactly the other's keys.
const _enHasZhKeys: typeof zhCN = en;
const _zhHasEnKeys: typeof en = zhCN;

export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

const resources = {
  'zh-CN': { translation: { ...zhCN, errors: ERROR_MESSAGES['zh-CN'] } },
  en: { translation: { ...en, errors: ERROR_MESSAGES.en } },
} as const;

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: (typeof resources)['zh-CN'];
  }
}

const STORAGE_KEY = 'zhangdun.locale';

function savedLocale(): Locale {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

void i18n.use(initReactI18next).init({
  resources,
  lng: savedLocale(),
  fallbackLng: 'zh-CN',
  initAsync: false,
  // React escapes output already.
  interpolation: { escapeValue: false },
  returnNull: false,
});

function applyDocumentLocale(locale: Locale): void {
  document.documentElement.lang = locale;
  document.title = i18n.t('app.name');
}

applyDocumentLocale(currentLocale());

export function currentLocale(): Locale {
  return i18n.language === 'en' ? 'en' : 'zh-CN';
}

export async function changeLocale(locale: Locale): Promise<void> {
  await i18n.changeLanguage(locale);
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Storage may be unavailable; the choice then lasts for this session only.
  }
  applyDocumentLocale(locale);
}

export default i18n;
