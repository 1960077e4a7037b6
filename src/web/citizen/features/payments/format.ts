import type { Language } from '../../../../i18n/languages.ts';

/** Integer fen as ¥ with two decimals and digit grouping, without floating point: 25400 → "¥254.00". */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  const yuan = String(Math.trunc(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}¥${yuan}.${String(abs % 100).padStart(2, '0')}`;
}

/** A calendar date (YYYY-MM-DD, already a Shanghai date) in the user's language; other text unchanged. */
export function formatDate(isoDate: string, lang: Language): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(isoDate)) return isoDate;
  // Noon UTC of that date is the same calendar day wherever it is formatted.
  const d = new Date(`${isoDate}T12:00:00Z`);
  if (Number.isNaN(d.getTime())) return isoDate;
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : lang, { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
}

/** Penalty decision numbers are 16 digits (older ones 15); spaces people type while copying are dropped. */
export function normaliseDecisionNo(input: string): string | null {
  const digits = input.replace(/[\s\u3000-]/g, '');
  return /^\d{15,16}$/.test(digits) ? digits : null;
}

/** An Idempotency-Key for one payment attempt; works outside secure contexts too (a phone on the LAN). */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function' && window.isSecureContext) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
