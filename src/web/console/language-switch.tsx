import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, type Language } from '../../i18n/languages.ts';
import { changeLanguage, currentLanguage } from '../shared/i18n.ts';

/** Each language is named in itself, so a user who cannot read the current one still finds theirs. */
const NATIVE_NAMES: Record<Language, string> = { 'zh-CN': '简体中文', 'zh-HK': '繁體中文', en: 'English' };

export function LanguageSwitch() {
  const { t } = useTranslation('console');
  return (
    <Select<Language>
      aria-label={t('header.language')}
      value={currentLanguage()}
      onChange={(lang) => void changeLanguage(lang)}
      options={LANGUAGES.map((l) => ({ value: l, label: NATIVE_NAMES[l], lang: l }))}
      style={{ width: 120 }}
      variant="borderless"
    />
  );
}
