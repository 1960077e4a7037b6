/**
 * Mainland mobile numbers. Source: REFERENCE.md §1 ("a mainland mobile number (`1[3-9]` + 9
 * digits)") and API.md (phones masked to the first 3 and last 4 digits).
 */

const MOBILE = /^1[3-9]\d{9}$/;

/**
 * Strips spaces, dashes and a +86 / 0086 country prefix (full-width digits are accepted, as
 * Chinese input methods produce them); returns the 11-digit number, or null when it is not a
 * mainland mobile number.
 */
export function normalizePhone(raw: string): string | null {
  if (typeof raw !== 'string') return null;
  let v = raw
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\-\u2010-\u2015]/gu, '');
  if (v.startsWith('+86')) v = v.slice(3);
  else if (v.startsWith('0086')) v = v.slice(4);
  return MOBILE.test(v) ? v : null;
}

/** `13812345678` → `138****5678`; anything shorter than 8 characters is fully masked. */
export function maskPhone(phone: string): string {
  const chars = Array.from(phone ?? '');
  if (chars.length < 8) return '*'.repeat(chars.length);
  return chars.slice(0, 3).join('') + '*'.repeat(chars.length - 7) + chars.slice(-4).join('');
}
