import type { Language } from '../../../../i18n/languages.ts';

const intlLocale = (lang: Language) => (lang === 'en' ? 'en-GB' : lang);

/**
 * A calendar date (YYYY-MM-DD, already a Beijing date) in the reader's language. Formatted
 * in UTC so that the phone's own time zone can never move it by a day.
 */
export function formatDay(isoDate: string, lang: Language): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(isoDate)) return isoDate;
  const d = new Date(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return isoDate;
  return new Intl.DateTimeFormat(intlLocale(lang), { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
}

/** A date or an instant (the server may send either for a deadline) in the reader's language. */
export function formatDayOrInstant(value: string, lang: Language): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDay(value, lang);
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  return new Intl.DateTimeFormat(intlLocale(lang), { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Shanghai' }).format(d);
}

/**
 * Beijing wall-clock time as `YYYY-MM-DD HH:mm:ss`, the numeric form printed on the
 * electronic licence in every language (a verifier compares it with their own watch).
 */
export function formatClock(ms: number, withSeconds = true): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(ms));
  const p = Object.fromEntries(parts.map((x) => [x.type, x.value])) as Record<string, string>;
  const time = withSeconds ? `${p.hour}:${p.minute}:${p.second}` : `${p.hour}:${p.minute}`;
  return `${p.year}-${p.month}-${p.day} ${time}`;
}

/** The archive number is 12 digits; people type it with spaces as printed. */
export const ARCHIVE_NUMBER_LENGTH = 12;

/** Keeps the digits of what was typed or pasted (full-width digits too), at most 12. */
export function normalizeArchiveInput(value: string): string {
  const halfWidth = value.replace(/[\uff10-\uff19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  return halfWidth.replace(/\D/g, '').slice(0, ARCHIVE_NUMBER_LENGTH);
}

export function isArchiveNumber(value: string): boolean {
  return /^\d{12}$/.test(value);
}

/** Groups the digits 4-4-4 for reading back, as the number is printed on the licence. */
export function groupArchiveNumber(value: string): string {
  return value.replace(/(\d{4})(?=\d)/g, '$1 ');
}

/** Scoring cycles allow 12 points; at 12 the holder must take the points-education course. */
export const POINTS_LIMIT = 12;

export type PointsLevel = 'clear' | 'some' | 'high' | 'full';

/** How worrying a points total is: it picks the ring's colour. */
export function pointsLevel(total: number): PointsLevel {
  if (total <= 0) return 'clear';
  if (total >= POINTS_LIMIT) return 'full';
  if (total >= 9) return 'high';
  return 'some';
}

/** A licence is in order only in state A (normal); any other letter needs attention. */
export function isNormalState(status: string): boolean {
  return status === 'A';
}
