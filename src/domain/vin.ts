/**
 * Vehicle identification numbers. Source: GB 16735 / ISO 3779 (REGISTRY-FORMAT.md: "The VIN's
 * ninth character is its check digit"): 17 characters from 0–9 and A–Z without I, O, Q;
 * letters transliterate to numbers, weighted sum mod 11 is the 9th character (10 → `X`).
 * Input must already be upper-case: callers normalise before storing.
 */

const VIN = /^[A-HJ-NPR-Z0-9]{17}$/;
const WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2] as const;
const LETTER_VALUES: Record<string, number> = {
  A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8,
  J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9,
  S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9,
};

/** Check digit (`0`–`9` or `X`) of a 17-character VIN; its own 9th character is ignored. */
export function vinCheckDigit(vin: string): string {
  if (!VIN.test(vin)) throw new RangeError('not a 17-character VIN');
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const c = vin[i]!;
    sum += (/\d/.test(c) ? Number(c) : LETTER_VALUES[c]!) * WEIGHTS[i]!;
  }
  const r = sum % 11;
  return r === 10 ? 'X' : String(r);
}

export function isValidVin(vin: string): boolean {
  return typeof vin === 'string' && VIN.test(vin) && vinCheckDigit(vin) === vin[8];
}
