import { parseDocNumber, type DocType } from '../../../../domain/id-documents.ts';

/** What the document-number field shows while the user types. */
export type DocNumberState =
  | { kind: 'empty' }
  /** Valid; `normalized` is what will be registered, `changed` when it differs from the input. */
  | { kind: 'valid'; normalized: string; changed: boolean }
  | { kind: 'invalid'; reason: 'format' | 'checksum' | 'birth_date' | 'region' };

/**
 * Live check of a document number with the same rules the server applies. Whitespace the
 * user typed around the number is not a "change" worth announcing; brackets, letter case
 * and the Home Return Permit's renewal digits are.
 */
export function checkDocNumber(docType: DocType, raw: string): DocNumberState {
  const result = parseDocNumber(docType, raw ?? '');
  if (!result.ok) return result.reason === 'empty' ? { kind: 'empty' } : { kind: 'invalid', reason: result.reason };
  const typed = (raw ?? '').replace(/\s+/gu, '');
  return { kind: 'valid', normalized: result.value, changed: result.value !== typed };
}
