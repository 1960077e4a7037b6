import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { maskPhone, normalizePhone } from './phones.ts';

/** Any text: graphemes from all of Unicode, and raw UTF-16 units (lone surrogates included). */
const anyText = (maxLength: number) =>
  fc.oneof(fc.string({ unit: 'grapheme', maxLength }), fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength }));

describe('worked examples (REFERENCE.md §1: 1[3-9] + 9 digits)', () => {
  it('normalises separators and the country prefix', () => {
    expect(normalizePhone('13812345678')).toBe('13812345678');
    expect(normalizePhone('138 1234 5678')).toBe('13812345678');
    expect(normalizePhone('138-1234-5678')).toBe('13812345678');
    expect(normalizePhone('+86 138 1234 5678')).toBe('13812345678');
    expect(normalizePhone('0086-13812345678')).toBe('13812345678');
    expect(normalizePhone('１３８１２３４５６７８')).toBe('13812345678');
    expect(normalizePhone('  19912345678 ')).toBe('19912345678');
  });

  it('refuses what is not a mainland mobile number', () => {
    expect(normalizePhone('12812345678')).toBeNull();
    expect(normalizePhone('1381234567')).toBeNull();
    expect(normalizePhone('138123456789')).toBeNull();
    expect(normalizePhone('+852 9123 4567')).toBeNull();
    expect(normalizePhone('8613812345678')).toBeNull();
    expect(normalizePhone('')).toBeNull();
    expect(normalizePhone('1381234567a')).toBeNull();
  });

  it('masks the middle four digits', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('123')).toBe('***');
  });
});

describe('properties', () => {
  const phone = fc.stringMatching(/^1[3-9]\d{9}$/);

  it('valid numbers round-trip through any usual formatting', () => {
    fc.assert(
      fc.property(phone, fc.constantFrom('', '+86', '0086', '+86 '), fc.boolean(), (p, prefix, grouped) => {
        const typed = prefix + (grouped ? `${p.slice(0, 3)} ${p.slice(3, 7)}-${p.slice(7)}` : p);
        expect(normalizePhone(typed)).toBe(p);
        expect(normalizePhone(p)).toBe(p);
      }),
    );
  });

  it('masking keeps only the first 3 and last 4 digits', () => {
    fc.assert(
      fc.property(phone, (p) => {
        const m = maskPhone(p);
        expect(m).toBe(`${p.slice(0, 3)}****${p.slice(7)}`);
      }),
    );
  });

  it('random input never throws and any result is a valid number', () => {
    fc.assert(
      fc.property(anyText(30), (s) => {
        const r = normalizePhone(s);
        if (r !== null) expect(r).toMatch(/^1[3-9]\d{9}$/);
        expect(typeof maskPhone(s)).toBe('string');
      }),
    );
  });
});
