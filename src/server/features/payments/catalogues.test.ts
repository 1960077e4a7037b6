import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../../i18n/languages.ts';
import { problemNamespace, translator } from '../../platform/i18n.ts';

const load = (lang: string, ns: string) => JSON.parse(readFileSync(new URL(`../../../i18n/locales/${lang}/${ns}.json`, import.meta.url), 'utf8'));

describe('payments catalogues', () => {
  it('every payment error code has its texts, and the provider name is filled in', () => {
    for (const code of Object.keys(load('zh-CN', 'problems-payments'))) expect(problemNamespace(code), code).toBeDefined();
    for (const lang of LANGUAGES) {
      expect(translator(lang)('problems-payments:payment_provider_unavailable.detail', { provider: 'sandbox' })).toContain('sandbox');
      expect(translator(lang)('payments:subject', { decisionNo: '4403001020261120' })).toContain('4403001020261120');
    }
  });
});
