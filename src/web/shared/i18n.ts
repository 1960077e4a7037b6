import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { LANGUAGES, DEFAULT_LANGUAGE, matchLanguage, type Language } from '../../i18n/languages.ts';

/** Web translations from the shared catalogues; the chosen language is remembered on the device. */
const files = import.meta.glob('../../i18n/locales/*/*.json', { eager: true, import: 'default' }) as Record<string, Record<string, unknown>>;
const resources: Record<string, Record<string, Record<string, unknown>>> = {};
for (const [file, content] of Object.entries(files)) {
  const m = /locales\/([^/]+)\/([^/]+)\.json$/.exec(file);
  if (m) (resources[m[1]!] ??= {})[m[2]!] = content;
}

const STORAGE_KEY = 'jg.lang';

export function initialLanguage(): Language {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
  if (saved && (LANGUAGES as readonly string[]).includes(saved)) return saved as Language;
  for (const tag of typeof navigator !== 'undefined' ? navigator.languages : []) {
    const l = matchLanguage(tag);
    if (l) return l;
  }
  return DEFAULT_LANGUAGE;
}

export function setupI18n(defaultNS: string) {
  const lng = initialLanguage();
  void i18next.use(initReactI18next).init({
    resources: resources as never,
    lng,
    fallbackLng: DEFAULT_LANGUAGE,
    defaultNS,
    ns: Object.keys(resources[DEFAULT_LANGUAGE] ?? {}),
    interpolation: { escapeValue: false },
    initAsync: false,
    showSupportNotice: false,
  });
  document.documentElement.lang = lng;
  return i18next;
}

export function changeLanguage(lang: Language) {
  localStorage.setItem(STORAGE_KEY, lang);
  document.documentElement.lang = lang;
  return i18next.changeLanguage(lang);
}

export function currentLanguage(): Language {
  return (matchLanguage(i18next.language) ?? DEFAULT_LANGUAGE) as Language;
}
