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
import lockZhCN from './lock.zh-CN.json';
import lockEn from './lock.en.json';
import backupZhCN from './backup.zh-CN.json';
import backupEn from './backup.en.json';
import adminZhCN from './admin.zh-CN.json';
import adminEn from './admin.en.json';
import credZhCN from './credentials.zh-CN.json';
import credEn from './credentials.en.json';
import contentZhCN from './content.zh-CN.json';
import contentEn from './content.en.json';
import clientImportZhCN from './client-import.zh-CN.json';
import clientImportEn from './client-import.en.json';
import passwordZhCN from './password.zh-CN.json';
import passwordEn from './password.en.json';
import bulkZhCN from './bulk.zh-CN.json';
import bulkEn from './bulk.en.json';
import firstRunZhCN from './firstrun.zh-CN.json';
import firstRunEn from './firstrun.en.json';
import alertsZhCN from './alerts.zh-CN.json';
import alertsEn from './alerts.en.json';
import peopleZhCN from './people.zh-CN.json';
import peopleEn from './people.en.json';
import retentionZhCN from './retention.zh-CN.json';
import retentionEn from './retention.en.json';

// Compile-time parity: each catalogue must have exactly the other's keys.
const _enHasZhKeys: typeof zhCN = en;
const _zhHasEnKeys: typeof en = zhCN;
const _lockEnHasZhKeys: typeof lockZhCN = lockEn;
const _lockZhHasEnKeys: typeof lockEn = lockZhCN;
// Feature catalogues add top-level sections only: a shared one would be replaced whole by the spread below.
const _lockAddsSectionsOnly: [keyof typeof zhCN & keyof typeof lockZhCN] extends [never] ? true : never = true;
const _backupEnHasZhKeys: typeof backupZhCN = backupEn;
const _backupZhHasEnKeys: typeof backupEn = backupZhCN;
const _backupAddsSectionsOnly: [keyof (typeof zhCN & typeof lockZhCN) & keyof typeof backupZhCN] extends [never] ? true : never = true;
const _adminEnHasZhKeys: typeof adminZhCN = adminEn;
const _adminZhHasEnKeys: typeof adminEn = adminZhCN;
const _adminAddsSectionsOnly: [keyof (typeof zhCN & typeof lockZhCN & typeof backupZhCN) & keyof typeof adminZhCN] extends [never] ? true : never = true;
const _credEnHasZhKeys: typeof credZhCN = credEn;
const _credZhHasEnKeys: typeof credEn = credZhCN;
const _credAddsSectionsOnly: [keyof (typeof zhCN & typeof lockZhCN & typeof backupZhCN & typeof adminZhCN) & keyof typeof credZhCN] extends [never] ? true : never = true;
const _contentEnHasZhKeys: typeof contentZhCN = contentEn;
const _contentZhHasEnKeys: typeof contentEn = contentZhCN;
const _contentAddsSectionsOnly: [keyof (typeof zhCN & typeof lockZhCN & typeof backupZhCN & typeof adminZhCN & typeof credZhCN) & keyof typeof contentZhCN] extends [never]
  ? true
  : never = true;
const _clientImportEnHasZhKeys: typeof clientImportZhCN = clientImportEn;
const _clientImportZhHasEnKeys: typeof clientImportEn = clientImportZhCN;
const _clientImportAddsSectionsOnly: [
  keyof (typeof zhCN & typeof lockZhCN & typeof backupZhCN & typeof adminZhCN & typeof credZhCN & typeof contentZhCN) & keyof typeof clientImportZhCN,
] extends [never]
  ? true
  : never = true;
const _passwordEnHasZhKeys: typeof passwordZhCN = passwordEn;
const _passwordZhHasEnKeys: typeof passwordEn = passwordZhCN;
const _passwordAddsSectionsOnly: [
  keyof (typeof zhCN & typeof lockZhCN & typeof backupZhCN & typeof adminZhCN & typeof credZhCN & typeof contentZhCN & typeof clientImportZhCN) & keyof typeof passwordZhCN,
] extends [never]
  ? true
  : never = true;
const _bulkEnHasZhKeys: typeof bulkZhCN = bulkEn;
const _bulkZhHasEnKeys: typeof bulkEn = bulkZhCN;
const _bulkAddsSectionsOnly: [keyof (typeof zhCN & typeof lockZhCN & typeof backupZhCN & typeof adminZhCN & typeof credZhCN & typeof contentZhCN & typeof clientImportZhCN & typeof passwordZhCN) & keyof typeof bulkZhCN] extends [never]
  ? true
  : never = true;
const _firstRunEnHasZhKeys: typeof firstRunZhCN = firstRunEn;
const _firstRunZhHasEnKeys: typeof firstRunEn = firstRunZhCN;
const _firstRunAddsSectionsOnly: [
  keyof (typeof zhCN & typeof lockZhCN & typeof backupZhCN & typeof adminZhCN & typeof credZhCN & typeof contentZhCN & typeof clientImportZhCN & typeof passwordZhCN & typeof bulkZhCN) & keyof typeof firstRunZhCN,
] extends [never]
  ? true
  : never = true;
const _alertsEnHasZhKeys: typeof alertsZhCN = alertsEn;
const _alertsZhHasEnKeys: typeof alertsEn = alertsZhCN;
const _alertsAddsSectionsOnly: [keyof (typeof zhCN & typeof lockZhCN & typeof backupZhCN & typeof adminZhCN & typeof credZhCN & typeof contentZhCN & typeof clientImportZhCN & typeof passwordZhCN & typeof bulkZhCN & typeof firstRunZhCN) & keyof typeof alertsZhCN] extends [
  never,
]
  ? true
  : never = true;
const _peopleEnHasZhKeys: typeof peopleZhCN = peopleEn;
const _peopleZhHasEnKeys: typeof peopleEn = peopleZhCN;
const _peopleAddsSectionsOnly: [
  keyof (typeof zhCN & typeof lockZhCN & typeof backupZhCN & typeof adminZhCN & typeof credZhCN & typeof contentZhCN & typeof clientImportZhCN & typeof passwordZhCN & typeof bulkZhCN & typeof firstRunZhCN & typeof alertsZhCN) &
    keyof typeof peopleZhCN,
] extends [never]
  ? true
  : never = true;

const _retentionEnHasZhKeys: typeof retentionZhCN = retentionEn;
const _retentionZhHasEnKeys: typeof retentionEn = retentionZhCN;
const _retentionAddsSectionsOnly: [
  keyof (typeof zhCN & typeof lockZhCN & typeof backupZhCN & typeof adminZhCN & typeof credZhCN & typeof contentZhCN & typeof clientImportZhCN & typeof passwordZhCN & typeof bulkZhCN & typeof firstRunZhCN & typeof alertsZhCN & typeof peopleZhCN) & keyof typeof retentionZhCN,
] extends [never]
  ? true
  : never = true;

export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

const resources = {
  'zh-CN': { translation: { ...zhCN, ...lockZhCN, ...backupZhCN, ...adminZhCN, ...credZhCN, ...contentZhCN, ...clientImportZhCN, ...passwordZhCN, ...bulkZhCN, ...firstRunZhCN, ...alertsZhCN, ...peopleZhCN, ...retentionZhCN, errors: ERROR_MESSAGES['zh-CN'] } },
  en: { translation: { ...en, ...lockEn, ...backupEn, ...adminEn, ...credEn, ...contentEn, ...clientImportEn, ...passwordEn, ...bulkEn, ...firstRunEn, ...alertsEn, ...peopleEn, ...retentionEn, errors: ERROR_MESSAGES.en } },
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
