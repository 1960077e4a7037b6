import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, isoWeekday, shanghaiDate } from './dates.ts';
import { addWorkingDays, calendarCovers, endOfNextWorkingDay, isWorkingDay } from './working-days.ts';

describe('worked examples (REFERENCE.md §6, State Council arrangements)', () => {
  it('2025 National Day and Mid-Autumn: Oct 1–8 off, Sunday Sep 28 and Saturday Oct 11 worked', () => {
    for (let d = '2025-10-01'; d <= '2025-10-08'; d = addDays(d, 1)) expect(isWorkingDay(d), d).toBe(false);
    expect(isoWeekday('2025-09-28')).toBe(7);
    expect(isWorkingDay('2025-09-28')).toBe(true);
    expect(isoWeekday('2025-10-11')).toBe(6);
    expect(isWorkingDay('2025-10-11')).toBe(true);
    expect(isWorkingDay('2025-10-09')).toBe(true);
    expect(isWorkingDay('2025-10-12')).toBe(false);
    expect(isWorkingDay('2025-09-27')).toBe(false);
    // Tuesday Sep 30 → the next working day is Thursday Oct 9, after the whole holiday.
    expect(addWorkingDays('2025-09-30', 1)).toBe('2025-10-09');
    expect(addWorkingDays('2025-10-09', -1)).toBe('2025-09-30');
  });

  it('Spring Festival 2026: Feb 15–23 off, Saturdays Feb 14 and Feb 28 worked', () => {
    for (let d = '2026-02-15'; d <= '2026-02-23'; d = addDays(d, 1)) expect(isWorkingDay(d), d).toBe(false);
    expect(isWorkingDay('2026-02-14')).toBe(true);
    expect(isWorkingDay('2026-02-28')).toBe(true);
    expect(isWorkingDay('2026-02-24')).toBe(true);
    // Saturday Feb 14 is a make-up working day, so a photo sent on Friday Feb 13 is due by its end.
    expect(endOfNextWorkingDay(new Date('2026-02-13T18:00:00+08:00'))).toBe('2026-02-14T23:59:59.999+08:00');
    expect(endOfNextWorkingDay(new Date('2026-02-14T10:00:00+08:00'))).toBe('2026-02-24T23:59:59.999+08:00');
  });

  it('a Friday evening is due by the end of Monday', () => {
    expect(endOfNextWorkingDay(new Date('2026-11-20T21:30:00+08:00'))).toBe('2026-11-23T23:59:59.999+08:00');
    expect(endOfNextWorkingDay('2026-11-20T21:30:00+08:00')).toBe('2026-11-23T23:59:59.999+08:00');
    // 23:30 Friday in Shanghai is still Friday afternoon in UTC: Shanghai's date counts.
    expect(endOfNextWorkingDay(new Date('2026-11-20T15:30:00Z'))).toBe('2026-11-23T23:59:59.999+08:00');
    // 00:30 Saturday in Shanghai is Friday in UTC.
    expect(endOfNextWorkingDay(new Date('2026-11-20T16:30:00Z'))).toBe('2026-11-23T23:59:59.999+08:00');
    // A weekday: the next day.
    expect(endOfNextWorkingDay(new Date('2026-11-25T10:00:00+08:00'))).toBe('2026-11-26T23:59:59.999+08:00');
  });

  it('ordinary weekends and weekdays', () => {
    expect(isWorkingDay('2026-11-25')).toBe(true);
    expect(isWorkingDay('2026-11-28')).toBe(false);
    expect(isWorkingDay('2026-11-29')).toBe(false);
    expect(addWorkingDays('2026-11-27', 1)).toBe('2026-11-30');
    expect(addWorkingDays('2026-11-25', 5)).toBe('2026-12-02');
    expect(addWorkingDays('2026-11-28', 0)).toBe('2026-11-28');
  });

  it('covers the years of the package and falls back to weekdays outside them', () => {
    for (let y = 2004; y <= 2026; y++) expect(calendarCovers(y), String(y)).toBe(true);
    expect(calendarCovers(2003)).toBe(false);
    expect(calendarCovers(2099)).toBe(false);
    // 2099-01-01 is a Thursday: without an arrangement it counts as a working day.
    expect(isWorkingDay('2099-01-01')).toBe(true);
    expect(isWorkingDay('2099-01-03')).toBe(false);
    // New Year's Day inside the data is a holiday.
    expect(isWorkingDay('2026-01-01')).toBe(false);
    expect(isWorkingDay('2026-01-04')).toBe(true);
  });

  it('refuses malformed input', () => {
    expect(() => isWorkingDay('2025-02-30')).toThrow(RangeError);
    expect(() => addWorkingDays('2025-10-01', 1.5)).toThrow(RangeError);
    expect(() => endOfNextWorkingDay('not a date')).toThrow(RangeError);
    expect(() => endOfNextWorkingDay(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('properties', () => {
  const instant = fc.date({ min: new Date('2004-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true });
  const day = instant.map(shanghaiDate);

  it('the end of the next working day is a working day, strictly after the input, and no working day lies between', () => {
    fc.assert(
      fc.property(instant, (at) => {
        const end = endOfNextWorkingDay(at);
        expect(end).toMatch(/^\d{4}-\d{2}-\d{2}T23:59:59\.999\+08:00$/);
        const date = end.slice(0, 10);
        expect(isWorkingDay(date)).toBe(true);
        expect(Date.parse(end)).toBeGreaterThan(at.getTime());
        expect(date > shanghaiDate(at)).toBe(true);
        for (let d = addDays(shanghaiDate(at), 1); d < date; d = addDays(d, 1)) expect(isWorkingDay(d)).toBe(false);
      }),
    );
  });

  it('addWorkingDays lands on a working day and counts exactly n working days', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: -30, max: 30 }), (d, n) => {
        const to = addWorkingDays(d, n);
        if (n === 0) {
          expect(to).toBe(d);
          return;
        }
        expect(isWorkingDay(to)).toBe(true);
        const [from, until] = n > 0 ? [addDays(d, 1), to] : [to, addDays(d, -1)];
        let count = 0;
        for (let x = from; x <= until; x = addDays(x, 1)) if (isWorkingDay(x)) count++;
        expect(count).toBe(Math.abs(n));
      }),
    );
  });

  it('every covered year has between 240 and 255 working days', () => {
    for (let y = 2004; y <= 2026; y++) {
      let count = 0;
      for (let d = `${y}-01-01`; d <= `${y}-12-31`; d = addDays(d, 1)) if (isWorkingDay(d)) count++;
      expect(count, String(y)).toBeGreaterThanOrEqual(240);
      expect(count, String(y)).toBeLessThanOrEqual(255);
    }
  });
});
