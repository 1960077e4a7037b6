import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../../i18n/languages.ts';
import { toSimplified } from '../../../domain/names.ts';
import { problemNamespace, translator } from '../../platform/i18n.ts';

const NAMESPACES = ['payments', 'problems-payments'] as const;

function keys(value: unknown, prefix = ''): string[] {
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
  return [prefix];
}
function texts(value: unknown): string[] {
  if (value && typeof value === 'object') return Object.values(value).flatMap(texts);
  return [value as string];
}
const load = (lang: string, ns: string) => JSON.parse(readFileSync(new URL(`../../../i18n/locales/${lang}/${ns}.json`, import.meta.url), 'utf8'));

describe('payments catalogues', () => {
  it.each(NAMESPACES)('%s has the same keys in every language, none empty', (ns) => {
    const reference = keys(load('zh-CN', ns)).sort();
    for (const lang of LANGUAGES) {
      const catalogue = load(lang, ns);
      expect(keys(catalogue).sort(), `${lang}/${ns}`).toEqual(reference);
      for (const text of texts(catalogue)) expect(typeof text === 'string' && text.trim().length > 0, `${lang}/${ns}`).toBe(true);
    }
  });

  it.each(NAMESPACES)('%s: zh-HK is written in Traditional characters', (ns) => {
    for (const text of texts(load('zh-HK', ns))) {
      if (/\p{Script=Han}/u.test(text) && text.length > 8) expect(toSimplified(text), text).not.toBe(text);
    }
  });

  it('every payment error code has its texts, and the provider name is filled in', () => {
    for (const code of Object.keys(load('zh-CN', 'problems-payments'))) expect(problemNamespace(code), code).toBeDefined();
    for (const lang of LANGUAGES) {
      expect(translator(lang)('problems-payments:payment_provider_unavailable.detail', { provider: 'sandbox' })).toContain('sandbox');
      expect(translator(lang)('payments:subject', { decisionNo: '4403001020261120' })).toContain('4403001020261120');
    }
  });
});
