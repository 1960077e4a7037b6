/**
 * How close a vehicle's dated papers are to running out, for the owner's warning. Sources:
 * 《机动车登记规定》 and the inspection-mark rules (机动车检验合格标志): a vehicle may be
 * inspected from 3 months before its inspection validity ends, and may not be driven once it
 * has ended (REFERENCE.md §3 lists "a vehicle overdue for inspection"). The 港车北上 /
 * 澳车北上 temporary-entry permit (REFERENCE.md §5) is renewed by its holder ahead of time;
 * 30 days is the warning we give. Dates are YYYY-MM-DD in Asia/Shanghai, "valid to"
 * inclusive. No I/O.
 */
import { daysBetween, isIsoDate } from './dates.ts';

export type ValidityState = 'valid' | 'due' | 'overdue';

/** Months before the end of the inspection validity from which the vehicle may be inspected. */
export const INSPECTION_WINDOW_MONTHS = 3;
/** Days before a northbound permit ends from which the holder is warned. */
export const PERMIT_WARNING_DAYS = 30;

/** `date` moved back by whole months; a day the earlier month lacks becomes its last day. */
function monthsBefore(date: string, months: number): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  const index = y * 12 + (m - 1) - months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  for (let day = d; day >= 28; day--) {
    const candidate = `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
    if (isIsoDate(candidate)) return candidate;
  }
  return `${pad(year, 4)}-${pad(month)}-${pad(d)}`;
}

export interface Validity {
  state: ValidityState;
  /** Days from `today` to the last valid day: 0 on that day, negative once it has passed. */
  daysLeft: number;
}

/** The inspection: `due` from 3 months before `validTo` (inspection can be done), `overdue` after it. */
export function inspectionValidity(validTo: string, today: string): Validity {
  const daysLeft = daysBetween(today, validTo);
  if (daysLeft < 0) return { state: 'overdue', daysLeft };
  return { state: today >= monthsBefore(validTo, INSPECTION_WINDOW_MONTHS) ? 'due' : 'valid', daysLeft };
}

/** A northbound temporary-entry permit: `due` within 30 days of its end, `overdue` after it. */
export function permitValidity(validTo: string, today: string): Validity {
  const daysLeft = daysBetween(today, validTo);
  if (daysLeft < 0) return { state: 'overdue', daysLeft };
  return { state: daysLeft <= PERMIT_WARNING_DAYS ? 'due' : 'valid', daysLeft };
}
