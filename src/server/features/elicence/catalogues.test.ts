import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../../i18n/languages.ts';
import { translator } from '../../platform/i18n.ts';

describe('e-licence catalogues', () => {
  it('the review messages exist in every language and fill in their parameters', () => {
    for (const lang of LANGUAGES) {
      const t = translator(lang);
      for (const outcome of ['approved', 'rejected']) {
        for (const part of ['title', 'body']) {
          const key = `messages:elicenceReview.${outcome}.${part}`;
          const text = t(key, { name: '王五', reason: 'R-42' });
          expect(text, `${lang} ${key}`).not.toBe(`elicenceReview.${outcome}.${part}`);
          if (part === 'body') expect(text).toContain('王五');
          if (part === 'body' && outcome === 'rejected') expect(text).toContain('R-42');
        }
      }
    }
  });
});
