import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DOC_TYPES, DOC_TYPE_INFO, cnIdCheckChar, hkIdCheckChar, isDocType, maskDocNumber, parseDocNumber, type DocType } from './id-documents.ts';

/** Any text: graphemes from all of Unicode, and raw UTF-16 units (lone surrogates included). */
const anyText = (maxLength: number) =>
  fc.oneof(fc.string({ unit: 'grapheme', maxLength }), fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength }));

const TODAY = '2026-11-25';

describe('worked examples (REFERENCE.md §1)', () => {
  it('cn_id: the MOD 11-2 check and what the number tells', () => {
    // 1×7+1×9+0+1×5+0+5×4+1×2+9×1+4×6+9×3+1×7+2×9+3×10+1×5+0+0+2×2 = 167; 167 mod 11 = 2 → 'X'
    expect(cnIdCheckChar('11010519491231002')).toBe('X');
    expect(parseDocNumber('cn_id', '11010519491231002X', TODAY)).toEqual({ ok: true, value: '11010519491231002X', changed: false, birthDate: '1949-12-31', sex: 'F' });
    expect(parseDocNumber('cn_id', '11010519491231002x', TODAY)).toMatchObject({ ok: true, value: '11010519491231002X', changed: true });
    expect(parseDocNumber('cn_id', ' 440305 19900307 0014 ', TODAY)).toMatchObject({ ok: true, value: '440305199003070014', changed: true, sex: 'M' });
    expect(parseDocNumber('cn_id', '４４０３０５１９９００３０７００１４', TODAY)).toMatchObject({ ok: true, value: '440305199003070014' });
  });

  it('cn_id: each failure names its reason', () => {
    expect(parseDocNumber('cn_id', '', TODAY)).toEqual({ ok: false, reason: 'empty' });
    expect(parseDocNumber('cn_id', '   ', TODAY)).toEqual({ ok: false, reason: 'empty' });
    expect(parseDocNumber('cn_id', '1101051949123100', TODAY)).toEqual({ ok: false, reason: 'format' });
    expect(parseDocNumber('cn_id', '110105194912310021', TODAY)).toEqual({ ok: false, reason: 'checksum' });
    // 2023-02-29 does not exist
    const feb29 = '44030520230229001';
    expect(parseDocNumber('cn_id', feb29 + cnIdCheckChar(feb29), TODAY)).toEqual({ ok: false, reason: 'birth_date' });
    // born tomorrow
    const future = '44030520261126001';
    expect(parseDocNumber('cn_id', future + cnIdCheckChar(future), TODAY)).toEqual({ ok: false, reason: 'birth_date' });
    expect(parseDocNumber('cn_id', future + cnIdCheckChar(future))).toMatchObject({ ok: true });
    // 99: no such province; 81: a residence-permit region, not an ID card
    const noProvince = '99030519900307001';
    expect(parseDocNumber('cn_id', noProvince + cnIdCheckChar(noProvince), TODAY)).toEqual({ ok: false, reason: 'region' });
    expect(parseDocNumber('cn_id', '810000199001011230', TODAY)).toEqual({ ok: false, reason: 'region' });
  });

  it('residence_permit: as cn_id with region 810000 / 820000 / 830000', () => {
    expect(parseDocNumber('residence_permit', '810000199001011230', TODAY)).toEqual({ ok: true, value: '810000199001011230', changed: false, birthDate: '1990-01-01', sex: 'M' });
    expect(parseDocNumber('residence_permit', '820000198503024565', TODAY)).toMatchObject({ ok: true, sex: 'F' });
    expect(parseDocNumber('residence_permit', '830000200002290015', TODAY)).toMatchObject({ ok: true, birthDate: '2000-02-29' });
    expect(parseDocNumber('residence_permit', '440305199003070014', TODAY)).toEqual({ ok: false, reason: 'region' });
    expect(parseDocNumber('residence_permit', '810000199001011231', TODAY)).toEqual({ ok: false, reason: 'checksum' });
  });

  it('foreigner_pr: 2023 card (18 digits, leading 9, MOD 11-2) and 2017 card (15 chars)', () => {
    expect(parseDocNumber('foreigner_pr', '944840198503020017', TODAY)).toEqual({ ok: true, value: '944840198503020017', changed: false, birthDate: '1985-03-02' });
    expect(parseDocNumber('foreigner_pr', '944840198503020018', TODAY)).toEqual({ ok: false, reason: 'checksum' });
    expect(parseDocNumber('foreigner_pr', '844840198503020017', TODAY)).toEqual({ ok: false, reason: 'format' });
    expect(parseDocNumber('foreigner_pr', 'usa310085030201', TODAY)).toEqual({ ok: true, value: 'USA310085030201', changed: true });
    expect(parseDocNumber('foreigner_pr', 'USA310085133201', TODAY)).toEqual({ ok: false, reason: 'birth_date' });
    expect(parseDocNumber('foreigner_pr', 'US3100850302011', TODAY)).toEqual({ ok: false, reason: 'format' });
  });

  it('hkmo_permit: renewal digits are dropped', () => {
    expect(parseDocNumber('hkmo_permit', 'H12345678', TODAY)).toEqual({ ok: true, value: 'H12345678', changed: false });
    expect(parseDocNumber('hkmo_permit', 'H1234567801', TODAY)).toEqual({ ok: true, value: 'H12345678', changed: true });
    expect(parseDocNumber('hkmo_permit', 'm87654321', TODAY)).toEqual({ ok: true, value: 'M87654321', changed: true });
    expect(parseDocNumber('hkmo_permit', 'H123456780', TODAY)).toEqual({ ok: false, reason: 'format' });
    expect(parseDocNumber('hkmo_permit', 'A12345678', TODAY)).toEqual({ ok: false, reason: 'format' });
  });

  it('tw_permit: 8 digits', () => {
    expect(parseDocNumber('tw_permit', '12345678', TODAY)).toEqual({ ok: true, value: '12345678', changed: false });
    expect(parseDocNumber('tw_permit', '1234567', TODAY)).toEqual({ ok: false, reason: 'format' });
  });

  it('hk_id: check character and bracket normalisation', () => {
    // " A123456": 36×9 + 10×8 + 1×7 + 2×6 + 3×5 + 4×4 + 5×3 + 6×2 = 481; 481 mod 11 = 8; 11 − 8 = 3
    expect(hkIdCheckChar('A123456')).toBe('3');
    // " G123456": 324 + 16×8 + 77 = 529; 529 mod 11 = 1; 11 − 1 = 10 → 'A'
    expect(hkIdCheckChar('G123456')).toBe('A');
    expect(hkIdCheckChar('AB987654')).toBe('3');
    expect(parseDocNumber('hk_id', 'A123456(3)', TODAY)).toEqual({ ok: true, value: 'A123456(3)', changed: false });
    expect(parseDocNumber('hk_id', 'A1234563', TODAY)).toEqual({ ok: true, value: 'A123456(3)', changed: true });
    expect(parseDocNumber('hk_id', 'A123456（3）', TODAY)).toEqual({ ok: true, value: 'A123456(3)', changed: true });
    expect(parseDocNumber('hk_id', 'a123456 (3)', TODAY)).toEqual({ ok: true, value: 'A123456(3)', changed: true });
    expect(parseDocNumber('hk_id', 'G123456(a)', TODAY)).toEqual({ ok: true, value: 'G123456(A)', changed: true });
    expect(parseDocNumber('hk_id', 'AB987654(3)', TODAY)).toMatchObject({ ok: true });
    expect(parseDocNumber('hk_id', 'A123456(4)', TODAY)).toEqual({ ok: false, reason: 'checksum' });
    expect(parseDocNumber('hk_id', 'A12345(3)', TODAY)).toEqual({ ok: false, reason: 'format' });
    expect(parseDocNumber('hk_id', 'A123456(3', TODAY)).toEqual({ ok: false, reason: 'format' });
  });

  it('mo_id: shape only; old slash form normalised', () => {
    expect(parseDocNumber('mo_id', '1234567(8)', TODAY)).toEqual({ ok: true, value: '1234567(8)', changed: false });
    expect(parseDocNumber('mo_id', '1/234567/8', TODAY)).toEqual({ ok: true, value: '1234567(8)', changed: true });
    expect(parseDocNumber('mo_id', '12345678', TODAY)).toEqual({ ok: true, value: '1234567(8)', changed: true });
    expect(parseDocNumber('mo_id', '5234567（8）', TODAY)).toEqual({ ok: true, value: '5234567(8)', changed: true });
    expect(parseDocNumber('mo_id', '2234567(8)', TODAY)).toEqual({ ok: false, reason: 'format' });
    expect(parseDocNumber('mo_id', '1234567(8', TODAY)).toEqual({ ok: false, reason: 'format' });
    expect(parseDocNumber('mo_id', '1/2345678', TODAY)).toEqual({ ok: false, reason: 'format' });
  });

  it('passport: 5–17 letters or digits', () => {
    expect(parseDocNumber('passport', 'e12345678', TODAY)).toEqual({ ok: true, value: 'E12345678', changed: true });
    expect(parseDocNumber('passport', 'A1234', TODAY)).toMatchObject({ ok: true });
    expect(parseDocNumber('passport', 'A123', TODAY)).toEqual({ ok: false, reason: 'format' });
    expect(parseDocNumber('passport', 'A'.repeat(18), TODAY)).toEqual({ ok: false, reason: 'format' });
    expect(parseDocNumber('passport', 'E1234-5678', TODAY)).toEqual({ ok: false, reason: 'format' });
  });

  it('document type table', () => {
    expect(DOC_TYPES).toHaveLength(8);
    expect(DOC_TYPE_INFO.cn_id).toEqual({ registryLetter: 'A', verification: 'registry' });
    expect(DOC_TYPE_INFO.residence_permit).toEqual({ registryLetter: 'Q', verification: 'registry' });
    expect(DOC_TYPE_INFO.foreigner_pr).toEqual({ registryLetter: 'I', verification: 'registry' });
    for (const t of ['hkmo_permit', 'tw_permit', 'hk_id', 'mo_id', 'passport'] as const) expect(DOC_TYPE_INFO[t]).toEqual({ registryLetter: 'F', verification: 'manual' });
    expect(isDocType('hk_id')).toBe(true);
    expect(isDocType('HK_ID')).toBe(false);
    expect(isDocType('toString')).toBe(false);
    expect(isDocType(undefined)).toBe(false);
  });

  it('masking keeps the first and last 4, less for short values', () => {
    expect(maskDocNumber('440305199003070014')).toBe('4403**********0014');
    expect(maskDocNumber('A123456(3)')).toBe('A1*****(3)');
    expect(maskDocNumber('1234567(8)')).toBe('12*****(8)');
    expect(maskDocNumber('H12345678')).toBe('H1*****78');
    expect(maskDocNumber('12345678')).toBe('12****78');
    expect(maskDocNumber('abc')).toBe('***');
    expect(maskDocNumber('')).toBe('');
  });
});

// ---- property tests ------------------------------------------------------------------

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const isoDate = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2026-11-25T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const mainlandRegion = fc.constantFrom('110105', '310115', '440305', '440402', '500103', '650102', '429004', '130100');

const cnId = fc.tuple(mainlandRegion, isoDate, fc.integer({ min: 0, max: 999 })).map(([region, date, seq]) => {
  const first17 = region + date.replaceAll('-', '') + pad(seq, 3);
  return first17 + cnIdCheckChar(first17);
});
const residencePermit = fc.tuple(fc.constantFrom('810000', '820000', '830000'), isoDate, fc.integer({ min: 0, max: 999 })).map(([region, date, seq]) => {
  const first17 = region + date.replaceAll('-', '') + pad(seq, 3);
  return first17 + cnIdCheckChar(first17);
});
const foreignerPr = fc.tuple(fc.constantFrom('11', '31', '44'), fc.integer({ min: 0, max: 999 }), isoDate, fc.integer({ min: 0, max: 999 })).map(([prov, nat, date, seq]) => {
  const first17 = `9${prov}${pad(nat, 3)}${date.replaceAll('-', '')}${pad(seq, 3)}`;
  return first17 + cnIdCheckChar(first17);
});
const letter = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ');
const hkId = fc.tuple(fc.array(letter, { minLength: 1, maxLength: 2 }), fc.integer({ min: 0, max: 999_999 })).map(([letters, n]) => {
  const body = letters.join('') + pad(n, 6);
  return `${body}(${hkIdCheckChar(body)})`;
});
const moId = fc.tuple(fc.constantFrom('1', '5', '7'), fc.integer({ min: 0, max: 999_999 }), fc.integer({ min: 0, max: 9 })).map(([a, n, c]) => `${a}${pad(n, 6)}(${c})`);
const hkmo = fc.tuple(fc.constantFrom('H', 'M'), fc.integer({ min: 0, max: 99_999_999 })).map(([l, n]) => l + pad(n, 8));
const passport = fc.stringMatching(/^[A-Z0-9]{5,17}$/);

const valid: Array<[DocType, fc.Arbitrary<string>]> = [
  ['cn_id', cnId],
  ['residence_permit', residencePermit],
  ['foreigner_pr', foreignerPr],
  ['hk_id', hkId],
  ['mo_id', moId],
  ['hkmo_permit', hkmo],
  ['tw_permit', fc.stringMatching(/^\d{8}$/)],
  ['passport', passport],
];

/** Full-width forms, lower case and stray spaces: what phones' input methods produce. */
const messUp = (v: string, mode: number) => {
  const fullWidth = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
  switch (mode) {
    case 0:
      return v.toLowerCase();
    case 1:
      return fullWidth(v);
    case 2:
      return `  ${v.slice(0, 4)} ${v.slice(4)}\t`;
    default:
      return v;
  }
};

describe('properties', () => {
  for (const [docType, arb] of valid) {
    it(`${docType}: valid numbers are accepted unchanged and survive input mess`, () => {
      fc.assert(
        fc.property(arb, fc.integer({ min: 0, max: 3 }), (v, mode) => {
          expect(parseDocNumber(docType, v, TODAY)).toMatchObject({ ok: true, value: v, changed: false });
          const messy = messUp(v, mode);
          const r = parseDocNumber(docType, messy, TODAY);
          expect(r).toMatchObject({ ok: true, value: v, changed: messy !== v });
        }),
      );
    });
  }

  const digits = '0123456789'.split('');
  const changeOne = (v: string, i: number, alphabet: string[], pick: number) => {
    const choices = alphabet.filter((c) => c !== v[i]);
    return v.slice(0, i) + choices[pick % choices.length] + v.slice(i + 1);
  };

  for (const [docType, arb] of [['cn_id', cnId], ['residence_permit', residencePermit], ['foreigner_pr', foreignerPr]] as const) {
    it(`${docType}: any one-character change fails (MOD 11-2 catches every substitution)`, () => {
      fc.assert(
        fc.property(arb, fc.nat(17), fc.nat(), (v, i, pick) => {
          const changed = changeOne(v, i, [...digits, 'X', 'A', '-'], pick);
          expect(parseDocNumber(docType, changed, TODAY).ok).toBe(false);
        }),
      );
    });
  }

  it('hk_id: any change to a digit or to the check character fails', () => {
    // Only digit and check positions: two letters 11 apart (A=10, L=21) weigh the same mod 11,
    // so the published algorithm cannot catch every letter substitution.
    fc.assert(
      fc.property(hkId, fc.nat(), fc.nat(), (v, k, pick) => {
        const open = v.indexOf('(');
        const positions = [...Array.from({ length: 6 }, (_, j) => open - 6 + j), open + 1];
        const i = positions[k % positions.length]!;
        const alphabet = i === open + 1 ? [...digits, 'A'] : digits;
        expect(parseDocNumber('hk_id', changeOne(v, i, alphabet, pick), TODAY).ok).toBe(false);
      }),
    );
  });

  it('random input never throws and never yields a non-canonical value', () => {
    fc.assert(
      fc.property(fc.constantFrom(...DOC_TYPES), fc.oneof(anyText(20), fc.stringMatching(/^[0-9A-Z()（）/ xX]{0,20}$/)), (docType, raw) => {
        const r = parseDocNumber(docType, raw, TODAY);
        if (r.ok) expect(parseDocNumber(docType, r.value, TODAY)).toEqual({ ...r, changed: false });
      }),
    );
  });

  it('a number already canonical gets the same answer as the same number typed with a space in front (the fast path changes nothing)', () => {
    const candidates = fc.oneof(...valid.map(([, arb]) => arb), anyText(20), fc.stringMatching(/^[0-9A-Za-z()（）/ xX!-~]{0,20}$/));
    fc.assert(
      fc.property(fc.constantFrom(...DOC_TYPES), candidates, (docType, raw) => {
        // A space is removed by the normalising and keeps the fast path from answering; only `changed` may differ.
        const fast = parseDocNumber(docType, raw, TODAY);
        const slow = parseDocNumber(docType, ` ${raw}`, TODAY);
        expect(fast.ok ? { ...fast, changed: undefined } : fast).toEqual(slow.ok ? { ...slow, changed: undefined } : slow);
      }),
      { numRuns: 2000 },
    );
  });

  it('masking hides at least half of any value and keeps its length', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 0, maxLength: 40 }), (v) => {
        const masked = maskDocNumber(v);
        const chars = Array.from(masked);
        expect(chars.length).toBe(Array.from(v).length);
        expect(chars.filter((c) => c === '*').length).toBeGreaterThanOrEqual(Math.ceil(chars.length / 2));
      }),
    );
  });
});
