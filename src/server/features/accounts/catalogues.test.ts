import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../../i18n/languages.ts';
import { translator } from '../../platform/i18n.ts';

describe('accounts and messages catalogues', () => {
  it('nested document names resolve in every language', () => {
    for (const lang of LANGUAGES) {
      const text = translator(lang)('problems-accounts:doc_type_mismatch.detail', { docType: 'hk_id', docNumberMasked: 'A1*****(3)' });
      expect(text).not.toContain('$t(');
      expect(text).toContain('A1*****(3)');
    }
  });
});
