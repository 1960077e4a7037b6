import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, daysBetween, shanghaiDate } from './dates.ts';
import { daysLate, dueOn, lateFeeFen, payableFen } from './fines.ts';

describe('worked examples (REFERENCE.md §4)', () => {
  it('¥200 decided 2025-11-01 → due 2025-11-16 → paid 2025-11-21: 5 days, ¥30', () => {
    const due = dueOn(new Date('2025-11-01T10:00:00+08:00'));
    expect(due).toBe('2025-11-16');
    expect(daysLate(due, '2025-11-21')).toBe(5);
    expect(lateFeeFen(20000, due, '2025-11-21')).toBe(3000);
    expect(payableFen(20000, due, '2025-11-21')).toBe(23000);
  });

  it('no fee up to and including the due date; 3% on the first day after', () => {
    expect(lateFeeFen(20000, '2025-11-16', '2025-11-02')).toBe(0);
    expect(lateFeeFen(20000, '2025-11-16', '2025-11-16')).toBe(0);
    expect(lateFeeFen(20000, '2025-11-16', '2025-11-17')).toBe(600);
    expect(payableFen(20000, '2025-11-16', '2025-11-16')).toBe(20000);
  });

  it('the fee never exceeds the fine: 33 days is 99%, from 34 days the fine itself', () => {
    expect(lateFeeFen(20000, '2025-11-16', addDays('2025-11-16', 33))).toBe(19800);
    expect(lateFeeFen(20000, '2025-11-16', addDays('2025-11-16', 34))).toBe(20000);
    expect(lateFeeFen(20000, '2025-11-16', '2030-01-01')).toBe(20000);
    expect(payableFen(20000, '2025-11-16', '2030-01-01')).toBe(40000);
  });

  it('rounds down to whole fen', () => {
    // 3% of 5001 fen is 150.03 fen → 150; 3% of 33 fen is 0.99 → 0.
    expect(lateFeeFen(5001, '2025-11-16', '2025-11-17')).toBe(150);
    expect(lateFeeFen(33, '2025-11-16', '2025-11-17')).toBe(0);
    // 6% of 5050 fen is 303 exactly.
    expect(lateFeeFen(5050, '2025-11-16', '2025-11-18')).toBe(303);
    expect(lateFeeFen(0, '2025-11-16', '2026-11-18')).toBe(0);
  });

  it('the decision date is Shanghai’s, whatever the instant’s zone', () => {
    // 23:30 in Shanghai on Nov 1 is 15:30 UTC: still Nov 1.
    expect(dueOn(new Date('2025-11-01T15:30:00Z'))).toBe('2025-11-16');
    // 00:30 in Shanghai on Nov 1 is Oct 31 in UTC.
    expect(dueOn(new Date('2025-10-31T16:30:00Z'))).toBe('2025-11-16');
    expect(dueOn('2025-11-01T08:12:00+08:00')).toBe('2025-11-16');
  });

  it('crosses month ends, year ends and leap days', () => {
    expect(dueOn('2025-01-31T09:00:00+08:00')).toBe('2025-02-15');
    expect(dueOn('2025-02-20T09:00:00+08:00')).toBe('2025-03-07');
    expect(dueOn('2024-02-20T09:00:00+08:00')).toBe('2024-03-06');
    expect(dueOn('2025-12-20T09:00:00+08:00')).toBe('2026-01-04');
    expect(dueOn('2025-12-31T23:59:59+08:00')).toBe('2026-01-15');
    // Due 2025-12-30, paid 2026-01-02: 3 days late across the year end → 9%.
    expect(daysLate('2025-12-30', '2026-01-02')).toBe(3);
    expect(lateFeeFen(20000, '2025-12-30', '2026-01-02')).toBe(1800);
    // Due 2024-02-27, paid 2024-03-01: Feb 28, Feb 29, Mar 1 → 3 days.
    expect(lateFeeFen(10000, '2024-02-27', '2024-03-01')).toBe(900);
    expect(lateFeeFen(10000, '2025-02-27', '2025-03-01')).toBe(600);
  });

  it('refuses floats, negatives and malformed dates', () => {
    expect(() => lateFeeFen(200.5, '2025-11-16', '2025-11-21')).toThrow(RangeError);
    expect(() => lateFeeFen(-1, '2025-11-16', '2025-11-21')).toThrow(RangeError);
    expect(() => lateFeeFen(Number.NaN, '2025-11-16', '2025-11-21')).toThrow(RangeError);
    expect(() => lateFeeFen(100, '2025-11-31', '2025-12-01')).toThrow(RangeError);
    expect(() => dueOn('yesterday')).toThrow(RangeError);
  });
});

describe('properties', () => {
  const fine = fc.oneof(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }));
  const decided = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2060-01-01T00:00:00Z'), noInvalidDate: true });

  it('the fee is a whole number of fen, never negative, never above the fine', () => {
    fc.assert(
      fc.property(fine, decided, fc.integer({ min: -60, max: 400 }), (f, at, offset) => {
        const due = dueOn(at);
        const fee = lateFeeFen(f, due, addDays(due, offset));
        expect(Number.isSafeInteger(fee)).toBe(true);
        expect(fee).toBeGreaterThanOrEqual(0);
        expect(fee).toBeLessThanOrEqual(f);
        expect(payableFen(f, due, addDays(due, offset))).toBe(f + fee);
      }),
    );
  });

  it('the fee never decreases as the payment date moves later', () => {
    fc.assert(
      fc.property(fine, decided, fc.integer({ min: -30, max: 60 }), fc.integer({ min: 0, max: 60 }), (f, at, a, extra) => {
        const due = dueOn(at);
        expect(lateFeeFen(f, due, addDays(due, a + extra))).toBeGreaterThanOrEqual(lateFeeFen(f, due, addDays(due, a)));
      }),
    );
  });

  it('the fee is floor(3% × days × fine), capped at the fine; due is always 15 days after the Shanghai date', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), decided, fc.integer({ min: 0, max: 40 }), (f, at, days) => {
        const due = dueOn(at);
        expect(daysBetween(shanghaiDate(at), due)).toBe(15);
        expect(lateFeeFen(f, due, addDays(due, days))).toBe(Math.min(f, Math.floor((f * 3 * days) / 100)));
      }),
    );
  });
});
