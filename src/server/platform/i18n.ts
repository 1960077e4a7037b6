import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import i18next, { type TFunction } from 'i18next';
import { LANGUAGES, DEFAULT_LANGUAGE, type Language } from '../../i18n/languages.ts';

/**
 * Server-side translations from the shared catalogues `src/i18n/locales/<language>/<namespace>.json`
 * (the same files the web app bundles). Namespaces: `problems` (API errors), `sms` (SMS texts), …
 */
const localesDir = fileURLToPath(new URL('../../i18n/locales', import.meta.url));

function loadResources() {
  const resources: Record<string, Record<string, unknown>> = {};
  for (const lang of LANGUAGES) {
    const dir = path.join(localesDir, lang);
    resources[lang] = {};
    for (const file of readdirSync(dir)) {
      if (file.endsWith('.json')) resources[lang]![file.slice(0, -5)] = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
    }
  }
  return resources;
}

const instance = i18next.createInstance();
const resources = loadResources();
void instance.init({
  resources: resources as never,
  lng: DEFAULT_LANGUAGE,
  fallbackLng: DEFAULT_LANGUAGE,
  ns: Object.keys(resources[DEFAULT_LANGUAGE] ?? {}),
  defaultNS: 'problems',
  interpolation: { escapeValue: false },
  initAsync: false,
  showSupportNotice: false,
});

// getFixedT builds a new function (and normalises the language code) on every call, and hot
// paths ask for one per record of a violation list; the bound function reads the catalogues
// at each call, so one per language serves for the life of the process.
const translators = new Map<Language, TFunction>();

/** A translator bound to one language. */
export function translator(lang: Language): TFunction {
  let t = translators.get(lang);
  if (!t) {
    t = instance.getFixedT(lang);
    translators.set(lang, t);
  }
  return t;
}

export function hasTranslation(key: string, lang: Language = DEFAULT_LANGUAGE): boolean {
  return instance.exists(key, { lng: lang });
}

/**
 * Problem texts live in every namespace whose name starts with `problems` (`problems.json`
 * for the platform, `problems-<feature>.json` for each feature), so features never edit one
 * shared file. Returns the namespace that defines `<code>.title`, if any.
 */
export function problemNamespace(code: string): string | undefined {
  return Object.keys(resources[DEFAULT_LANGUAGE] ?? {})
    .filter((ns) => ns.startsWith('problems'))
    .find((ns) => instance.exists(`${ns}:${code}.title`, { lng: DEFAULT_LANGUAGE }));
}
