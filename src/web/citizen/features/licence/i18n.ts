import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../i18n/languages.ts';
import { currentLanguage } from '../../../shared/i18n.ts';

/** The licence and e-licence screens keep their texts in their own namespace. */
export const LICENCE_NS = 'citizen-licence';

/**
 * Translator for the `citizen-licence` namespace, named `tl` so that it is never mistaken
 * for the `citizen` namespace's `t` (whose keys the shell's catalogue test checks).
 * Re-renders on a language change like `useTranslation` does.
 */
export function useLicenceText(): { tl: ReturnType<typeof useTranslation>['t']; lang: Language } {
  const { t } = useTranslation(LICENCE_NS);
  return { tl: t, lang: currentLanguage() };
}
