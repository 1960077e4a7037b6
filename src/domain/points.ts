/**
 * Points (记分) and scoring cycles. Source: REFERENCE.md §3 (公安部令163, in force
 * 2022-04-01): a 12-month cycle running from the first-issue date, each anniversary starting
 * a new one; point values 12, 9, 6, 3, 1 (and 0 for violations that carry none); points are
 * recorded when the violation is handled (the penalty decision); at the end of a cycle a
 * total under 12 clears, except the points of fines still unpaid past their due date, which
 * carry over; reaching 12 is full points (满分).
 *
 * All dates are Asia/Shanghai calendar dates written YYYY-MM-DD (see dates.ts).
 */
import { addDays, addYears, daysBetween, isIsoDate } from './dates.ts';

/** The point values a violation can carry, highest first. A record may also carry 0. */
export const POINT_VALUES = [12, 9, 6, 3, 1] as const;

/** Full points (满分): a cycle total of 12 or more. */
export const FULL_POINTS = 12;

/** True for 0 or one of {@link POINT_VALUES}. */
export function isPointValue(v: unknown): v is 0 | (typeof POINT_VALUES)[number] {
  return v === 0 || (POINT_VALUES as readonly unknown[]).includes(v);
}

export interface ScoringCycle {
  /** The licence's first-issue date the cycle is counted from. */
  firstIssuedOn: string;
  /** 0 for the cycle starting on the first-issue date, 1 for the next, … */
  index: number;
  /** First day of the cycle (the first-issue date or one of its anniversaries). */
  cycleStart: string;
  /** Last day of the cycle, inclusive. */
  cycleEnd: string;
  /** The day the next cycle starts and points under 12 clear: `cycleEnd` + 1 day. */
  nextClearingOn: string;
}

/**
 * The first day of cycle `index`. The regulation does not say what happens to a licence
 * first issued on February 29. Our choice: in common years that anniversary falls on
 * March 1, so every cycle keeps the whole of February and ends on its last day (Feb 28),
 * in the spirit of 民法典 art. 202 ("no corresponding day → the month's last day is the
 * period's last day"). Every cycle is then 365 or 366 days long, never shorter than a year.
 */
function cycleStartOf(firstIssuedOn: string, index: number): string {
  return addYears(firstIssuedOn, index, 'next_day');
}

function cycleAt(firstIssuedOn: string, index: number): ScoringCycle {
  const cycleStart = cycleStartOf(firstIssuedOn, index);
  const nextClearingOn = cycleStartOf(firstIssuedOn, index + 1);
  return { firstIssuedOn, index, cycleStart, cycleEnd: addDays(nextClearingOn, -1), nextClearingOn };
}

/**
 * The scoring cycle that contains `today`. Throws RangeError on malformed dates or when
 * `today` is before the first-issue date (there is no cycle yet: a data error upstream).
 */
export function scoringCycle(firstIssuedOn: string, today: string): ScoringCycle {
  if (!isIsoDate(firstIssuedOn)) throw new RangeError(`not a calendar date: ${firstIssuedOn}`);
  if (!isIsoDate(today)) throw new RangeError(`not a calendar date: ${today}`);
  if (today < firstIssuedOn) throw new RangeError(`${today} is before the first-issue date ${firstIssuedOn}`);
  // Estimate from the year difference, then correct: the anniversary in today's year may be later than today.
  let index = Number(today.slice(0, 4)) - Number(firstIssuedOn.slice(0, 4));
  if (cycleStartOf(firstIssuedOn, index) > today) index -= 1;
  return cycleAt(firstIssuedOn, index);
}

/** The cycle after `cycle`. */
export function nextCycle(cycle: ScoringCycle): ScoringCycle {
  return cycleAt(cycle.firstIssuedOn, cycle.index + 1);
}

/** One penalty decision as far as points are concerned. */
export interface PointRecord {
  /** 0, 1, 3, 6, 9 or 12. */
  points: number;
  /** Date of the penalty decision (决定书): points are recorded on that day. */
  decidedOn: string;
  /** Last day to pay the fine without a late fee; absent or null when there is no fine. */
  fineDueOn?: string | null;
  /** Date the fine was paid; absent or null while unpaid. */
  finePaidOn?: string | null;
  /**
   * Date the points were cleared by passing the full-points exam (满分学习考试合格). From that
   * day they no longer count and never carry over.
   */
  clearedOn?: string | null;
}

function checkRecord(r: PointRecord): void {
  if (!isPointValue(r.points)) throw new RangeError(`not a point value: ${String(r.points)}`);
  for (const d of [r.decidedOn, r.fineDueOn, r.finePaidOn, r.clearedOn]) {
    if (d != null && !isIsoDate(d)) throw new RangeError(`not a calendar date: ${d}`);
  }
}

/**
 * True when, at the end of `cycleEnd`, the record's fine is past its due date and still
 * unpaid. A due date equal to the cycle's last day counts: when the cycle ends at midnight
 * the last day to pay has ended too.
 */
export function fineOverdueAt(record: PointRecord, cycleEnd: string): boolean {
  if (record.fineDueOn == null) return false;
  if (record.fineDueOn > cycleEnd) return false;
  return record.finePaidOn == null || record.finePaidOn > cycleEnd;
}

function sum(records: readonly PointRecord[]): number {
  return records.reduce((t, r) => t + r.points, 0);
}

/** Records standing in `cycle` on `asOf`: carried in or decided by then, and not cleared. */
function standing(records: readonly PointRecord[], carried: readonly PointRecord[], cycle: ScoringCycle, asOf: string): PointRecord[] {
  const decided = records.filter((r) => r.decidedOn >= cycle.cycleStart && r.decidedOn <= asOf);
  return [...carried, ...decided].filter((r) => r.clearedOn == null || r.clearedOn > asOf);
}

/**
 * What carries from a finished cycle into the next (令163 art. 11): if the total standing at
 * the cycle's end is under 12, only the records whose fine is then overdue; at 12 or more
 * the points do not clear with the cycle at all — they stay until the full-points exam is
 * passed (`clearedOn`), so every standing record carries.
 */
export function carriedOver(atEnd: readonly PointRecord[], cycleEnd: string): PointRecord[] {
  if (sum(atEnd) >= FULL_POINTS) return [...atEnd];
  return atEnd.filter((r) => fineOverdueAt(r, cycleEnd));
}

/**
 * The records standing in `cycle` on `asOf` (default: the cycle's last day; a later date is
 * treated as the last day): those decided in the cycle up to `asOf`, plus those carried in
 * from earlier cycles, less those cleared by the full-points exam on or before `asOf`.
 * Records decided before the first-issue date are a data error: RangeError.
 */
export function standingRecords(records: readonly PointRecord[], cycle: ScoringCycle, asOf: string = cycle.cycleEnd): PointRecord[] {
  if (!isIsoDate(asOf)) throw new RangeError(`not a calendar date: ${asOf}`);
  for (const r of records) {
    checkRecord(r);
    if (r.decidedOn < cycle.firstIssuedOn) throw new RangeError(`decision ${r.decidedOn} before the first-issue date ${cycle.firstIssuedOn}`);
  }
  const until = asOf < cycle.cycleEnd ? asOf : cycle.cycleEnd;
  if (until < cycle.cycleStart) return [];
  const earliest = records.reduce<string | null>((m, r) => (m === null || r.decidedOn < m ? r.decidedOn : m), null);
  // Walk the cycles from the earliest record's to the one before `cycle`, carrying points forward.
  let carried: PointRecord[] = [];
  if (earliest !== null && earliest < cycle.cycleStart) {
    for (let c = scoringCycle(cycle.firstIssuedOn, earliest); c.index < cycle.index; c = nextCycle(c)) {
      carried = carriedOver(standing(records, carried, c, c.cycleEnd), c.cycleEnd);
    }
  }
  return standing(records, carried, cycle, until);
}

/** The points standing in `cycle` on `asOf` (default: its last day). See {@link standingRecords}. */
export function cycleTotal(records: readonly PointRecord[], cycle: ScoringCycle, asOf: string = cycle.cycleEnd): number {
  return sum(standingRecords(records, cycle, asOf));
}

/** True when a total of `total`, plus `addedPoints` more, is full points (12 or more). */
export function reachesFullPoints(total: number, addedPoints = 0): boolean {
  return total + addedPoints >= FULL_POINTS;
}

/**
 * True when the total standing in `cycle` reached 12 on any day of it — the test for the
 * next licence validity (REFERENCE.md §2: "no cycle reached 12 points"), which a later
 * full-points exam does not undo.
 */
export function cycleReachedFullPoints(records: readonly PointRecord[], cycle: ScoringCycle): boolean {
  // The standing total only changes on decision and clearing days, so those are the days to look at.
  const days = new Set<string>([cycle.cycleStart]);
  for (const r of records) {
    if (r.decidedOn >= cycle.cycleStart && r.decidedOn <= cycle.cycleEnd) days.add(r.decidedOn);
    // The total is lowest on the clearing day itself; the day before shows it at its highest.
    if (r.clearedOn != null && r.clearedOn > cycle.cycleStart && r.clearedOn <= cycle.cycleEnd) days.add(addDays(r.clearedOn, -1));
  }
  return [...days].some((d) => reachesFullPoints(cycleTotal(records, cycle, d)));
}

/** Whole days until points under 12 clear (0 on the cycle's last day). */
export function daysUntilClearing(cycle: ScoringCycle, today: string): number {
  return daysBetween(today, cycle.nextClearingOn) - 1;
}
