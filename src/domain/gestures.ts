/**
 * Gesture-login patterns. Source: API.md "PUT /api/v1/me/gesture" — 4–9 distinct dots of
 * the 3×3 grid, numbered 0–8 row by row.
 */

export function isValidGesturePattern(p: unknown): p is number[] {
  if (!Array.isArray(p) || p.length < 4 || p.length > 9) return false;
  if (!p.every((d) => Number.isInteger(d) && d >= 0 && d <= 8)) return false;
  return new Set(p).size === p.length;
}

/** Canonical text form that is hashed (argon2id), e.g. `[0, 4, 8, 5]` → `"0-4-8-5"`. */
export function gestureToString(p: number[]): string {
  if (!isValidGesturePattern(p)) throw new RangeError('not a gesture pattern');
  return p.join('-');
}
