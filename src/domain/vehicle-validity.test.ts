import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays } from './dates.ts';
import { inspectionValidity, permitValidity } from './vehicle-validity.ts';

describe('inspection validity', () => {
  it('opens the inspection window 3 calendar months before the validity ends', () => {
    // 杨帆's demo car: valid to 2026-11-30, seen on the demo day 2026-11-25.
    expect(inspectionValidity('2026-11-30', '2026-11-25')).toEqual({ state: 'due', daysLeft: 5 });
    expect(inspectionValidity('2027-06-30', '2026-11-25')).toEqual({ state: 'valid', daysLeft: 217 });
    expect(inspectionValidity('2027-02-25', '2026-11-25').state).toBe('due');
    expect(inspectionValidity('2027-02-26', '2026-11-25').state).toBe('valid');
  });

  it('keeps the month end when the earlier month is shorter', () => {
    // 3 months before 2027-05-31 is 2027-02-28 (February has no 31st).
    expect(inspectionValidity('2027-05-31', '2027-02-27').state).toBe('valid');
    expect(inspectionValidity('2027-05-31', '2027-02-28').state).toBe('due');
  });

  it('is valid on the last day and overdue the day after', () => {
    expect(inspectionValidity('2026-11-25', '2026-11-25')).toEqual({ state: 'due', daysLeft: 0 });
    expect(inspectionValidity('2026-11-24', '2026-11-25')).toEqual({ state: 'overdue', daysLeft: -1 });
  });

  it('never gets better as time passes', () => {
    const rank = { valid: 0, due: 1, overdue: 2 } as const;
    const day = fc.integer({ min: 0, max: 3000 }).map((n) => addDays('2024-01-01', n));
    fc.assert(
      fc.property(day, fc.integer({ min: -400, max: 400 }), fc.integer({ min: 0, max: 200 }), (today, offset, later) => {
        const validTo = addDays(today, offset);
        const before = inspectionValidity(validTo, today);
        const after = inspectionValidity(validTo, addDays(today, later));
        return rank[after.state] >= rank[before.state] && after.daysLeft === before.daysLeft - later;
      }),
    );
  });
});

describe('northbound permit validity', () => {
  it('warns from 30 days before the end', () => {
    expect(permitValidity('2027-03-31', '2026-11-25').state).toBe('valid');
    expect(permitValidity('2026-12-25', '2026-11-25')).toEqual({ state: 'due', daysLeft: 30 });
    expect(permitValidity('2026-12-26', '2026-11-25').state).toBe('valid');
    expect(permitValidity('2026-11-24', '2026-11-25').state).toBe('overdue');
  });
});
