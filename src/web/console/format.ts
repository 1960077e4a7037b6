import type { Language } from '../../i18n/languages.ts';

/** Business times are shown in Asia/Shanghai whatever the desk's own time zone is. */
const TIME_ZONE = 'Asia/Shanghai';

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

export function formatDateTime(iso: string | null | undefined, lang: Language): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  let f = dateTimeFormats.get(lang);
  if (!f) {
    f = new Intl.DateTimeFormat(lang, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: TIME_ZONE });
    dateTimeFormats.set(lang, f);
  }
  return f.format(date);
}

/**
 * How long something has waited, as whole days, hours and minutes. The server's own count
 * (`waitingMinutes`) wins: the desk's clock may be off, and in test deployments the server
 * runs on a set clock. Without it the wait is computed locally; a moment in the future
 * (a desk clock behind the server's) gives undefined rather than a negative wait.
 */
export function waitedParts(
  serverMinutes: number | undefined,
  sinceIso: string,
  nowMs: number,
): { days: number; hours: number; minutes: number } | undefined {
  let totalMinutes = serverMinutes;
  if (totalMinutes === undefined) {
    const since = Date.parse(sinceIso);
    if (Number.isNaN(since) || since > nowMs) return undefined;
    totalMinutes = Math.floor((nowMs - since) / 60_000);
  }
  if (totalMinutes < 0) return undefined;
  return { days: Math.floor(totalMinutes / 1440), hours: Math.floor((totalMinutes % 1440) / 60), minutes: totalMinutes % 60 };
}

/** Oldest first: the queue is worked in the order citizens joined it. */
export function oldestFirst<T extends { waitingSince?: string | null; createdAt: string }>(items: readonly T[]): T[] {
  const key = (i: T) => Date.parse(i.waitingSince ?? i.createdAt);
  return [...items].sort((a, b) => key(a) - key(b));
}

/**
 * Looks at the start of a registry file before it is sent, so an obviously wrong file
 * (a spreadsheet, a JSON array) is caught at the desk instead of after the upload.
 * Returns the 1-based number of the first non-empty line that is not a JSON object, or
 * 0 when every complete line in the sample is one.
 */
export function firstNonNdjsonLine(sample: string, sampleIsWholeFile: boolean): number {
  const lines = sample.split(/\r?\n/);
  // The last line of a partial sample may be cut in the middle: do not judge it.
  const complete = sampleIsWholeFile ? lines : lines.slice(0, -1);
  for (let i = 0; i < complete.length; i++) {
    const line = complete[i]!.trim();
    if (!line) continue;
    try {
      const value: unknown = JSON.parse(line);
      if (!value || typeof value !== 'object' || Array.isArray(value)) return i + 1;
    } catch {
      return i + 1;
    }
  }
  return 0;
}
