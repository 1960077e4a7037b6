import type { Licence } from '../licence/types.ts';

/** Text fields the e-licence answer may carry about the licence, fresher than a cached copy. */
const TEXT_FIELDS = ['name', 'numberMasked', 'class', 'status', 'statusText', 'firstIssuedOn', 'validFrom', 'issuingAuthority'] as const;

/**
 * The licence to print on the e-licence: the full licence answer (points, records, state
 * letters) with the e-licence answer's own copy of the printed facts laid over it. Only
 * fields of the expected type are taken, so a differently shaped `licence` from the
 * e-licence service can never break the card.
 */
export function licenceForCard(full: Licence | null, fromElicence: unknown): Licence | null {
  if (!full) return null;
  if (!fromElicence || typeof fromElicence !== 'object') return full;
  const src = fromElicence as Record<string, unknown>;
  const merged: Licence = { ...full };
  for (const key of TEXT_FIELDS) {
    const v = src[key];
    if (typeof v === 'string' && v.length > 0) merged[key] = v;
  }
  if (Array.isArray(src.classes) && src.classes.every((c) => typeof c === 'string')) merged.classes = src.classes as string[];
  if (src.validTo === null || typeof src.validTo === 'string') merged.validTo = src.validTo;
  return merged;
}
