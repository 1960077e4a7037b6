/**
 * Business dates. Source: ARCHITECTURE.md "Data rules" and REFERENCE.md §4 (deadlines and
 * day counting in Asia/Shanghai). China has used UTC+8 all year since 1991 (no DST), so a
 * fixed offset is exact for every date the service handles and avoids depending on the
 * host's or the browser's time-zone database.
 */

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The Shanghai day (days since the epoch) and date of the last shanghaiDate call. */
let lastDay = Number.NaN;
let lastDate = '';

/** The calendar date (YYYY-MM-DD) of an instant in Asia/Shanghai. */
export function shanghaiDate(instant: Date): string {
  // Every cached screen's key names today, so this runs on each of their requests; the date
  // string (toISOString, ~1 µs) is made once per day. An invalid Date gives NaN, which never
  // equals lastDay, and throws in toISOString as before.
  const day = Math.floor((instant.getTime() + SHANGHAI_OFFSET_MS) / DAY_MS);
  if (day !== lastDay) {
    lastDate = new Date(day * DAY_MS).toISOString().slice(0, 10);
    lastDay = day;
  }
  return lastDate;
}

/** True for a real calendar date written YYYY-MM-DD (years 0001–9999; 2023-02-29 is false). */
export function isIsoDate(v: string): boolean {
  // YYYY-MM-DD read by hand rather than with a regular expression: the registry importer checks several dates per line.
  if (typeof v !== 'string' || v.length !== 10 || v.charCodeAt(4) !== 45 || v.charCodeAt(7) !== 45) return false;
  const year = digitsAt(v, 0, 4);
  const month = digitsAt(v, 5, 2);
  const day = digitsAt(v, 8, 2);
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

/** The `count` ASCII digits at `from` as a number, or -1 if one is not a digit. */
function digitsAt(v: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const c = v.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function toUtcMs(date: string): number {
  if (!isIsoDate(date)) throw new RangeError(`not a calendar date: ${date}`);
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const ms = new Date(0).setUTCFullYear(y, m - 1, d);
  return ms;
}

function fromUtcMs(ms: number): string {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  return `${String(y).padStart(4, '0')}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
}

/** `date` plus `days` calendar days (negative to go back). Throws RangeError on a malformed date. */
export function addDays(date: string, days: number): string {
  return fromUtcMs(toUtcMs(date) + Math.trunc(days) * DAY_MS);
}

/** Whole calendar days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtcMs(to) - toUtcMs(from)) / DAY_MS);
}

/** ISO weekday of a calendar date: 1 = Monday … 7 = Sunday. Computed in UTC, so it does not depend on the host's time zone. */
export function isoWeekday(date: string): number {
  const d = new Date(toUtcMs(date)).getUTCDay();
  return d === 0 ? 7 : d;
}

/**
 * `date` moved by whole `years`, keeping month and day. Only February 29 can lack a
 * counterpart; `onMissingDay` says where it goes in a common year:
 * - `month_end` (default): February 28, the rule of 民法典 art. 202 for periods counted in
 *   years ("没有对应日的，月末日为期间的最后一日") — used for expiry dates;
 * - `next_day`: March 1, for dates that *start* something (a new scoring cycle), so that
 *   the period before it keeps the whole of February.
 */
export function addYears(date: string, years: number, onMissingDay: 'month_end' | 'next_day' = 'month_end'): string {
  if (!isIsoDate(date)) throw new RangeError(`not a calendar date: ${date}`);
  const y = Number(date.slice(0, 4)) + Math.trunc(years);
  if (y < 1 || y > 9999) throw new RangeError(`year out of range: ${y}`);
  const md = date.slice(5);
  const target = `${String(y).padStart(4, '0')}-${md}`;
  if (isIsoDate(target)) return target;
  // Only Feb 29 → a common year reaches here.
  return onMissingDay === 'month_end' ? `${String(y).padStart(4, '0')}-02-28` : `${String(y).padStart(4, '0')}-03-01`;
}
