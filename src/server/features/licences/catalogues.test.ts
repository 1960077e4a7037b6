import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../../i18n/languages.ts';
import { toSimplified } from '../../../domain/names.ts';
import { translator } from '../../platform/i18n.ts';

const NAMESPACES = ['licences', 'problems-licences'] as const;

/** Leaf keys, plural forms (`_one`, `_other`) folded into their base key: languages pluralise differently. */
function keys(value: unknown, prefix = ''): string[] {
  if (value && typeof value === 'object') return [...new Set(Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k)))];
  return [prefix.replace(/_(zero|one|two|few|many|other)$/u, '')];
}
function texts(value: unknown): string[] {
  if (value && typeof value === 'object') return Object.values(value).flatMap(texts);
  return [value as string];
}
const load = (lang: string, ns: string) => JSON.parse(readFileSync(new URL(`../../../i18n/locales/${lang}/${ns}.json`, import.meta.url), 'utf8'));

describe('licences catalogues', () => {
  it.each(NAMESPACES)('%s has the same keys in every language, none empty', (ns) => {
    const reference = [...new Set(keys(load('zh-CN', ns)))].sort();
    for (const lang of LANGUAGES) {
      const catalogue = load(lang, ns);
      expect([...new Set(keys(catalogue))].sort(), `${lang}/${ns}`).toEqual(reference);
      for (const text of texts(catalogue)) expect(typeof text === 'string' && text.trim().length > 0, `${lang}/${ns}`).toBe(true);
    }
  });

  it.each(NAMESPACES)('%s: zh-HK is written in Traditional characters', (ns) => {
    for (const text of texts(load('zh-HK', ns))) {
      if (/\p{Script=Han}/u.test(text) && text.length > 8) expect(toSimplified(text), text).not.toBe(text);
    }
  });

  it('plural texts resolve with a count in every language', () => {
    for (const lang of LANGUAGES) {
      const t = translator(lang);
      for (const count of [1, 51]) {
        const open = t('licences:renewal.open', { validTo: '2027-01-15', count });
        expect(open, lang).toContain(String(count));
        expect(open, lang).toContain('2027-01-15');
        expect(t('licences:filing.tooManyAttempts', { count }), lang).toContain(String(count));
      }
    }
    expect(translator('en')('licences:renewal.open', { validTo: '2027-01-15', count: 1 })).toContain('1 day left');
  });
});
