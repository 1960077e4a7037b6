import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { gestureToString, isValidGesturePattern } from './gestures.ts';

describe('worked examples (API.md: 4–9 distinct dots numbered 0–8)', () => {
  it('accepts patterns of 4–9 distinct dots', () => {
    expect(isValidGesturePattern([0, 4, 8, 5])).toBe(true);
    expect(isValidGesturePattern([0, 1, 2, 3, 4, 5, 6, 7, 8])).toBe(true);
    expect(gestureToString([0, 4, 8, 5])).toBe('0-4-8-5');
  });

  it('refuses short, long, repeated, out-of-range and non-integer patterns', () => {
    expect(isValidGesturePattern([0, 1, 2])).toBe(false);
    expect(isValidGesturePattern([0, 1, 2, 3, 4, 5, 6, 7, 8, 0])).toBe(false);
    expect(isValidGesturePattern([0, 1, 1, 2])).toBe(false);
    expect(isValidGesturePattern([0, 1, 2, 9])).toBe(false);
    expect(isValidGesturePattern([0, 1, 2, -1])).toBe(false);
    expect(isValidGesturePattern([0, 1, 2, 3.5])).toBe(false);
    expect(isValidGesturePattern(['0', '1', '2', '3'])).toBe(false);
    expect(isValidGesturePattern('0-1-2-3')).toBe(false);
    expect(isValidGesturePattern(null)).toBe(false);
    expect(() => gestureToString([0, 1])).toThrow(RangeError);
  });
});

describe('properties', () => {
  const pattern = fc.shuffledSubarray([0, 1, 2, 3, 4, 5, 6, 7, 8], { minLength: 4, maxLength: 9 });

  it('every valid pattern has a distinct, reversible text form', () => {
    fc.assert(
      fc.property(pattern, pattern, (a, b) => {
        expect(isValidGesturePattern(a)).toBe(true);
        expect(gestureToString(a).split('-').map(Number)).toEqual(a);
        expect(gestureToString(a) === gestureToString(b)).toBe(a.join() === b.join());
      }),
    );
  });

  it('random input never throws', () => {
    fc.assert(
      fc.property(fc.anything(), (v) => {
        expect(typeof isValidGesturePattern(v)).toBe('boolean');
      }),
    );
  });
});
