import { useState } from 'react';
import { ActionSheet } from 'antd-mobile';
import { GlobalOutline } from 'antd-mobile-icons';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, type Language } from '../../../i18n/languages.ts';
import { changeLanguage, currentLanguage } from '../../shared/i18n.ts';

/** Opens the language chooser; every language is listed in its own script so anyone can find theirs. */
export function useLanguageSheet() {
  const { t } = useTranslation();
  const [visible, setVisible] = useState(false);
  const current = currentLanguage();
  const sheet = (
    <ActionSheet
      visible={visible}
      onClose={() => setVisible(false)}
      cancelText={t('common.cancel')}
      extra={t('language.choose')}
      actions={LANGUAGES.map((lang: Language) => ({
        key: lang,
        text: lang === current ? `${t(`language.names.${lang}`)} ✓` : t(`language.names.${lang}`),
        onClick: () => {
          void changeLanguage(lang);
          setVisible(false);
        },
      }))}
    />
  );
  return { open: () => setVisible(true), sheet, currentName: t(`language.names.${current}`), shortName: t(`language.short.${current}`) };
}

/** The globe button for the top bar and the login screen. */
export function LanguageSwitch({ tone = 'default' }: { tone?: 'default' | 'light' }) {
  const { t } = useTranslation();
  const { open, sheet, shortName } = useLanguageSheet();
  return (
    <>
      <button type="button" className={`jg-lang-switch jg-lang-switch--${tone}`} aria-label={t('language.switch')} onClick={open}>
        <GlobalOutline aria-hidden="true" fontSize={18} />
        <span aria-hidden="true">{shortName}</span>
      </button>
      {sheet}
    </>
  );
}
