import type { TFunction } from 'i18next';
import { ConsoleApiError, NETWORK_ERROR } from './api.ts';

/**
 * What to tell the user about a failed call: the server's `detail` (already in the
 * console's language), else its title, else a generic sentence from our own catalogue.
 */
export function problemText(error: unknown, t: TFunction<'console'>): string {
  if (error instanceof ConsoleApiError) {
    if (error.code === NETWORK_ERROR) return t('errors.network');
    return error.detail || error.title || t('errors.generic');
  }
  return t('errors.generic');
}
