import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, daysBetween, isIsoDate, shanghaiDate } from './dates.ts';

describe('worked examples', () => {
  it('shanghaiDate is the calendar date at UTC+8', () => {
    expect(shanghaiDate(new Date('2026-11-25T10:00:00+08:00'))).toBe('2026-11-25');
    expect(shanghaiDate(new Date('2026-11-25T15:59:59Z'))).toBe('2026-11-25');
    expect(shanghaiDate(new Date('2026-11-25T16:00:00Z'))).toBe('2026-11-26');
    expect(shanghaiDate(new Date('2025-12-31T16:30:00Z'))).toBe('2026-01-01');
  });

  it('isIsoDate accepts only real calendar dates', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2000-02-29')).toBe(true);
    for (const v of ['2023-02-29', '1900-02-29', '2025-04-31', '2025-13-01', '2025-00-10', '2025-1-01', '20250101', '2025-01-01T00:00', '0000-01-01', ''])
      expect(isIsoDate(v)).toBe(false);
  });

  it('day arithmetic (REFERENCE.md §4: decided 2025-11-01 → due 2025-11-16 → paid 2025-11-21: 5 days late)', () => {
    expect(addDays('2025-11-01', 15)).toBe('2025-11-16');
    expect(daysBetween('2025-11-16', '2025-11-21')).toBe(5);
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(() => addDays('2025-02-30', 1)).toThrow(RangeError);
  });
});

describe('properties', () => {
  const instant = fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true });

  it('shanghaiDate agrees with the Asia/Shanghai time-zone database', () => {
    const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
    // China observed DST in 1986–1991; from 1992 on UTC+8 is exact.
    fc.assert(
      fc.property(fc.date({ min: new Date('1992-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }), (d) => {
        expect(shanghaiDate(d)).toBe(fmt.format(d));
      }),
    );
  });

  it('every shanghaiDate is an ISO date; addDays and daysBetween are inverse', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: -4000, max: 4000 }), (d, n) => {
        const day = shanghaiDate(d);
        expect(isIsoDate(day)).toBe(true);
        const later = addDays(day, n);
        expect(isIsoDate(later)).toBe(true);
        expect(daysBetween(day, later)).toBe(n);
      }),
    );
  });

  it('random input never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^\d{4}-\d{2}-\d{2}$/)), (s) => {
        expect(typeof isIsoDate(s)).toBe('boolean');
      }),
    );
  });
});
