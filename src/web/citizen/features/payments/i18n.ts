import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../i18n/languages.ts';
import { currentLanguage } from '../../../shared/i18n.ts';

export const PAYMENTS_NS = 'citizen-payments';

/** Translator for the `citizen-payments` namespace (`tp`, never confused with the shell's `t`). */
export function usePaymentsText(): { tp: ReturnType<typeof useTranslation>['t']; lang: Language } {
  const { t } = useTranslation(PAYMENTS_NS);
  return { tp: t, lang: currentLanguage() };
}
