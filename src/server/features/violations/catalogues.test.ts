import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../../i18n/languages.ts';
import { toSimplified } from '../../../domain/names.ts';
import { translator } from '../../platform/i18n.ts';

const NAMESPACES = ['violations', 'problems-violations'] as const;

function keys(value: unknown, prefix = ''): string[] {
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
  return [prefix];
}
function texts(value: unknown): string[] {
  if (value && typeof value === 'object') return Object.values(value).flatMap(texts);
  return [value as string];
}
const load = (lang: string, ns: string) => JSON.parse(readFileSync(new URL(`../../../i18n/locales/${lang}/${ns}.json`, import.meta.url), 'utf8'));
const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/gu)].map((m) => m[1]).sort();

describe('violations catalogues', () => {
  it.each(NAMESPACES)('%s has the same keys and placeholders in every language, none empty', (ns) => {
    const reference = load('zh-CN', ns);
    const referenceKeys = keys(reference).sort();
    for (const lang of LANGUAGES) {
      const catalogue = load(lang, ns);
      expect(keys(catalogue).sort(), `${lang}/${ns}`).toEqual(referenceKeys);
      for (const key of referenceKeys) {
        const text = key.split('.').reduce((o, k) => o[k], catalogue) as string;
        const ref = key.split('.').reduce((o, k) => o[k], reference) as string;
        expect(typeof text === 'string' && text.trim().length > 0, `${lang}/${ns}:${key}`).toBe(true);
        expect(placeholders(text), `${lang}/${ns}:${key}`).toEqual(placeholders(ref));
      }
    }
  });

  it.each(NAMESPACES)('%s: zh-HK is written in Traditional characters', (ns) => {
    for (const text of texts(load('zh-HK', ns))) {
      if (/\p{Script=Han}/u.test(text) && text.length > 8) expect(toSimplified(text), text).not.toBe(text);
    }
  });

  it('every online-handling refusal has a reason text in every language', () => {
    for (const lang of LANGUAGES) {
      const t = translator(lang);
      for (const reason of ['licence_not_bound', 'objection_pending']) {
        const text = t(`violations:notHandleable.${reason}`);
        expect(text, `${lang}:${reason}`).not.toContain('notHandleable');
      }
    }
  });
});
