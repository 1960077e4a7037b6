/**
 * Personal names at registration. Source: REFERENCE.md §1 — names must be Simplified Chinese
 * (Traditional, Hong Kong and Taiwan variants converted with OpenCC; if the result differs the
 * name is refused with `name_not_simplified` and the Simplified form suggested); 2–30
 * characters; CJK, and `·` between parts of minority or transliterated names; Latin letters
 * and spaces only for `passport`.
 */
// The t2cn build carries only the Traditional → Simplified dictionaries: about 1 MB less in
// the web bundle than the full package, with the same Converter API.
import * as OpenCC from 'opencc-js/t2cn';
import type { DocType } from './id-documents.ts';

type Convert = (text: string) => string;
let converters: Convert[] | undefined;

/** The dictionaries are large: build the converters on first use, once. */
function getConverters(): Convert[] {
  converters ??= [
    OpenCC.Converter({ from: 'hk', to: 'cn' }),
    OpenCC.Converter({ from: 'tw', to: 'cn' }),
    OpenCC.Converter({ from: 't', to: 'cn' }),
  ];
  return converters;
}

/**
 * Characters that OpenCC maps away when they stand alone, yet which are themselves standard
 * Simplified characters in the 《通用规范汉字表》 (State Council, 2013) — several expressly for
 * surnames and given names (于丹's 於, 乾, 昇, 陞). Refusing them would tell a citizen that
 * their own legal name is "not Simplified", so they are kept as typed.
 */
const STANDARD_IN_SIMPLIFIED = new Set(Array.from('乾著於昇陞徵濛吒脩蒐'));

/**
 * Converts Traditional Chinese (Hong Kong, Taiwan and standard variants) to Simplified with
 * OpenCC, keeping the characters above that are standard in Simplified names.
 */
export function toSimplified(name: string): string {
  const convertAll = (text: string) => getConverters().reduce((acc, convert) => convert(acc), text);
  const out = convertAll(name);
  if (out === name) return out;
  const before = Array.from(name);
  const after = Array.from(out);
  // OpenCC converts names character for character; only then can positions be compared.
  if (before.length !== after.length) return out;
  // OpenCC's phrase tables read a name as words (沈默 → 沉默, the word "silence"); a character
  // that is already Simplified on its own is the person's own character and is kept.
  return after
    .map((c, i) => {
      const original = before[i]!;
      return STANDARD_IN_SIMPLIFIED.has(original) || convertAll(original) === original ? original : c;
    })
    .join('');
}

/**
 * Look-alike separators typed for the middle dot of transliterated names (`阿沛‧阿旺晋美`):
 * katakana middle dot, hyphenation point, bullet, full-width and half-width forms, dot operator.
 */
const DOT_VARIANTS = /[\u30FB\uFF65\u2027\u2022\u2219\u22C5\u00B7\uFF0E]/gu;
const CJK_NAME = /^\p{Script=Han}+(?:·\p{Script=Han}+)*$/u;
const LATIN_NAME = /^[A-Za-z]+(?: [A-Za-z]+)*$/;

export function checkName(
  name: string,
  docType: DocType,
): { ok: true; value: string } | { ok: false; code: 'name_not_simplified'; suggestion: string } | { ok: false; code: 'invalid_name' } {
  if (typeof name !== 'string') return { ok: false, code: 'invalid_name' };
  const trimmed = name.normalize('NFC').trim();
  let value: string;
  if (docType === 'passport' && /^[A-Za-z\s]+$/.test(trimmed)) {
    value = trimmed.replace(/\s+/g, ' ');
    if (!LATIN_NAME.test(value)) return { ok: false, code: 'invalid_name' };
  } else {
    // Chinese names have no spaces; a space typed between surname and given name is dropped.
    value = trimmed.replace(/\s+/gu, '').replace(DOT_VARIANTS, '·');
    if (!CJK_NAME.test(value)) return { ok: false, code: 'invalid_name' };
  }
  const length = Array.from(value).length;
  if (length < 2 || length > 30) return { ok: false, code: 'invalid_name' };
  const simplified = toSimplified(value);
  if (simplified !== value) return { ok: false, code: 'name_not_simplified', suggestion: simplified };
  return { ok: true, value };
}
