/**
 * Instants as registry files write them (REGISTRY-FORMAT.md): ISO 8601 with a date, hours
 * and minutes, optional seconds and fraction, and a zone (`Z` or `±HH:MM`), e.g.
 * `2025-10-03T21:04:00+08:00`. They are stored as the canonical UTC form
 * `Date.prototype.toISOString` gives (`2025-10-03T13:04:00.000Z`).
 *
 * An importer reads one to three per violation, so the usual shape is read by hand: the
 * regular expression, `Date.parse` and `toISOString` cost ≈ 1.6 µs per instant, most of it
 * `toISOString`. Anything outside the usual shape (hour 24, leap seconds, more than three
 * fraction digits, years before 1000 or a result outside 0000–9999) takes the general path
 * with the same answer; instants.test.ts checks both paths agree.
 */
import { isIsoDate } from './dates.ts';

const INSTANT = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;
const DAY_MS = 86_400_000;

/** The general path: the format's pattern, a real calendar date, and whatever `Date.parse` makes of it. */
export function parseInstantGeneral(v: string): number | null {
  const m = INSTANT.exec(v);
  if (!m || !isIsoDate(m[1]!)) return null;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? null : ms;
}

/** `s[at]` as a digit 0–9, or -1. */
function digit(s: string, at: number): number {
  const c = s.charCodeAt(at) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

/** Two digits at `at` as a number, or -1. */
function two(s: string, at: number): number {
  const a = digit(s, at);
  const b = digit(s, at + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's `days_from_civil`). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/**
 * The usual shape read by hand; `undefined` when the string is not of that shape (the
 * general path then decides), `null` when it is and the date does not exist.
 */
function parseUsual(v: string): number | null | undefined {
  const n = v.length;
  if (n < 17 || v.charCodeAt(4) !== 45 || v.charCodeAt(7) !== 45 || v.charCodeAt(10) !== 84 || v.charCodeAt(13) !== 58) return undefined;
  const y1 = two(v, 0);
  const y2 = two(v, 2);
  const mo = two(v, 5);
  const d = two(v, 8);
  const h = two(v, 11);
  const mi = two(v, 14);
  if (y1 < 10 || y2 < 0 || mo < 0 || d < 0 || h < 0 || h > 23 || mi < 0 || mi > 59) return undefined;
  const y = y1 * 100 + y2;
  let at = 16;
  let s = 0;
  let frac = 0;
  if (v.charCodeAt(at) === 58) {
    s = two(v, at + 1);
    if (s < 0 || s > 59) return undefined;
    at += 3;
    if (v.charCodeAt(at) === 46) {
      let digits = 0;
      at++;
      for (let c = digit(v, at); c >= 0; c = digit(v, ++at)) {
        if (++digits > 3) return undefined;
        frac = frac * 10 + c;
      }
      if (digits === 0) return undefined;
      frac *= digits === 1 ? 100 : digits === 2 ? 10 : 1;
    }
  }
  let offset = 0;
  const z = v.charCodeAt(at);
  if (z === 90) {
    at++;
  } else if (z === 43 || z === 45) {
    const oh = two(v, at + 1);
    const om = two(v, at + 4);
    if (v.charCodeAt(at + 3) !== 58 || oh < 0 || oh > 23 || om < 0 || om > 59) return undefined;
    offset = (z === 43 ? 1 : -1) * (oh * 60 + om) * 60_000;
    at += 6;
  } else {
    return undefined;
  }
  if (at !== n) return undefined;
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  return daysFromCivil(y, mo, d) * DAY_MS + ((h * 60 + mi) * 60 + s) * 1000 + frac - offset;
}

/** Milliseconds since the epoch of a registry-file instant, or null when it is not one. */
export function parseInstant(v: string): number | null {
  const usual = parseUsual(v);
  return usual === undefined ? parseInstantGeneral(v) : usual;
}

/** The character code of the last decimal digit of `n`'s whole part (`digit0(1234 / 10)` is `'3'`). */
const digit0 = (n: number) => 48 + (Math.floor(n) % 10);

/** `new Date(ms).toISOString()`, written by hand for years 1000–9999. */
export function isoInstant(ms: number): string {
  const days = Math.floor(ms / DAY_MS);
  let rest = ms - days * DAY_MS;
  // H. Hinnant's `civil_from_days`.
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  if (!Number.isSafeInteger(ms) || y < 1000 || y > 9999) return new Date(ms).toISOString();
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const mi = Math.floor(rest / 60_000);
  rest -= mi * 60_000;
  const s = Math.floor(rest / 1000);
  const f = rest - s * 1000;
  // One flat string from its character codes: joining eleven pieces made a rope V8 then
  // copied flat, twice the time and most of an imported violation's instants' garbage.
  return String.fromCharCode(
    digit0(y / 1000), digit0(y / 100), digit0(y / 10), digit0(y), 45,
    digit0(m / 10), digit0(m), 45, digit0(d / 10), digit0(d), 84,
    digit0(h / 10), digit0(h), 58, digit0(mi / 10), digit0(mi), 58, digit0(s / 10), digit0(s), 46,
    digit0(f / 100), digit0(f / 10), digit0(f), 90,
  );
}
