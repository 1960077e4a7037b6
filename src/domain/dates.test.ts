import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, addYears, daysBetween, isIsoDate, isoWeekday, shanghaiDate } from './dates.ts';

describe('worked examples', () => {
  it('shanghaiDate is the calendar date at UTC+8', () => {
    expect(shanghaiDate(new Date('2026-11-25T10:00:00+08:00'))).toBe('2026-11-25');
    expect(shanghaiDate(new Date('2026-11-25T15:59:59Z'))).toBe('2026-11-25');
    expect(shanghaiDate(new Date('2026-11-25T16:00:00Z'))).toBe('2026-11-26');
    expect(shanghaiDate(new Date('2025-12-31T16:30:00Z'))).toBe('2026-01-01');
  });

  it('shanghaiDate answers right when calls move back and forth across midnight (it keeps the last date)', () => {
    const instants = ['2026-11-25T15:59:59.999Z', '2026-11-25T16:00:00Z', '2026-11-25T15:59:59.999Z', '1969-12-31T15:59:59Z', '1969-12-31T16:00:00Z', '2026-11-26T15:59:59Z'];
    const expected = ['2026-11-25', '2026-11-26', '2026-11-25', '1969-12-31', '1970-01-01', '2026-11-26'];
    for (let round = 0; round < 2; round++) expect(instants.map((i) => shanghaiDate(new Date(i)))).toEqual(expected);
    expect(() => shanghaiDate(new Date('not a date'))).toThrow(RangeError);
  });

  it('shanghaiDate equals the calendar date of the instant shifted by 8 hours (any order of calls)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -62_000_000_000_000, max: 250_000_000_000_000 }), { minLength: 1, maxLength: 20 }), (ms) => {
        for (const t of ms) expect(shanghaiDate(new Date(t))).toBe(new Date(t + 8 * 3_600_000).toISOString().slice(0, 10));
      }),
    );
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
  it('isIsoDate is the YYYY-MM-DD pattern plus a real calendar date', () => {
    const pattern = (v: string) => {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
      if (!m) return false;
      const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
      if (y < 1 || mo < 1 || mo > 12 || d < 1) return false;
      const dim = mo === 2 ? ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28) : [4, 6, 9, 11].includes(mo) ? 30 : 31;
      return d <= dim;
    };
    const digit = fc.constantFrom(...'0123456789');
    const shaped = fc.tuple(fc.array(digit, { minLength: 4, maxLength: 4 }), fc.array(digit, { minLength: 2, maxLength: 2 }), fc.array(digit, { minLength: 2, maxLength: 2 })).map(([y, m, d]) => `${y.join('')}-${m.join('')}-${d.join('')}`);
    fc.assert(
      fc.property(fc.oneof(shaped, fc.string({ maxLength: 12 })), (v) => {
        expect(isIsoDate(v)).toBe(pattern(v));
      }),
      { numRuns: 20_000 },
    );
  });

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

describe('weekdays and years (helpers for points, licences and working days)', () => {
  it('isoWeekday: Monday 1 … Sunday 7', () => {
    expect(isoWeekday('2026-11-23')).toBe(1);
    expect(isoWeekday('2026-11-25')).toBe(3);
    expect(isoWeekday('2026-11-29')).toBe(7);
    expect(isoWeekday('2000-01-01')).toBe(6);
    expect(() => isoWeekday('2026-02-29')).toThrow(RangeError);
  });

  it('addYears keeps month and day; Feb 29 goes to Feb 28 (month end) or Mar 1 (next day) in common years', () => {
    expect(addYears('2020-06-10', 6)).toBe('2026-06-10');
    expect(addYears('2026-06-10', -6)).toBe('2020-06-10');
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(addYears('2024-02-29', 1, 'next_day')).toBe('2025-03-01');
    expect(addYears('2024-02-29', 4, 'next_day')).toBe('2028-02-29');
    expect(addYears('2000-02-29', 100)).toBe('2100-02-28');
    expect(() => addYears('2024-02-30', 1)).toThrow(RangeError);
    expect(() => addYears('9999-01-01', 1)).toThrow(RangeError);
  });

  it('isoWeekday agrees with the weekday seven days on, and addYears with the Intl calendar', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }), fc.integer({ min: -50, max: 50 }), (d, years) => {
        const day = d.toISOString().slice(0, 10);
        expect(isoWeekday(addDays(day, 7))).toBe(isoWeekday(day));
        expect(isoWeekday(day)).toBe(d.getUTCDay() === 0 ? 7 : d.getUTCDay());
        const later = addYears(day, years);
        expect(Number(later.slice(0, 4))).toBe(Number(day.slice(0, 4)) + years);
        if (day.slice(5) !== '02-29') expect(later.slice(5)).toBe(day.slice(5));
      }),
    );
  });
});
