/**
 * Fines and late fees (加处罚款), in integer fen only. Source: REFERENCE.md §4 and 行政处罚法
 * (2021) art. 67 and 72: the fine is due within 15 days of the penalty decision; each day
 * late adds 3% of the fine, never more than the fine itself. Days are counted on
 * Asia/Shanghai calendar dates: the due date is the decision date + 15 days, and on the
 * first day after it the fee is 3%.
 *
 * Worked example: ¥200 (20000 fen) decided 2025-11-01 → due 2025-11-16 → paid 2025-11-21:
 * 5 days late → 15% → 3000 fen (¥30); payable 23000 fen.
 *
 * Rounding: the fee is rounded down to whole fen (never charging a citizen a fraction of a
 * fen they do not owe); it is computed exactly in BigInt, so no float ever touches money.
 */
import { addDays, daysBetween, isIsoDate, shanghaiDate } from './dates.ts';

/** Days from the decision to the due date. */
export const PAYMENT_PERIOD_DAYS = 15;
/** Late fee per day late, in percent of the fine. */
export const LATE_FEE_PERCENT_PER_DAY = 3;

function checkFen(fineFen: number): void {
  if (!Number.isSafeInteger(fineFen) || fineFen < 0) throw new RangeError(`fine must be a whole, non-negative number of fen: ${fineFen}`);
}

function checkDate(d: string): void {
  if (!isIsoDate(d)) throw new RangeError(`not a calendar date: ${d}`);
}

/** The last day to pay without a late fee: the Shanghai date of the decision + 15 days. */
export function dueOn(decidedAt: Date | string): string {
  const at = decidedAt instanceof Date ? decidedAt : new Date(decidedAt);
  if (Number.isNaN(at.getTime())) throw new RangeError(`not an instant: ${String(decidedAt)}`);
  return addDays(shanghaiDate(at), PAYMENT_PERIOD_DAYS);
}

/** Whole days past the due date on `paidOrToday` (0 up to and including the due date). */
export function daysLate(due: string, paidOrToday: string): number {
  checkDate(due);
  checkDate(paidOrToday);
  return Math.max(0, daysBetween(due, paidOrToday));
}

/**
 * The late fee in fen for a fine paid (or looked at) on `paidOrToday`: 3% of the fine for
 * each day after `due`, rounded down to whole fen, at most the fine itself.
 */
export function lateFeeFen(fineFen: number, due: string, paidOrToday: string): number {
  checkFen(fineFen);
  const days = daysLate(due, paidOrToday);
  const percent = days * LATE_FEE_PERCENT_PER_DAY;
  // From day 34 on (102%) the cap applies; checking first also keeps `days` from growing the product.
  if (percent >= 100) return fineFen;
  return Number((BigInt(fineFen) * BigInt(percent)) / 100n);
}

/** The fine plus its late fee on `paidOrToday`. */
export function payableFen(fineFen: number, due: string, paidOrToday: string): number {
  return fineFen + lateFeeFen(fineFen, due, paidOrToday);
}
