/**
 * Licence validity, renewal and probation. Source: REFERENCE.md §2 (令162/172): validity
 * 6 years → 10 years if no scoring cycle of the 6 reached 12 points → long-term if none of
 * the 10 did; renewal (期满换证) within the 90 days before expiry; more than 1 year overdue →
 * cancelled, restorable within 2 years by passing the theory test; probation (实习期) is
 * the 12 months after first obtaining a car or motorcycle class. §7 repeats the renewal
 * window for the online renewal service.
 *
 * Dates are Asia/Shanghai calendar dates (YYYY-MM-DD). Terms counted in years keep month and
 * day; a February 29 with no counterpart ends on February 28 (民法典 art. 202: no
 * corresponding day → the month's last day), see `addYears` in dates.ts.
 */
import { addDays, addYears, daysBetween, isIsoDate } from './dates.ts';

function checkDate(d: string): void {
  if (!isIsoDate(d)) throw new RangeError(`not a calendar date: ${d}`);
}

/** Length of probation, in years. */
export const PROBATION_YEARS = 1;
/** Renewal opens this many days before the validity ends. */
export const RENEWAL_WINDOW_DAYS = 90;

/**
 * The last day of probation for a holder who first obtained a car or motorcycle class on
 * `firstIssuedOn`: the day before the first anniversary. A February 29 date ends on
 * February 28, like the scoring cycle that starts on the same day (see points.ts).
 */
export function probationEndsOn(firstIssuedOn: string): string {
  checkDate(firstIssuedOn);
  return addDays(addYears(firstIssuedOn, PROBATION_YEARS, 'next_day'), -1);
}

/**
 * True while `today` is within the 12 months after `firstIssuedOn` — the date the holder
 * first obtained a car or motorcycle class (the caller picks that date from the licence).
 */
export function inProbation(firstIssuedOn: string, today: string): boolean {
  checkDate(today);
  return today >= firstIssuedOn && today <= probationEndsOn(firstIssuedOn);
}

export interface RenewalWindow {
  /** The renewal application may be made today: from `opensOn` until the licence is cancelled. */
  open: boolean;
  /** First day a renewal may be applied for: 90 days before `validTo`. */
  opensOn: string;
  /** Whole days from today to `validTo`: 0 on the last valid day, negative once overdue. */
  daysLeft: number;
  /** The validity has ended (today is after `validTo`): state M 逾期未换证, renew promptly. */
  overdue: boolean;
  /** Last day a late renewal is still possible: one year after `validTo`. */
  cancelledAfter: string;
  /** More than one year overdue: the licence is cancelled (注销, state R 注销可恢复). */
  cancelled: boolean;
  /** Last day a cancelled licence can be restored by passing the theory test: 2 years after cancellation. */
  restorableUntil: string;
}

/**
 * Where `today` stands against the renewal of a licence valid until `validTo`. A long-term
 * licence (`validTo` null) never needs renewal: null.
 */
export function renewalWindow(validTo: string, today: string): RenewalWindow;
export function renewalWindow(validTo: string | null, today: string): RenewalWindow | null;
export function renewalWindow(validTo: string | null, today: string): RenewalWindow | null {
  checkDate(today);
  if (validTo === null) return null;
  checkDate(validTo);
  const opensOn = addDays(validTo, -RENEWAL_WINDOW_DAYS);
  const cancelledAfter = addYears(validTo, 1);
  const cancelled = today > cancelledAfter;
  return {
    open: today >= opensOn && !cancelled,
    opensOn,
    daysLeft: daysBetween(today, validTo),
    overdue: today > validTo,
    cancelledAfter,
    cancelled,
    restorableUntil: addYears(cancelledAfter, 2),
  };
}

/** A licence's validity term: 6 years, 10 years or long-term (长期). */
export type LicenceTerm = 6 | 10 | 'long_term';

/** The term of a first licence. */
export const FIRST_TERM: LicenceTerm = 6;

/**
 * The term of the licence issued at renewal. `reachedFullPoints`: whether any scoring cycle
 * during the current term reached 12 points (see `cycleReachedFullPoints` in points.ts).
 * 6 → 10 and 10 → long-term when none did; otherwise the same term again. A long-term
 * licence stays long-term.
 */
export function nextTerm(currentTerm: LicenceTerm, reachedFullPoints: boolean): LicenceTerm {
  if (currentTerm === 'long_term') return 'long_term';
  if (reachedFullPoints) return currentTerm;
  return currentTerm === 6 ? 10 : 'long_term';
}

/**
 * The validity of the renewed licence: it continues from the old expiry date without a gap,
 * for `term` years (null end for long-term).
 */
export function renewedValidity(validTo: string, term: LicenceTerm): { validFrom: string; validTo: string | null } {
  checkDate(validTo);
  return { validFrom: validTo, validTo: term === 'long_term' ? null : addYears(validTo, term) };
}

/** The term of a licence valid from `validFrom` to `validTo` (null: long-term); null when it is no standard term. */
export function termOf(validFrom: string, validTo: string | null): LicenceTerm | null {
  checkDate(validFrom);
  if (validTo === null) return 'long_term';
  checkDate(validTo);
  if (addYears(validFrom, 6) === validTo) return 6;
  if (addYears(validFrom, 10) === validTo) return 10;
  return null;
}
