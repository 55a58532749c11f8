import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../../shared/messages';
import { changeLocale, currentLocale, LOCALES } from '../i18n';

export function LanguageSwitch() {
  const { t } = useTranslation();
  return (
    <Segmented<Locale>
      size="small"
      aria-label={t('language.label')}
      value={currentLocale()}
      options={LOCALES.map((locale) => ({ value: locale, label: t(`language.${locale}`) }))}
      onChange={(locale) => void changeLocale(locale)}
      data-testid="language-switch"
    />
  );
}
