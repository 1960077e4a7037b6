/**
 * Working days (工作日). Source: REFERENCE.md §6 (review of an e-licence photo "within 1
 * working day"; working days follow the State Council's yearly holiday arrangement,
 * make-up working days (调休) included, from a maintained data package, not a weekday test).
 *
 * The data is the `chinese-days` package's calendar (State Council notices since 2004; the
 * package is updated when a new year's arrangement is published, usually in November).
 * We read its JSON table rather than calling its functions: those parse `YYYY-MM-DD` as UTC
 * midnight but read the weekday and date back with local-time getters, so in a browser west
 * of UTC they would look up the previous day. Here every date is a plain calendar string and
 * weekdays are computed in UTC, so the answer is the same on the server and in any browser.
 * JSON is bundled by Vite like any module, so this file works in the web app unchanged.
 *
 * Years the package has no arrangement for (see {@link calendarCovers}) fall back to a
 * weekday test (Monday–Friday): the public holidays and make-up days of those years are not
 * known yet. Update `chinese-days` each November to cover the coming year.
 */
import calendar from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { addDays, isIsoDate, isoWeekday, shanghaiDate } from './dates.ts';

/** Date → description ("National Day,国庆节,3"); only membership matters here. */
const HOLIDAYS: Readonly<Record<string, string>> = calendar.holidays;
/** Weekend days that are make-up working days (调休上班). */
const MAKE_UP_WORKDAYS: Readonly<Record<string, string>> = calendar.workdays;

/** Every year has at least New Year's Day in the table, so the holiday keys name the covered years. */
const COVERED_YEARS: ReadonlySet<number> = new Set(Object.keys(HOLIDAYS).map((d) => Number(d.slice(0, 4))));

/** True when the holiday calendar has the State Council's arrangement for `year`. */
export function calendarCovers(year: number): boolean {
  return COVERED_YEARS.has(year);
}

/**
 * True for a working day in mainland China: a make-up working day, or a Monday–Friday that
 * is not a public holiday. Outside the covered years, Monday–Friday. RangeError on a
 * malformed date.
 */
export function isWorkingDay(date: string): boolean {
  if (!isIsoDate(date)) throw new RangeError(`not a calendar date: ${date}`);
  if (Object.hasOwn(MAKE_UP_WORKDAYS, date)) return true;
  if (Object.hasOwn(HOLIDAYS, date)) return false;
  return isoWeekday(date) <= 5;
}

/**
 * The date `n` working days after `date` (before it when `n` is negative); `date` itself is
 * not counted, so for n ≠ 0 the result is a working day strictly after (before) `date`.
 * `n` = 0 returns `date` unchanged.
 */
export function addWorkingDays(date: string, n: number): string {
  if (!isIsoDate(date)) throw new RangeError(`not a calendar date: ${date}`);
  if (!Number.isSafeInteger(n)) throw new RangeError(`not a whole number of days: ${n}`);
  const step = n < 0 ? -1 : 1;
  let left = Math.abs(n);
  let d = date;
  while (left > 0) {
    d = addDays(d, step);
    if (isWorkingDay(d)) left -= 1;
  }
  return d;
}

/**
 * The end of the next working day after `instant`, as an ISO instant in Asia/Shanghai:
 * `YYYY-MM-DDT23:59:59.999+08:00`. "Next" is counted from the instant's Shanghai date, so
 * anything submitted on a Friday — morning or evening — is due by the end of the following
 * Monday (if that is a working day). RangeError on an invalid instant.
 */
export function endOfNextWorkingDay(instant: Date | string): string {
  const at = instant instanceof Date ? instant : new Date(instant);
  if (Number.isNaN(at.getTime())) throw new RangeError(`not an instant: ${String(instant)}`);
  return `${addWorkingDays(shanghaiDate(at), 1)}T23:59:59.999+08:00`;
}
