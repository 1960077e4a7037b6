import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { appendDot, dotAt, dotBetween, dotCenter, isCompletePattern, samePattern } from './gesture.ts';

describe('gesture geometry', () => {
  it('numbers dots row by row and finds them under a point', () => {
    expect(dotCenter(0, 300)).toEqual({ x: 50, y: 50 });
    expect(dotCenter(5, 300)).toEqual({ x: 250, y: 150 });
    expect(dotCenter(7, 300)).toEqual({ x: 150, y: 250 });
    for (let d = 0; d < 9; d++) expect(dotAt(dotCenter(d, 300), 300)).toBe(d);
  });

  it('does not catch a dot from the gap between dots or outside the pad', () => {
    expect(dotAt({ x: 100, y: 100 }, 300)).toBeNull(); // the corner between dots 0, 1, 3 and 4
    expect(dotAt({ x: -1, y: 50 }, 300)).toBeNull();
    expect(dotAt({ x: 50, y: 300 }, 300)).toBeNull();
  });

  it('names the dot halfway between two dots', () => {
    expect(dotBetween(0, 2)).toBe(1);
    expect(dotBetween(0, 8)).toBe(4);
    expect(dotBetween(6, 0)).toBe(3);
    expect(dotBetween(2, 6)).toBe(4);
    expect(dotBetween(0, 1)).toBeNull();
    expect(dotBetween(0, 5)).toBeNull(); // a knight's move passes no dot
  });
});

describe('appendDot', () => {
  it('ignores dots already used and picks up a skipped middle dot', () => {
    expect(appendDot([0], 2)).toEqual([0, 1, 2]);
    expect(appendDot([1, 0], 2)).toEqual([1, 0, 2]); // 1 is used already: the line may cross it
    expect(appendDot([0, 4], 4)).toEqual([0, 4]);
    expect(appendDot([], 8)).toEqual([8]);
    expect(appendDot([3], 9)).toEqual([3]);
  });

  it('always yields distinct dots 0–8, never crossing an unused dot', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 8 }), { maxLength: 30 }), (touches) => {
        const pattern = touches.reduce<number[]>((p, d) => appendDot(p, d), []);
        expect(new Set(pattern).size).toBe(pattern.length);
        expect(pattern.every((d) => d >= 0 && d <= 8)).toBe(true);
        for (let i = 1; i < pattern.length; i++) {
          const mid = dotBetween(pattern[i - 1]!, pattern[i]!);
          if (mid !== null) expect(pattern.slice(0, i)).toContain(mid);
        }
      }),
    );
  });
});

describe('pattern rules', () => {
  it('accepts 4–9 distinct dots only', () => {
    expect(isCompletePattern([0, 1, 2])).toBe(false);
    expect(isCompletePattern([0, 1, 2, 5])).toBe(true);
    expect(isCompletePattern([0, 1, 2, 2])).toBe(false);
    expect(isCompletePattern([0, 1, 2, 3, 4, 5, 6, 7, 8])).toBe(true);
  });

  it('compares patterns in order', () => {
    expect(samePattern([0, 1, 2, 5], [0, 1, 2, 5])).toBe(true);
    expect(samePattern([0, 1, 2, 5], [5, 2, 1, 0])).toBe(false);
    expect(samePattern([0, 1, 2, 5], [0, 1, 2])).toBe(false);
  });
});
