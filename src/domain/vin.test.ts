import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isValidVin, vinCheckDigit } from './vin.ts';

/** Any text: graphemes from all of Unicode, and raw UTF-16 units (lone surrogates included). */
const anyText = (maxLength: number) =>
  fc.oneof(fc.string({ unit: 'grapheme', maxLength }), fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength }));

describe('worked examples (GB 16735 / ISO 3779)', () => {
  it('computes the 9th-character check digit', () => {
    // L3 S2 V5 A1 M4 4 1 8 _ C3 2 1 8 4 8 4 7, weights 8 7 6 5 4 3 2 10 0 9 8 7 6 5 4 3 2:
    // 24+14+30+5+16+12+2+80+0+27+16+7+48+20+32+12+14 = 359; 359 mod 11 = 7
    expect(vinCheckDigit('LSVAM4187C2184847')).toBe('7');
    expect(isValidVin('LSVAM4187C2184847')).toBe(true);
    expect(isValidVin('JTDBR32E420123456')).toBe(true);
    // remainder 10 is written X
    expect(vinCheckDigit('1M8GDM9A0KP042788')).toBe('X');
    expect(isValidVin('1M8GDM9AXKP042788')).toBe(true);
  });

  it('refuses wrong check digits, forbidden letters and wrong lengths', () => {
    expect(isValidVin('LSVAM4188C2184847')).toBe(false);
    expect(isValidVin('LSVAM4187C218484')).toBe(false);
    expect(isValidVin('LSVAM4187C21848470')).toBe(false);
    expect(isValidVin('ISVAM4187C2184847')).toBe(false);
    expect(isValidVin('lsvam4187c2184847')).toBe(false);
    expect(() => vinCheckDigit('short')).toThrow(RangeError);
  });
});

const CHARS = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789'.split('');
const vin = fc.array(fc.constantFrom(...CHARS), { minLength: 17, maxLength: 17 }).map((cs) => {
  const v = cs.join('');
  return v.slice(0, 8) + vinCheckDigit(v) + v.slice(9);
});

describe('properties', () => {
  it('a VIN with its computed check digit is valid; any other check character is not', () => {
    fc.assert(
      fc.property(vin, fc.constantFrom(...'0123456789X'.split('')), (v, c) => {
        expect(isValidVin(v)).toBe(true);
        if (c !== v[8]) expect(isValidVin(v.slice(0, 8) + c + v.slice(9))).toBe(false);
      }),
    );
  });

  it('changing any digit outside the check position to another digit fails', () => {
    // Letters share values (A=J=1 …), so only digit-for-digit changes are always caught.
    fc.assert(
      fc.property(vin, fc.nat(16), fc.nat(9), (v, i, d) => {
        fc.pre(i !== 8 && /\d/.test(v[i]!) && String(d) !== v[i]);
        expect(isValidVin(v.slice(0, i) + d + v.slice(i + 1))).toBe(false);
      }),
    );
  });

  it('random input never throws', () => {
    fc.assert(fc.property(anyText(20), (s) => {
      expect(typeof isValidVin(s)).toBe('boolean');
    }));
  });
});
