/**
 * The gesture device token lives only on this device: it proves that the pattern was set
 * here and is useless without the pattern. It is removed when the server disables gesture
 * login, when the user turns it off, and when the account is deleted.
 */
const KEY = 'jg.gesture.deviceToken';
const FAILURES_KEY = 'jg.gesture.failures';

/** The server disables a device's gesture after this many wrong patterns in a row. */
export const GESTURE_MAX_TRIES = 5;

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null; // storage blocked (private mode): behave as a device without a gesture
  }
}

function remove(key: string): void {
  try {
    localStorage.removeItem(key);
  } catch {
    /* nothing stored when storage is blocked */
  }
}

export function getDeviceToken(): string | null {
  return read(KEY);
}

export function setDeviceToken(token: string): void {
  localStorage.setItem(KEY, token);
  remove(FAILURES_KEY);
}

export function clearDeviceToken(): void {
  remove(KEY);
  remove(FAILURES_KEY);
}

/**
 * Wrong patterns in a row on this device. The server keeps the real count (and answers only
 * "wrong" until it disables the gesture), so this mirrors it to tell the user how many tries
 * are left; it survives reloads so a reload does not promise tries the server will not give.
 */
export function recordGestureFailure(): number {
  const n = Math.min(GESTURE_MAX_TRIES, (Number(read(FAILURES_KEY)) || 0) + 1);
  try {
    localStorage.setItem(FAILURES_KEY, String(n));
  } catch {
    /* the count is only advisory */
  }
  return n;
}

export function resetGestureFailures(): void {
  remove(FAILURES_KEY);
}
