import type { Language } from '../../../../i18n/languages.ts';
import type { Violation, ViolationStatus } from './types.ts';

/** Money is integer fen in the API; people read yuan with two decimals. */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  const yuan = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}¥${yuan}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * Plates are compared as people type them: without spaces, dots or dashes and in capitals,
 * so `mx 12 34` or `MX1234` finds what the registry wrote `MX-12-34`.
 */
export function normalisePlate(plate: string): string {
  return plate.replace(/[\s.\-·•]/gu, '').toUpperCase();
}

/** The records of one plate; the list API has no plate filter, so the screen narrows it. */
export function filterByPlate(list: readonly Violation[], plate: string | null | undefined): Violation[] {
  const wanted = plate ? normalisePlate(plate) : '';
  return wanted ? list.filter((v) => normalisePlate(v.plate) === wanted) : [...list];
}

/** A tab value from the address bar; anything unknown falls back to the first tab. */
export function parseStatus(value: string | null | undefined): ViolationStatus {
  return value === 'handled' || value === 'paid' ? value : 'unhandled';
}

/** The cycle's points once this record lands on the licence; unknown while the licence is. */
export function pointsAfter(currentTotal: number | undefined, points: number): number | undefined {
  return currentTotal === undefined ? undefined : currentTotal + points;
}

/** Only camera records that nobody has handled can be objected to (the API refuses the rest). */
export function canObject(v: Pick<Violation, 'source' | 'status' | 'decisionNo' | 'objectionPending' | 'handledByOther'>): boolean {
  return v.source === 'camera' && v.status === 'unhandled' && !v.decisionNo && !v.handledByOther && !v.objectionPending;
}

/** Reason length the server accepts, counted in characters as people see them. */
export const OBJECTION_REASON_MAX = 500;
export const OBJECTION_PHOTOS_MAX = 3;
export const reasonLength = (text: string) => Array.from(text.trim()).length;

/**
 * A Beijing calendar date (YYYY-MM-DD) in the short numeric form of the reader's language,
 * for the narrow columns of a list card. Formatted in UTC so the phone's zone cannot move it.
 */
export function formatShortDay(isoDate: string, lang: Language): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(isoDate)) return isoDate;
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : lang, { dateStyle: 'short', timeZone: 'UTC' }).format(new Date(`${isoDate}T00:00:00Z`));
}

/** The Beijing calendar date (YYYY-MM-DD) of an instant, whatever the phone's zone. */
export function shanghaiDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}
