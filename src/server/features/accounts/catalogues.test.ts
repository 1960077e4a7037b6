import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../../i18n/languages.ts';
import { translator } from '../../platform/i18n.ts';

const NAMESPACES = ['accounts', 'messages', 'problems-accounts'] as const;

function keys(value: unknown, prefix = ''): string[] {
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
  return [prefix];
}
const load = (lang: string, ns: string) => JSON.parse(readFileSync(new URL(`../../../i18n/locales/${lang}/${ns}.json`, import.meta.url), 'utf8'));

describe('accounts and messages catalogues', () => {
  it.each(NAMESPACES)('%s has the same keys in every language, none empty', (ns) => {
    const reference = keys(load('zh-CN', ns)).sort();
    for (const lang of LANGUAGES) {
      const catalogue = load(lang, ns);
      expect(keys(catalogue).sort(), `${lang}/${ns}`).toEqual(reference);
      for (const key of reference) {
        const text = key.split('.').reduce<any>((o, k) => o[k], catalogue);
        expect(typeof text === 'string' && text.trim().length > 0, `${lang}/${ns}:${key}`).toBe(true);
      }
    }
  });

  it('zh-HK texts are written in Traditional characters', () => {
    const sample = translator('zh-HK')('problems-accounts:invalid_phone.detail');
    expect(sample).toContain('號碼');
    expect(sample).not.toContain('号码');
  });

  it('nested document names resolve in every language', () => {
    for (const lang of LANGUAGES) {
      const text = translator(lang)('problems-accounts:doc_type_mismatch.detail', { docType: 'hk_id', docNumberMasked: 'A1******3)' });
      expect(text).not.toContain('$t(');
      expect(text).toContain('A1******3)');
    }
  });
});
