import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PLATE_TYPES, isPlateType, plateColour, validatePlate } from './plates.ts';

/** Any text: graphemes from all of Unicode, and raw UTF-16 units (lone surrogates included). */
const anyText = (maxLength: number) =>
  fc.oneof(fc.string({ unit: 'grapheme', maxLength }), fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength }));

describe('worked examples (REFERENCE.md §5)', () => {
  it('every plate type code of the reference', () => {
    expect(Object.keys(PLATE_TYPES).sort()).toEqual(['01', '02', '03', '04', '05', '06', '07', '08', '13', '14', '15', '16', '20', '22', '23', '26', '27', '51', '52', '99']);
    expect(PLATE_TYPES['02']).toBe('小型汽车');
    expect(PLATE_TYPES['52']).toBe('小型新能源汽车');
    expect(isPlateType('20')).toBe(true);
    expect(isPlateType('2')).toBe(false);
    expect(isPlateType('toString')).toBe(false);
  });

  it('ordinary plates: province + letter + 5 letters/digits, no I or O', () => {
    expect(validatePlate('粤B12345', '02')).toEqual({ ok: true, value: '粤B12345' });
    expect(validatePlate(' 粤b·12345 ', '02')).toEqual({ ok: true, value: '粤B12345' });
    expect(validatePlate('粤 B 1234X', '01')).toEqual({ ok: true, value: '粤B1234X' });
    expect(validatePlate('粤Ｂ１２３４５', '02')).toEqual({ ok: true, value: '粤B12345' });
    expect(validatePlate('粤B1234O', '02')).toEqual({ ok: false, reason: 'format' });
    expect(validatePlate('粤I12345', '02')).toEqual({ ok: false, reason: 'format' });
    expect(validatePlate('港B12345', '02')).toEqual({ ok: false, reason: 'format' });
    expect(validatePlate('粤B1234', '02')).toEqual({ ok: false, reason: 'format' });
    expect(validatePlate('', '02')).toEqual({ ok: false, reason: 'empty' });
    expect(validatePlate('粤B12345', '00')).toEqual({ ok: false, reason: 'plate_type' });
  });

  it('new-energy plates: small (energy letter first) and large (energy letter last)', () => {
    expect(validatePlate('粤BD12345', '52')).toEqual({ ok: true, value: '粤BD12345' });
    expect(validatePlate('粤BDA1288', '52')).toEqual({ ok: true, value: '粤BDA1288' });
    expect(validatePlate('粤BF12345', '52')).toMatchObject({ ok: true });
    expect(validatePlate('粤B12345D', '51')).toEqual({ ok: true, value: '粤B12345D' });
    expect(validatePlate('粤BDA12X8', '52')).toEqual({ ok: false, reason: 'format' });
    expect(validatePlate('粤BZ12345', '52')).toEqual({ ok: false, reason: 'format' });
    // the usual mistake: a new-energy plate entered as an ordinary small car
    expect(validatePlate('粤BD12345', '02')).toEqual({ ok: false, reason: 'type_mismatch' });
    expect(validatePlate('粤B12345', '52')).toEqual({ ok: false, reason: 'type_mismatch' });
  });

  it('special plates', () => {
    expect(validatePlate('粤Z1234港', '26')).toEqual({ ok: true, value: '粤Z1234港' });
    expect(validatePlate('粤ZA123澳', '27')).toEqual({ ok: true, value: '粤ZA123澳' });
    expect(validatePlate('粤Z1234港', '27')).toEqual({ ok: false, reason: 'type_mismatch' });
    expect(validatePlate('粤B1234学', '16')).toMatchObject({ ok: true });
    expect(validatePlate('粤B1234挂', '15')).toMatchObject({ ok: true });
    expect(validatePlate('粤B1234警', '23')).toMatchObject({ ok: true });
    expect(validatePlate('粤A1234领', '04')).toMatchObject({ ok: true });
    expect(validatePlate('使014578', '03')).toMatchObject({ ok: true });
    expect(validatePlate('014578使', '03')).toMatchObject({ ok: true });
  });

  it('Hong Kong plates for 港车北上 (type 20)', () => {
    expect(validatePlate('AB1234', '20', 'hk_northbound')).toEqual({ ok: true, value: 'AB1234' });
    expect(validatePlate('ab 1234', '20', 'hk_northbound')).toEqual({ ok: true, value: 'AB1234' });
    expect(validatePlate('XY8', '20', 'hk_northbound')).toEqual({ ok: true, value: 'XY8' });
    // personalised marks
    expect(validatePlate('I  LOVE U', '20', 'hk_northbound')).toEqual({ ok: true, value: 'I LOVE U' });
    expect(validatePlate('BOND007', '20', 'hk_northbound')).toEqual({ ok: true, value: 'BOND007' });
    expect(validatePlate('TOO LONG NAME', '20', 'hk_northbound')).toEqual({ ok: false, reason: 'format' });
    expect(validatePlate('1234', '20', 'hk_northbound')).toEqual({ ok: false, reason: 'format' });
    expect(validatePlate('AB1234', '02', 'hk_northbound')).toEqual({ ok: false, reason: 'scheme_mismatch' });
    expect(validatePlate('AB1234', '20')).toEqual({ ok: false, reason: 'format' });
  });

  it('Macau plates for 澳车北上 (type 20)', () => {
    expect(validatePlate('MX-12-34', '20', 'mo_northbound')).toEqual({ ok: true, value: 'MX-12-34' });
    expect(validatePlate('mx1234', '20', 'mo_northbound')).toEqual({ ok: true, value: 'MX-12-34' });
    expect(validatePlate('MX 12 34', '20', 'mo_northbound')).toEqual({ ok: true, value: 'MX-12-34' });
    expect(validatePlate('MX-123-4', '20', 'mo_northbound')).toEqual({ ok: false, reason: 'format' });
    expect(validatePlate('A12345', '20', 'mo_northbound')).toEqual({ ok: false, reason: 'format' });
    expect(validatePlate('MX-12-34', '27')).toEqual({ ok: false, reason: 'format' });
  });

  it('plate colours', () => {
    expect(plateColour('粤B12345', '02')).toBe('blue');
    expect(plateColour('粤B12345', '01')).toBe('yellow');
    expect(plateColour('粤BD12345', '52')).toBe('green');
    expect(plateColour('粤B12345D', '51')).toBe('yellow-green');
    expect(plateColour('粤Z1234港', '26')).toBe('black');
    expect(plateColour('粤B1234警', '23')).toBe('white');
    expect(plateColour('AB1234', '20')).toBe('hk');
    expect(plateColour('MX-12-34', '20')).toBe('mo');
    // canonical forms tell them apart: Hong Kong marks never carry dashes
    expect(plateColour('MX1234', '20')).toBe('hk');
  });
});

describe('properties', () => {
  const province = fc.constantFrom(...'京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼'.split(''));
  const letter = fc.constantFrom(...'ABCDEFGHJKLMNPQRSTUVWXYZ'.split(''));
  const serialChar = fc.constantFrom(...'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789'.split(''));
  const digit = fc.constantFrom(...'0123456789'.split(''));
  const energy = fc.constantFrom(...'ABCDEFGHJK'.split(''));
  const ordinary = fc.tuple(province, letter, fc.array(serialChar, { minLength: 5, maxLength: 5 })).map(([p, l, s]) => p + l + s.join(''));
  const small = fc.tuple(province, letter, energy, serialChar, fc.array(digit, { minLength: 4, maxLength: 4 })).map(([p, l, e, c, d]) => p + l + e + c + d.join(''));
  const large = fc.tuple(province, letter, fc.array(digit, { minLength: 5, maxLength: 5 }), energy).map(([p, l, d, e]) => p + l + d.join('') + e);
  const hk = fc.tuple(fc.constantFrom(...'ABCDEFGHJKLMNPRSTUVWXYZ'.split('')), fc.constantFrom(...'ABCDEFGHJKLMNPRSTUVWXYZ'.split('')), fc.integer({ min: 1, max: 9999 })).map(([a, b, n]) => `${a}${b}${n}`);
  const macau = fc.tuple(letter, letter, fc.integer({ min: 0, max: 9999 })).map(([a, b, n]) => `${a}${b}-${String(n).padStart(4, '0').slice(0, 2)}-${String(n).padStart(4, '0').slice(2)}`);

  it('valid plates round-trip, also when typed with separators or in lower case', () => {
    const cases: Array<[fc.Arbitrary<string>, string, 'mainland' | 'hk_northbound' | 'mo_northbound']> = [
      [ordinary, '02', 'mainland'],
      [small, '52', 'mainland'],
      [large, '51', 'mainland'],
      [hk, '20', 'hk_northbound'],
      [macau, '20', 'mo_northbound'],
    ];
    for (const [arb, type, scheme] of cases) {
      fc.assert(
        fc.property(arb, fc.boolean(), (plate, messy) => {
          expect(validatePlate(plate, type, scheme)).toEqual({ ok: true, value: plate });
          const typed = messy ? ` ${plate.toLowerCase()} ` : plate;
          expect(validatePlate(typed, type, scheme)).toEqual({ ok: true, value: plate });
        }),
      );
    }
  });

  it('a plate already canonical gets the same answer as the same plate typed with a space around it (the fast path changes nothing)', () => {
    const nearlyCanonical = fc.oneof(ordinary, small, large, hk, macau, anyText(10), fc.tuple(ordinary, fc.constantFrom('挂', '学', '警', '领', '港', '澳', 'I', 'O', 'a', '１')).map(([p, c]) => p.slice(0, 6) + c));
    fc.assert(
      fc.property(nearlyCanonical, fc.constantFrom(...Object.keys(PLATE_TYPES)), (plate, type) => {
        // A surrounding space is trimmed by the normalising, and keeps the fast path from answering.
        expect(validatePlate(plate, type)).toEqual(validatePlate(` ${plate} `, type));
      }),
      { numRuns: 2000 },
    );
  });

  it('an ordinary plate with any serial character replaced by I or O is refused', () => {
    fc.assert(
      fc.property(ordinary, fc.integer({ min: 1, max: 6 }), fc.constantFrom('I', 'O'), (plate, i, c) => {
        expect(validatePlate(plate.slice(0, i) + c + plate.slice(i + 1), '02').ok).toBe(false);
      }),
    );
  });

  it('random input never throws; accepted values are canonical', () => {
    fc.assert(
      fc.property(
        anyText(12),
        fc.constantFrom(...Object.keys(PLATE_TYPES), 'xx'),
        fc.constantFrom('mainland', 'hk_northbound', 'mo_northbound') as fc.Arbitrary<'mainland' | 'hk_northbound' | 'mo_northbound'>,
        (s, type, scheme) => {
          const r = validatePlate(s, type, scheme);
          if (r.ok) expect(validatePlate(r.value, type, scheme)).toEqual(r);
          expect(typeof plateColour(s, type)).toBe('string');
        },
      ),
    );
  });
});
