import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatClock, formatDay, formatDayOrInstant, groupArchiveNumber, isArchiveNumber, normalizeArchiveInput, pointsLevel } from './format.ts';

describe('formatDay', () => {
  it('prints a Beijing calendar date in each language without moving it', () => {
    expect(formatDay('2026-11-25', 'zh-CN')).toBe('2026年11月25日');
    expect(formatDay('2026-11-25', 'zh-HK')).toBe('2026年11月25日');
    expect(formatDay('2026-11-25', 'en')).toBe('25 Nov 2026');
  });
  it('leaves anything that is not a date as it came', () => {
    expect(formatDay('soon', 'en')).toBe('soon');
  });
});

describe('formatDayOrInstant', () => {
  it('shows an instant in Beijing time', () => {
    // 16:00 UTC is midnight the next day in Beijing.
    expect(formatDayOrInstant('2026-11-26T16:00:00Z', 'en')).toBe('27 Nov 2026, 00:00');
    expect(formatDayOrInstant('2026-11-26', 'en')).toBe('26 Nov 2026');
  });
});

describe('formatClock', () => {
  it('is Beijing wall-clock time, to the second', () => {
    expect(formatClock(Date.parse('2026-11-25T02:00:05Z'))).toBe('2026-11-25 10:00:05');
    expect(formatClock(Date.parse('2026-12-31T16:00:00Z'), false)).toBe('2027-01-01 00:00');
  });
});

describe('archive number input', () => {
  it('keeps digits only, half-width, at most 12', () => {
    expect(normalizeArchiveInput('4403 0010 0001')).toBe('440300100001');
    expect(normalizeArchiveInput('４４０３-００１０')).toBe('44030010');
    expect(normalizeArchiveInput('1234567890123456')).toBe('123456789012');
  });
  it('accepts exactly 12 digits', () => {
    expect(isArchiveNumber('440300100001')).toBe(true);
    expect(isArchiveNumber('44030010000')).toBe(false);
    expect(isArchiveNumber('44030010000a')).toBe(false);
  });
  it('normalised input is always digits and never longer than 12, for any text', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const n = normalizeArchiveInput(s);
        expect(n).toMatch(/^\d{0,12}$/);
        expect(normalizeArchiveInput(n)).toBe(n);
      }),
    );
  });
  it('groups digits for reading back without changing them', () => {
    expect(groupArchiveNumber('440300100001')).toBe('4403 0010 0001');
    fc.assert(fc.property(fc.stringMatching(/^\d{0,12}$/), (d) => {
        expect(groupArchiveNumber(d).replace(/ /g, '')).toBe(d);
      }),
    );
  });
});

describe('pointsLevel', () => {
  it('grades a cycle’s points', () => {
    expect(pointsLevel(0)).toBe('clear');
    expect(pointsLevel(3)).toBe('some');
    expect(pointsLevel(9)).toBe('high');
    expect(pointsLevel(12)).toBe('full');
    expect(pointsLevel(15)).toBe('full');
  });
});
