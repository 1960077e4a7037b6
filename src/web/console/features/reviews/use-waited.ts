import { useTranslation } from 'react-i18next';

/** "Waited 2 d 3 h" in the console's language, leaving out leading zero units. */
export function useWaited() {
  const { t } = useTranslation('console');
  return (p: { days: number; hours: number; minutes: number }) => {
    if (p.days > 0) return t('reviews.waited.days', { days: p.days, hours: p.hours });
    if (p.hours > 0) return t('reviews.waited.hours', { hours: p.hours, minutes: p.minutes });
    return t('reviews.waited.minutes', { minutes: p.minutes });
  };
}
