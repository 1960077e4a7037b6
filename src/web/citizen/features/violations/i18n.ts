import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../i18n/languages.ts';
import { currentLanguage } from '../../../shared/i18n.ts';

/** The violations screens keep their texts in their own namespace. */
export const VIOLATIONS_NS = 'citizen-violations';

/**
 * Translator for the `citizen-violations` namespace, named `tv` so that it is never mistaken
 * for the shell's `t`. Re-renders on a language change like `useTranslation` does.
 */
export function useViolationsText(): { tv: ReturnType<typeof useTranslation>['t']; lang: Language } {
  const { t } = useTranslation(VIOLATIONS_NS);
  return { tv: t, lang: currentLanguage() };
}
