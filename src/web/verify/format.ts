import type { TFunction } from 'i18next';
import type { Language } from '../../i18n/languages.ts';

/** A date and time in Asia/Shanghai (business time), in the page's language. */
export function formatInstant(iso: string, lang: Language): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return new Intl.DateTimeFormat(lang, {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }).format(at);
}

/**
 * State letters in words, one per letter (a licence may carry several, e.g. DH), from the
 * shared licence-state catalogue; an unknown letter is shown as itself rather than dropped.
 */
export function stateInWords(letters: string, t: TFunction): string {
  return [...letters]
    .map((letter) => {
      const key = `domain:licenceStates.${letter}`;
      const text = t(key);
      return text === key || text === `licenceStates.${letter}` ? letter : `${text} ${letter}`;
    })
    .join(t('verify:result.statusSeparator'));
}
