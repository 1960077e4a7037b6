import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LANGUAGES, DEFAULT_LANGUAGE } from './languages.ts';
import { toSimplified } from '../domain/names.ts';

/**
 * Every catalogue of every feature, in one place: the same keys in each language, no empty
 * text, and zh-HK written in Traditional characters. Feature tests keep only what is
 * particular to their texts (plurals, interpolations).
 */
const dir = (lang: string) => new URL(`./locales/${lang}/`, import.meta.url);
const load = (lang: string, ns: string) => JSON.parse(readFileSync(new URL(`${ns}.json`, dir(lang)), 'utf8')) as unknown;
const namespaces = readdirSync(dir(DEFAULT_LANGUAGE))
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, -5))
  .sort();

/** Leaf keys, plural forms (`_one`, `_other`) folded into their base key: languages pluralise differently. */
function keys(value: unknown, prefix = ''): string[] {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    return [...new Set(Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k)))];
  }
  return [prefix.replace(/_(zero|one|two|few|many|other)$/u, '')];
}
function entries(value: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) entries(v, prefix ? `${prefix}.${k}` : k, out);
  else if (typeof value === 'string') out.set(prefix, value);
  return out;
}
function texts(value: unknown): string[] {
  if (value && typeof value === 'object') return Object.values(value).flatMap(texts);
  return [value as string];
}

describe('i18n catalogues', () => {
  it('every language has every namespace', () => {
    for (const lang of LANGUAGES) {
      const own = readdirSync(dir(lang)).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
      expect(own, lang).toEqual(namespaces);
    }
  });

  it.each(namespaces)('%s has the same keys in every language, none empty', (ns) => {
    const reference = keys(load(DEFAULT_LANGUAGE, ns)).sort();
    for (const lang of LANGUAGES) {
      const catalogue = load(lang, ns);
      expect(keys(catalogue).sort(), `${lang}/${ns}`).toEqual(reference);
      for (const text of texts(catalogue)) expect(typeof text === 'string' && text.trim().length > 0, `${lang}/${ns}`).toBe(true);
    }
  });

  it.each(namespaces)('%s: zh-HK is written for Hong Kong and Macau, not copied from zh-CN', (ns) => {
    const simplified = entries(load(DEFAULT_LANGUAGE, ns));
    for (const [key, text] of entries(load('zh-HK', ns))) {
      // A sentence of ten or more Chinese characters reads differently in Hong Kong: other
      // characters, or at least other wording. An identical long text is an untranslated copy.
      const han = text.replace(/\{\{[^}]*\}\}/g, '').match(/\p{Script=Han}/gu) ?? [];
      if (han.length < 10) continue;
      const traditional = toSimplified(text) !== text;
      expect(traditional || text !== simplified.get(key), `${ns}:${key}: ${text}`).toBe(true);
    }
  });
});
