import type { TFunction } from 'i18next';
import { ApiProblem } from '../../shared/api.ts';

/** True when the request never reached the server (offline, DNS, connection reset). */
export function isOffline(error: unknown): boolean {
  return error instanceof ApiProblem && error.status === 0;
}

/**
 * The text to show for a failed call: the server's `detail` is already in the user's
 * language; a network failure gets our own text because the browser's message is not.
 */
export function problemMessage(t: TFunction, error: unknown): string {
  if (error instanceof ApiProblem) {
    if (error.status === 0) return t('errors.offline');
    return error.detail || error.title || t('errors.generic');
  }
  return t('errors.generic');
}

/** Seconds to wait, from the problem body (`retryAfterSeconds`), if the server sent it. */
export function retryAfterSeconds(error: unknown): number | null {
  if (!(error instanceof ApiProblem)) return null;
  const v = error.body.retryAfterSeconds;
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.ceil(v) : null;
}

/** Whole minutes for a wait, never 0 (a 20-second wait still reads "1 minute"). */
export function minutesFromSeconds(seconds: number): number {
  return Math.max(1, Math.ceil(seconds / 60));
}
