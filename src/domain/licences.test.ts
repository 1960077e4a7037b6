import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LICENCE_CLASSES, LICENCE_STATES, isArchiveNumber, parseLicenceClasses, parseLicenceStatus } from './licences.ts';

describe('worked examples (REFERENCE.md §2)', () => {
  it('the 17 classes, C6 included', () => {
    expect(LICENCE_CLASSES).toEqual(['A1', 'A2', 'A3', 'B1', 'B2', 'C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'D', 'E', 'F', 'M', 'N', 'P']);
  });

  it('parses combined classes', () => {
    expect(parseLicenceClasses('C1')).toEqual(['C1']);
    expect(parseLicenceClasses('C1E')).toEqual(['C1', 'E']);
    expect(parseLicenceClasses('C1 E')).toEqual(['C1', 'E']);
    expect(parseLicenceClasses('A2D')).toEqual(['A2', 'D']);
    expect(parseLicenceClasses('c1, e')).toEqual(['C1', 'E']);
    expect(parseLicenceClasses('EC1')).toEqual(['C1', 'E']);
    expect(parseLicenceClasses('C1C1')).toEqual(['C1']);
    expect(parseLicenceClasses('A1A2B1B2C1C6DEFMNP')).toEqual(['A1', 'A2', 'B1', 'B2', 'C1', 'C6', 'D', 'E', 'F', 'M', 'N', 'P']);
  });

  it('refuses unknown classes and empty input', () => {
    for (const v of ['', ' ', 'C7', 'A', 'C', 'B3', 'G', 'C1X', '1']) expect(parseLicenceClasses(v)).toBeNull();
  });

  it('states: every letter of the reference', () => {
    expect(Object.keys(LICENCE_STATES).join('')).toBe('ABCDEFGHIJKLMNPRSTUZ');
    expect(LICENCE_STATES.A).toBe('正常');
    expect(LICENCE_STATES.B).toBe('超分');
    expect(LICENCE_STATES.M).toBe('逾期未换证');
    expect(LICENCE_STATES.Z).toBe('其他');
    expect(parseLicenceStatus('A')).toEqual(['A']);
    expect(parseLicenceStatus('BH')).toEqual(['B', 'H']);
    for (const v of ['', 'O', 'a', 'AQ', 'A ', 'toString']) expect(parseLicenceStatus(v)).toBeNull();
  });

  it('archive numbers are 12 digits', () => {
    expect(isArchiveNumber('440300123456')).toBe(true);
    for (const v of ['44030012345', '4403001234567', '44030012345a', '', '４４０３００１２３４５６']) expect(isArchiveNumber(v)).toBe(false);
  });
});

describe('properties', () => {
  it('any set of classes round-trips through its printed forms', () => {
    fc.assert(
      fc.property(fc.subarray([...LICENCE_CLASSES], { minLength: 1 }), fc.constantFrom('', ' ', ','), fc.boolean(), (classes, sep, lower) => {
        let printed = classes.join(sep);
        if (lower) printed = printed.toLowerCase();
        expect(parseLicenceClasses(printed)).toEqual(classes);
      }),
    );
  });

  it('any sequence of state letters parses to those letters, deduplicated', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...Object.keys(LICENCE_STATES)), { minLength: 1, maxLength: 6 }), (letters) => {
        expect(parseLicenceStatus(letters.join(''))).toEqual([...new Set(letters)]);
      }),
    );
  });

  it('random input never throws', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (s) => {
        const c = parseLicenceClasses(s);
        if (c) for (const x of c) expect(LICENCE_CLASSES).toContain(x);
        const st = parseLicenceStatus(s);
        if (st) for (const x of st) expect(Object.hasOwn(LICENCE_STATES, x)).toBe(true);
        expect(typeof isArchiveNumber(s)).toBe('boolean');
      }),
    );
  });
});
