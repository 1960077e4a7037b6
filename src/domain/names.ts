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

/** The presets behind the three converters above (opencc-js picks `hk2s`, `tw2s`, `t2s` for them). */
const PRESETS = ['hk2s', 'tw2s', 't2s'] as const;

let triggers: Set<number> | null | undefined;

/**
 * Code points without which no conversion can change a text: for every dictionary entry the
 * converters apply (normalisation and conversion; segmentation only splits) whose replacement
 * differs from its source, the source's first character that differs, or every character of
 * the source when the two differ in length. A text holding none of them matches no changing
 * entry in any pass, so each pass hands it on unchanged. `null` when the presets are not
 * where this expects them: then every name takes the full conversion.
 */
function conversionTriggers(): Set<number> | null {
  if (triggers !== undefined) return triggers;
  const configs = (OpenCC.Locale as { configs?: Record<string, { normalizationChain?: unknown; conversionChain?: unknown }> }).configs;
  const found = new Set<number>();
  const addDict = (dict: unknown): boolean => {
    if (Array.isArray(dict)) return dict.every(addDict);
    if (typeof dict !== 'string') return false;
    // opencc-js's own reading of a dictionary string: `source replacement` pairs split by `|`.
    for (const entry of dict.split('|')) {
      const [from, to] = entry.split(' ');
      if (from === undefined || to === undefined || from === to) continue;
      const a = Array.from(from);
      const b = Array.from(to);
      const at = a.length === b.length ? a.findIndex((c, i) => c !== b[i]) : -1;
      for (const c of at >= 0 ? [a[at]!] : a) found.add(c.codePointAt(0)!);
    }
    return true;
  };
  const complete = PRESETS.every((name) => {
    const preset = configs?.[name];
    return preset !== undefined && addDict(preset.normalizationChain ?? []) && addDict(preset.conversionChain);
  });
  triggers = complete && found.size > 0 ? found : null;
  return triggers;
}

/** False only when no conversion can change `text` (see conversionTriggers). */
export function mayConvert(text: string): boolean {
  const set = conversionTriggers();
  if (set === null) return true;
  for (let i = 0; i < text.length; i++) {
    const c = text.codePointAt(i)!;
    if (set.has(c)) return true;
    if (c > 0xffff) i++;
  }
  return false;
}

/**
 * Converts Traditional Chinese (Hong Kong, Taiwan and standard variants) to Simplified with
 * OpenCC, keeping the characters above that are standard in Simplified names.
 */
export function toSimplified(name: string): string {
  // Most names hold no character any dictionary changes: three converters of two to four
  // passes each were a third of what an imported person line allocated (registry-import.md).
  if (!mayConvert(name)) return name;
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
