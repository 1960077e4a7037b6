import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../i18n/languages.ts';
import { currentLanguage } from '../../../shared/i18n.ts';

/** The vehicles screens keep their texts in their own namespace. */
export const VEHICLES_NS = 'citizen-vehicles';

/**
 * Translator for the `citizen-vehicles` namespace, named `tv` so that it is never mistaken
 * for the `citizen` namespace's `t` (whose keys the shell's catalogue test checks).
 */
export function useVehiclesText(): { tv: ReturnType<typeof useTranslation>['t']; lang: Language } {
  const { t } = useTranslation(VEHICLES_NS);
  return { tv: t, lang: currentLanguage() };
}
