import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, addYears, daysBetween, isIsoDate } from './dates.ts';
import {
  POINT_VALUES,
  type PointRecord,
  carriedOver,
  cycleReachedFullPoints,
  cycleTotal,
  daysUntilClearing,
  fineOverdueAt,
  isPointValue,
  nextCycle,
  reachesFullPoints,
  scoringCycle,
} from './points.ts';

describe('scoring cycles (REFERENCE.md §3)', () => {
  it('runs from the first-issue date, each anniversary starting a new cycle', () => {
    expect(scoringCycle('2015-06-10', '2026-11-25')).toEqual({
      firstIssuedOn: '2015-06-10',
      index: 11,
      cycleStart: '2026-06-10',
      cycleEnd: '2027-06-09',
      nextClearingOn: '2027-06-10',
    });
    expect(scoringCycle('2015-06-10', '2026-06-10').cycleStart).toBe('2026-06-10');
    expect(scoringCycle('2015-06-10', '2026-06-09').cycleStart).toBe('2025-06-10');
    expect(scoringCycle('2015-06-10', '2015-06-10')).toMatchObject({ index: 0, cycleStart: '2015-06-10', cycleEnd: '2016-06-09' });
    expect(scoringCycle('2020-01-01', '2026-12-31')).toMatchObject({ cycleStart: '2026-01-01', cycleEnd: '2026-12-31', nextClearingOn: '2027-01-01' });
  });

  it('a February 29 first issue: the anniversary falls on March 1 in common years (our choice; the regulation is silent)', () => {
    expect(scoringCycle('2024-02-29', '2024-12-01')).toMatchObject({ cycleStart: '2024-02-29', cycleEnd: '2025-02-28', nextClearingOn: '2025-03-01' });
    expect(scoringCycle('2024-02-29', '2025-02-28').cycleEnd).toBe('2025-02-28');
    expect(scoringCycle('2024-02-29', '2025-03-01')).toMatchObject({ cycleStart: '2025-03-01', cycleEnd: '2026-02-28' });
    expect(scoringCycle('2024-02-29', '2028-02-28')).toMatchObject({ cycleStart: '2027-03-01', cycleEnd: '2028-02-28' });
    expect(scoringCycle('2024-02-29', '2028-02-29')).toMatchObject({ cycleStart: '2028-02-29', cycleEnd: '2029-02-28' });
  });

  it('days until clearing', () => {
    const c = scoringCycle('2015-06-10', '2027-06-09');
    expect(daysUntilClearing(c, '2027-06-09')).toBe(0);
    expect(daysUntilClearing(c, '2027-06-01')).toBe(8);
  });

  it('refuses a day before the first issue and malformed dates', () => {
    expect(() => scoringCycle('2015-06-10', '2015-06-09')).toThrow(RangeError);
    expect(() => scoringCycle('2015-02-29', '2016-01-01')).toThrow(RangeError);
    expect(() => scoringCycle('2015-06-10', '2026-13-01')).toThrow(RangeError);
  });
});

describe('point values and totals', () => {
  it('values are 12, 9, 6, 3, 1, and a record may carry 0', () => {
    expect([...POINT_VALUES]).toEqual([12, 9, 6, 3, 1]);
    for (const v of [0, 1, 3, 6, 9, 12]) expect(isPointValue(v)).toBe(true);
    for (const v of [2, 4, 5, 7, 8, 10, 11, 13, -1, 1.5, '6', null]) expect(isPointValue(v)).toBe(false);
  });

  it('full points at 12', () => {
    expect(reachesFullPoints(11)).toBe(false);
    expect(reachesFullPoints(12)).toBe(true);
    expect(reachesFullPoints(6, 6)).toBe(true);
    expect(reachesFullPoints(9, 1)).toBe(false);
    expect(reachesFullPoints(9, 3)).toBe(true);
  });

  const first = '2015-06-10';
  const cycle = scoringCycle(first, '2026-11-25'); // 2026-06-10 … 2027-06-09
  const previous = scoringCycle(first, '2026-01-01'); // 2025-06-10 … 2026-06-09

  it('counts the points decided in the cycle, up to a given day', () => {
    const records: PointRecord[] = [
      { points: 6, decidedOn: '2026-07-01', fineDueOn: '2026-07-16', finePaidOn: '2026-07-02' },
      { points: 3, decidedOn: '2026-11-25', fineDueOn: '2026-12-10' },
      { points: 0, decidedOn: '2026-08-01', fineDueOn: '2026-08-16' },
      { points: 1, decidedOn: '2027-06-10', fineDueOn: '2027-06-25' }, // the next cycle
      { points: 9, decidedOn: '2026-06-09', fineDueOn: '2026-06-24', finePaidOn: '2026-06-20' }, // previous cycle, paid
    ];
    expect(cycleTotal(records, cycle)).toBe(9);
    expect(cycleTotal(records, cycle, '2026-11-24')).toBe(6);
    expect(cycleTotal(records, cycle, '2026-06-30')).toBe(0);
    expect(cycleTotal(records, cycle, '2030-01-01')).toBe(9);
    expect(cycleTotal(records, previous)).toBe(9);
    expect(cycleTotal([], cycle)).toBe(0);
  });

  it('at the end of a cycle under 12, points of fines overdue and unpaid carry over; the rest clear', () => {
    const records: PointRecord[] = [
      // Due before the cycle ends, never paid: carries.
      { points: 3, decidedOn: '2026-03-01', fineDueOn: '2026-03-16' },
      // Due before the end, paid only after it: it was overdue at the end, so it carries.
      { points: 1, decidedOn: '2026-04-01', fineDueOn: '2026-04-16', finePaidOn: '2026-06-15' },
      // Paid in time: clears.
      { points: 6, decidedOn: '2026-02-01', fineDueOn: '2026-02-16', finePaidOn: '2026-02-10' },
      // Due after the cycle's end: not overdue yet, clears.
      { points: 1, decidedOn: '2026-06-01', fineDueOn: '2026-06-16' },
    ];
    expect(cycleTotal(records, previous)).toBe(11);
    expect(cycleTotal(records, cycle, cycle.cycleStart)).toBe(4);
    expect(cycleTotal(records, cycle)).toBe(4);
    // Unpaid still at the end of this cycle: carries again into the one after.
    expect(cycleTotal(records, nextCycle(cycle))).toBe(3);
  });

  it('a due date on the cycle’s last day is overdue when the cycle ends', () => {
    const r: PointRecord = { points: 3, decidedOn: '2026-05-25', fineDueOn: '2026-06-09' };
    expect(fineOverdueAt(r, '2026-06-09')).toBe(true);
    expect(fineOverdueAt({ ...r, finePaidOn: '2026-06-09' }, '2026-06-09')).toBe(false);
    expect(fineOverdueAt({ ...r, fineDueOn: '2026-06-10' }, '2026-06-09')).toBe(false);
    expect(fineOverdueAt({ points: 3, decidedOn: '2026-05-25' }, '2026-06-09')).toBe(false);
    expect(cycleTotal([r], cycle)).toBe(3);
  });

  it('at 12 or more nothing clears with the cycle: points stay until the full-points exam', () => {
    const records: PointRecord[] = [
      { points: 6, decidedOn: '2026-03-01', fineDueOn: '2026-03-16', finePaidOn: '2026-03-02' },
      { points: 6, decidedOn: '2026-05-01', fineDueOn: '2026-05-16', finePaidOn: '2026-05-02' },
    ];
    expect(cycleTotal(records, previous)).toBe(12);
    expect(carriedOver(records, previous.cycleEnd)).toHaveLength(2);
    expect(cycleTotal(records, cycle)).toBe(12);
    // Exam passed on 2026-07-20: the points clear from that day.
    const cleared = records.map((r) => ({ ...r, clearedOn: '2026-07-20' }));
    expect(cycleTotal(cleared, cycle, '2026-07-19')).toBe(12);
    expect(cycleTotal(cleared, cycle, '2026-07-20')).toBe(0);
    expect(cycleReachedFullPoints(cleared, previous)).toBe(true);
    expect(cycleReachedFullPoints(cleared, cycle)).toBe(true);
    expect(cycleReachedFullPoints(cleared, nextCycle(cycle))).toBe(false);
  });

  it('a cycle reached full points even if the exam cleared them within it', () => {
    const records: PointRecord[] = [
      { points: 12, decidedOn: '2026-08-01', fineDueOn: '2026-08-16', finePaidOn: '2026-08-01', clearedOn: '2026-09-01' },
      { points: 3, decidedOn: '2026-10-01', fineDueOn: '2026-10-16', finePaidOn: '2026-10-01' },
    ];
    expect(cycleTotal(records, cycle)).toBe(3);
    expect(cycleReachedFullPoints(records, cycle)).toBe(true);
    expect(cycleReachedFullPoints(records.slice(1), cycle)).toBe(false);
  });

  it('refuses bad records', () => {
    expect(() => cycleTotal([{ points: 2, decidedOn: '2026-07-01' }], cycle)).toThrow(RangeError);
    expect(() => cycleTotal([{ points: 3, decidedOn: '2026-07-32' }], cycle)).toThrow(RangeError);
    expect(() => cycleTotal([{ points: 3, decidedOn: '2015-06-09' }], cycle)).toThrow(RangeError);
  });
});

describe('properties', () => {
  const date = fc.date({ min: new Date('1980-01-01T00:00:00Z'), max: new Date('2060-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  const firstAndToday = fc.tuple(date, fc.integer({ min: 0, max: 40 * 366 })).map(([first, n]) => [first, addDays(first, n)] as const);
  const leapFirst = fc.integer({ min: 1980, max: 2056 }).filter((y) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0).map((y) => `${y}-02-29`);

  it('the cycle contains today, is 12 months long, and the next one abuts it', () => {
    fc.assert(
      fc.property(fc.oneof(firstAndToday, fc.tuple(leapFirst, fc.integer({ min: 0, max: 40 * 366 })).map(([f, n]) => [f, addDays(f, n)] as const)), ([first, today]) => {
        const c = scoringCycle(first, today);
        expect(c.cycleStart <= today && today <= c.cycleEnd).toBe(true);
        expect([365, 366]).toContain(daysBetween(c.cycleStart, c.cycleEnd) + 1);
        expect(c.nextClearingOn).toBe(addDays(c.cycleEnd, 1));
        // Twelve months: cycles start on the first-issue month and day (a Feb 29 start: Mar 1 in common years).
        expect(c.cycleStart).toBe(addYears(first, c.index, 'next_day'));
        expect(c.nextClearingOn).toBe(addYears(first, c.index + 1, 'next_day'));
        if (!first.endsWith('-02-29')) expect(c.cycleStart.slice(5)).toBe(first.slice(5));
        else expect(['02-29', '03-01']).toContain(c.cycleStart.slice(5));
        const n = nextCycle(c);
        expect(n.cycleStart).toBe(c.nextClearingOn);
        expect(scoringCycle(first, n.cycleStart)).toEqual(n);
        expect(scoringCycle(first, c.cycleEnd)).toEqual(c);
        if (c.index > 0) expect(scoringCycle(first, addDays(c.cycleStart, -1)).nextClearingOn).toBe(c.cycleStart);
        expect(isIsoDate(c.cycleEnd)).toBe(true);
      }),
    );
  });

  const record = (first: string) =>
    fc.record({
      points: fc.constantFrom(0, ...POINT_VALUES),
      decidedOffset: fc.integer({ min: 0, max: 5 * 366 }),
      paidOffset: fc.option(fc.integer({ min: 0, max: 400 }), { nil: null }),
    }).map(({ points, decidedOffset, paidOffset }): PointRecord => {
      const decidedOn = addDays(first, decidedOffset);
      return { points, decidedOn, fineDueOn: addDays(decidedOn, 15), finePaidOn: paidOffset === null ? null : addDays(decidedOn, paidOffset) };
    });

  it('a cycle’s total is its own records plus what carried in; carried points are always the overdue ones or a full cycle', () => {
    fc.assert(
      fc.property(date.chain((first) => fc.tuple(fc.constant(first), fc.array(record(first), { maxLength: 12 }), fc.integer({ min: 0, max: 5 }))), ([first, records, i]) => {
        let c = scoringCycle(first, first);
        for (let k = 0; k < i; k++) c = nextCycle(c);
        const own = records.filter((r) => r.decidedOn >= c.cycleStart && r.decidedOn <= c.cycleEnd).reduce((t, r) => t + r.points, 0);
        const total = cycleTotal(records, c);
        expect(total).toBeGreaterThanOrEqual(own);
        if (c.index > 0) {
          const prev = scoringCycle(first, addDays(c.cycleStart, -1));
          const prevTotal = cycleTotal(records, prev);
          const carried = total - own;
          if (prevTotal >= 12) expect(carried).toBe(prevTotal);
          else expect(carried).toBeLessThanOrEqual(prevTotal);
        } else {
          expect(total).toBe(own);
        }
        // With every fine paid on the day of the decision nothing ever carries unless a cycle was full.
        const paid = records.map((r) => ({ ...r, finePaidOn: r.decidedOn }));
        if (c.index === 0 || cycleTotal(paid, scoringCycle(first, addDays(c.cycleStart, -1))) < 12) expect(cycleTotal(paid, c)).toBe(own);
      }),
    );
  });
});
