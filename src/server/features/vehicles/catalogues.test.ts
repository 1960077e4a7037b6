import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../../i18n/languages.ts';
import { translator } from '../../platform/i18n.ts';
import { PLATE_TYPES } from '../../../domain/plates.ts';

describe('vehicles catalogues', () => {
  it('the owner’s SMS and message say who asks and whom to give the code, in every language', () => {
    for (const lang of LANGUAGES) {
      const t = translator(lang);
      const sms = t('vehicles:filing.sms', { filerName: '赵**', plate: '粤B12345', code: '123456', minutes: 10 });
      for (const part of ['赵**', '粤B12345', '123456', '10']) expect(sms, lang).toContain(part);
      const body = t('messages:vehicleFiling.requested.body', { filerName: '赵**', plate: '粤B12345', minutes: 10 });
      for (const part of ['赵**', '粤B12345', '10']) expect(body, lang).toContain(part);
      expect(t('messages:vehicleFiling.requested.title'), lang).not.toContain('vehicleFiling');
      for (const count of [1, 5]) expect(t('vehicles:filing.tooManyAttempts', { count }), lang).toContain(String(count));
    }
  });

  it('every plate-format reason reads as a sentence inside invalid_plate', () => {
    for (const lang of LANGUAGES) {
      const t = translator(lang);
      for (const reason of ['empty', 'format', 'plate_type', 'type_mismatch']) {
        const detail = t('problems-vehicles:invalid_plate.detail', { reason });
        expect(detail, `${lang} ${reason}`).not.toContain('plateReasons');
        expect(detail, `${lang} ${reason}`).not.toContain('$t(');
      }
      for (const context of ['account', 'vehicle']) expect(t('problems-vehicles:filing_limit_reached.detail', { limit: 3, context }), lang).toContain('3');
    }
  });

  it('names every plate type the registry can hold', () => {
    for (const lang of LANGUAGES) for (const code of Object.keys(PLATE_TYPES)) expect(translator(lang)(`domain:plateTypes.${code}`), lang).not.toContain('plateTypes');
  });
});
