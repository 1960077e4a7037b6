import { describe, expect, it } from 'vitest';
import zhCN from '../i18n/locales/zh-CN/domain.json' with { type: 'json' };
import zhHK from '../i18n/locales/zh-HK/domain.json' with { type: 'json' };
import en from '../i18n/locales/en/domain.json' with { type: 'json' };
import { DOC_TYPES } from './id-documents.ts';
import { LICENCE_STATES } from './licences.ts';
import { PLATE_TYPES } from './plates.ts';
import { toSimplified } from './names.ts';

/** The `domain` i18n namespace names every code the domain rules can produce, in every language. */
const catalogues = { 'zh-CN': zhCN, 'zh-HK': zhHK, en } as const;
const expectedKeys = {
  docTypes: [...DOC_TYPES],
  docNumberReasons: ['empty', 'format', 'checksum', 'birth_date', 'region'],
  plateTypes: Object.keys(PLATE_TYPES),
  plateSchemes: ['mainland', 'hk_northbound', 'mo_northbound'],
  plateReasons: ['empty', 'format', 'plate_type', 'type_mismatch', 'scheme_mismatch', 'scheme'],
  licenceStates: Object.keys(LICENCE_STATES),
  passwordReasons: ['too_short', 'too_long', 'guessable', 'personal'],
  passwordStrength: ['0', '1', '2', '3', '4'],
};

describe('domain i18n catalogue', () => {
  for (const [lang, catalogue] of Object.entries(catalogues)) {
    it(`${lang} has a non-empty text for every code`, () => {
      for (const [group, keys] of Object.entries(expectedKeys)) {
        const texts = (catalogue as Record<string, Record<string, string>>)[group];
        expect(Object.keys(texts ?? {}).sort(), `${lang} ${group}`).toEqual([...keys].sort());
        for (const k of keys) expect(texts![k]!.trim().length, `${lang} ${group}.${k}`).toBeGreaterThan(0);
      }
    });
  }

  it('zh-CN names agree with the domain tables', () => {
    expect(zhCN.plateTypes).toEqual(PLATE_TYPES);
    expect(zhCN.licenceStates).toEqual(LICENCE_STATES);
  });

  it('zh-HK texts are the Traditional counterparts of zh-CN', () => {
    for (const group of ['plateTypes', 'licenceStates', 'docNumberReasons'] as const) {
      for (const [k, v] of Object.entries(zhHK[group])) expect(toSimplified(v), `${group}.${k}`).toBe((zhCN[group] as Record<string, string>)[k]);
    }
  });
});
