import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../../i18n/languages.ts';
import { translator } from '../../platform/i18n.ts';

describe('licences catalogues', () => {
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
