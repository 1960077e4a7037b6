import { isValidGesturePattern } from '../../domain/gestures.ts';

/**
 * Geometry and rules of the 3×3 gesture pattern, kept free of React and the DOM so they can
 * be tested on their own. Dots are numbered 0–8 row by row (0 1 2 / 3 4 5 / 6 7 8).
 */
export const GESTURE_DOTS = 9;
export const GESTURE_MIN_DOTS = 4;

export interface Point {
  x: number;
  y: number;
}

/** Centre of a dot inside a square of side `size` (each dot sits in the middle of its third). */
export function dotCenter(dot: number, size: number): Point {
  const cell = size / 3;
  return { x: (dot % 3) * cell + cell / 2, y: Math.floor(dot / 3) * cell + cell / 2 };
}

/**
 * The dot under a point, or null. The hit radius is a share of a cell rather than the whole
 * cell so that a finger crossing diagonally between two dots does not catch a third one.
 */
export function dotAt(point: Point, size: number, hitRatio = 0.36): number | null {
  const cell = size / 3;
  if (point.x < 0 || point.y < 0 || point.x >= size || point.y >= size) return null;
  const dot = Math.floor(point.y / cell) * 3 + Math.floor(point.x / cell);
  const c = dotCenter(dot, size);
  return Math.hypot(point.x - c.x, point.y - c.y) <= cell * hitRatio ? dot : null;
}

/** The dot exactly halfway between two dots (0→2 passes 1, 0→8 passes 4), or null. */
export function dotBetween(a: number, b: number): number | null {
  const [ra, ca, rb, cb] = [Math.floor(a / 3), a % 3, Math.floor(b / 3), b % 3];
  if ((ra + rb) % 2 !== 0 || (ca + cb) % 2 !== 0) return null;
  const mid = ((ra + rb) / 2) * 3 + (ca + cb) / 2;
  return mid === a || mid === b ? null : mid;
}

/**
 * Adds a dot to a pattern the way phone lock screens do: a dot already used is ignored, and
 * a straight line that jumps over an unused dot picks that dot up too — otherwise the line
 * the user sees would cross a dot that is not part of the pattern.
 */
export function appendDot(pattern: readonly number[], dot: number): number[] {
  if (!Number.isInteger(dot) || dot < 0 || dot >= GESTURE_DOTS || pattern.includes(dot)) return [...pattern];
  const last = pattern[pattern.length - 1];
  const next = [...pattern];
  if (last !== undefined) {
    const mid = dotBetween(last, dot);
    if (mid !== null && !next.includes(mid)) next.push(mid);
  }
  next.push(dot);
  return next;
}

/** A pattern the server accepts: 4–9 distinct dots numbered 0–8. */
export function isCompletePattern(pattern: readonly number[]): boolean {
  return isValidGesturePattern([...pattern]);
}

export function samePattern(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
