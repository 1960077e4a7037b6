import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../../i18n/languages.ts';
import { translator } from '../../platform/i18n.ts';

describe('violations catalogues', () => {
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
