import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, addYears, daysBetween } from './dates.ts';
import { FIRST_TERM, type LicenceTerm, inProbation, nextTerm, probationEndsOn, renewalWindow, renewedValidity, termOf } from './licence-validity.ts';
import { scoringCycle } from './points.ts';

describe('probation (REFERENCE.md §2: the 12 months after first obtaining a car or motorcycle class)', () => {
  it('covers the first-issue date to the day before its anniversary', () => {
    expect(probationEndsOn('2026-03-15')).toBe('2027-03-14');
    expect(inProbation('2026-03-15', '2026-03-15')).toBe(true);
    expect(inProbation('2026-03-15', '2026-11-25')).toBe(true);
    expect(inProbation('2026-03-15', '2027-03-14')).toBe(true);
    expect(inProbation('2026-03-15', '2027-03-15')).toBe(false);
    expect(inProbation('2026-03-15', '2026-03-14')).toBe(false);
  });

  it('a February 29 first issue ends with February in the common year, like its first scoring cycle', () => {
    expect(probationEndsOn('2024-02-29')).toBe('2025-02-28');
    expect(inProbation('2024-02-29', '2025-02-28')).toBe(true);
    expect(inProbation('2024-02-29', '2025-03-01')).toBe(false);
  });

  it('equals the first scoring cycle', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2060-01-01T00:00:00Z'), noInvalidDate: true }), fc.integer({ min: 0, max: 800 }), (d, n) => {
        const first = d.toISOString().slice(0, 10);
        const today = addDays(first, n);
        expect(inProbation(first, today)).toBe(scoringCycle(first, today).index === 0);
      }),
    );
  });
});

describe('renewal window (REFERENCE.md §2, §7)', () => {
  const validTo = '2027-01-20';

  it('opens 90 days before expiry', () => {
    expect(renewalWindow(validTo, '2026-10-21')).toMatchObject({ open: false, opensOn: '2026-10-22', daysLeft: 91, overdue: false, cancelled: false });
    expect(renewalWindow(validTo, '2026-10-22')).toMatchObject({ open: true, daysLeft: 90, overdue: false });
    expect(renewalWindow(validTo, '2027-01-20')).toMatchObject({ open: true, daysLeft: 0, overdue: false });
  });

  it('overdue after the validity ends, still renewable for a year, then cancelled and restorable for 2 more years', () => {
    expect(renewalWindow(validTo, '2027-01-21')).toMatchObject({ open: true, daysLeft: -1, overdue: true, cancelled: false });
    expect(renewalWindow(validTo, '2028-01-20')).toMatchObject({ open: true, overdue: true, cancelledAfter: '2028-01-20', cancelled: false });
    expect(renewalWindow(validTo, '2028-01-21')).toMatchObject({ open: false, overdue: true, cancelled: true, restorableUntil: '2030-01-20' });
  });

  it('a long-term licence never needs renewal', () => {
    expect(renewalWindow(null, '2026-11-25')).toBeNull();
  });

  it('Feb 29 expiry: the year of grace ends on Feb 28', () => {
    expect(renewalWindow('2028-02-29', '2028-02-29')).toMatchObject({ opensOn: '2027-12-01', cancelledAfter: '2029-02-28', restorableUntil: '2031-02-28' });
  });

  it('refuses malformed dates', () => {
    expect(() => renewalWindow('2027-02-29', '2026-11-25')).toThrow(RangeError);
    expect(() => renewalWindow(validTo, '2026-11-31')).toThrow(RangeError);
  });

  it('properties: the window opens 90 days ahead; open ⇔ between opening and cancellation; daysLeft counts down', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2080-01-01T00:00:00Z'), noInvalidDate: true }), fc.integer({ min: -400, max: 1200 }), (d, offset) => {
        const to = d.toISOString().slice(0, 10);
        const today = addDays(to, offset);
        const w = renewalWindow(to, today);
        expect(daysBetween(w.opensOn, to)).toBe(90);
        expect(w.daysLeft).toBe(0 - offset);
        expect(w.overdue).toBe(offset > 0);
        expect(w.cancelled).toBe(today > addYears(to, 1));
        expect(w.open).toBe(offset >= -90 && !w.cancelled);
        if (w.cancelled) expect(w.overdue).toBe(true);
      }),
    );
  });
});

describe('validity terms (REFERENCE.md §2: 6 → 10 → long-term)', () => {
  it('a first licence is valid 6 years', () => {
    expect(FIRST_TERM).toBe(6);
  });

  it('moves up only when no cycle reached 12 points', () => {
    expect(nextTerm(6, false)).toBe(10);
    expect(nextTerm(6, true)).toBe(6);
    expect(nextTerm(10, false)).toBe('long_term');
    expect(nextTerm(10, true)).toBe(10);
    expect(nextTerm('long_term', false)).toBe('long_term');
    expect(nextTerm('long_term', true)).toBe('long_term');
  });

  it('the renewed licence continues from the old expiry date', () => {
    expect(renewedValidity('2027-01-20', 10)).toEqual({ validFrom: '2027-01-20', validTo: '2037-01-20' });
    expect(renewedValidity('2027-01-20', 6)).toEqual({ validFrom: '2027-01-20', validTo: '2033-01-20' });
    expect(renewedValidity('2027-01-20', 'long_term')).toEqual({ validFrom: '2027-01-20', validTo: null });
    expect(renewedValidity('2028-02-29', 6)).toEqual({ validFrom: '2028-02-29', validTo: '2034-02-28' });
  });

  it('recognises the term of a licence from its dates', () => {
    expect(termOf('2021-01-20', '2027-01-20')).toBe(6);
    expect(termOf('2017-01-20', '2027-01-20')).toBe(10);
    expect(termOf('2017-01-20', null)).toBe('long_term');
    expect(termOf('2017-01-20', '2027-01-21')).toBeNull();
  });

  it('terms never go down, and a clean record climbs to long-term in two renewals', () => {
    const rank = (t: LicenceTerm) => (t === 'long_term' ? 2 : t === 10 ? 1 : 0);
    fc.assert(
      fc.property(fc.constantFrom<LicenceTerm>(6, 10, 'long_term'), fc.boolean(), (t, full) => {
        expect(rank(nextTerm(t, full))).toBeGreaterThanOrEqual(rank(t));
        expect(nextTerm(nextTerm(t, false), false)).toBe('long_term');
      }),
    );
  });
});
