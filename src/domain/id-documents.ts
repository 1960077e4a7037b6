/**
 * Registration documents: types, number normalisation, checksums and masking.
 * Source: REFERENCE.md §1 "Registration documents (docType)" — every row of its table —
 * and API.md "Personal numbers come back masked" (first 4 and last 4 characters).
 */
import { isIsoDate } from './dates.ts';
import { isKnownRegionPrefix } from './regions.ts';

export const DOC_TYPES = ['cn_id', 'residence_permit', 'foreigner_pr', 'hkmo_permit', 'tw_permit', 'hk_id', 'mo_id', 'passport'] as const;
export type DocType = (typeof DOC_TYPES)[number];

/** Registry letter and how the identity is verified at registration (REFERENCE.md §1 table). */
export const DOC_TYPE_INFO: Record<DocType, { registryLetter: 'A' | 'Q' | 'I' | 'F'; verification: 'registry' | 'manual' }> = {
  cn_id: { registryLetter: 'A', verification: 'registry' },
  residence_permit: { registryLetter: 'Q', verification: 'registry' },
  foreigner_pr: { registryLetter: 'I', verification: 'registry' },
  hkmo_permit: { registryLetter: 'F', verification: 'manual' },
  tw_permit: { registryLetter: 'F', verification: 'manual' },
  hk_id: { registryLetter: 'F', verification: 'manual' },
  mo_id: { registryLetter: 'F', verification: 'manual' },
  passport: { registryLetter: 'F', verification: 'manual' },
};

export type DocParseResult =
  | { ok: true; value: string; changed: boolean; birthDate?: string; sex?: 'M' | 'F' }
  | { ok: false; reason: 'empty' | 'format' | 'checksum' | 'birth_date' | 'region' };

type Failure = Extract<DocParseResult, { ok: false }>;
type Parsed = { value: string; birthDate?: string; sex?: 'M' | 'F' } | Failure;

export function isDocType(v: unknown): v is DocType {
  return typeof v === 'string' && (DOC_TYPES as readonly string[]).includes(v);
}

const ALREADY_CANONICAL = /^[!-`{-~]*$/;

/**
 * Canonical typing of a number as users enter it on phones: full-width forms (common with
 * Chinese input methods: `Ａ１２３（３）`) become ASCII, letters upper-case, and all
 * whitespace goes (numbers are often typed or pasted in groups).
 */
function canonicalChars(raw: string): string {
  // Already canonical (printable ASCII without lower case or spaces, as registry files and
  // most phones send it): nothing to replace.
  if (ALREADY_CANONICAL.test(raw)) return raw;
  return raw
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\s+/gu, '')
    .toUpperCase();
}

const CN_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CN_ID_CHECK = '10X98765432';

/** ISO 7064 MOD 11-2 check character of the first 17 digits of an 18-character identity number. */
export function cnIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('cnIdCheckChar needs 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * CN_ID_WEIGHTS[i]!;
  return CN_ID_CHECK[sum % 11]!;
}

/**
 * Hong Kong identity card check character of a 1–2 letter + 6 digit body: left-pad to 8 with a
 * space (value 36), letters A–Z are 10–35, weights 9…2, check = (11 − sum mod 11) mod 11, 10 → 'A'.
 */
export function hkIdCheckChar(body: string): string {
  if (!/^[A-Z]{1,2}\d{6}$/.test(body)) throw new RangeError('hkIdCheckChar needs 1–2 letters and 6 digits');
  const padded = body.padStart(8, ' ');
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const c = padded[i]!;
    const value = c === ' ' ? 36 : /\d/.test(c) ? Number(c) : c.charCodeAt(0) - 55;
    sum += value * (9 - i);
  }
  const check = (11 - (sum % 11)) % 11;
  return check === 10 ? 'A' : String(check);
}

/** Compact YYYYMMDD → ISO date if it is a real date, from 1900 on and not after `today`. */
function birthDateOf(yyyymmdd: string, today: string | undefined): string | undefined {
  const iso = `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
  if (!isIsoDate(iso) || iso < '1900-01-01') return undefined;
  if (today !== undefined && iso > today) return undefined;
  return iso;
}

/** 18-character mainland identity number layout, shared by the ID card and the residence permit. */
function parseCnIdLayout(v: string, today: string | undefined, regionOk: (region: string) => boolean): Parsed {
  if (!/^\d{17}[\dX]$/.test(v)) return { ok: false, reason: 'format' };
  if (!regionOk(v.slice(0, 6))) return { ok: false, reason: 'region' };
  const birthDate = birthDateOf(v.slice(6, 14), today);
  if (!birthDate) return { ok: false, reason: 'birth_date' };
  if (cnIdCheckChar(v.slice(0, 17)) !== v[17]) return { ok: false, reason: 'checksum' };
  return { value: v, birthDate, sex: Number(v[16]) % 2 === 1 ? 'M' : 'F' };
}

const RESIDENCE_PERMIT_REGIONS = new Set(['810000', '820000', '830000']);

function parseCnId(v: string, today?: string): Parsed {
  // 81/82/83 are reserved for residence permits; an ID card never starts with them.
  return parseCnIdLayout(v, today, (r) => isKnownRegionPrefix(r) && !RESIDENCE_PERMIT_REGIONS.has(`${r.slice(0, 2)}0000`));
}

function parseResidencePermit(v: string, today?: string): Parsed {
  return parseCnIdLayout(v, today, (r) => RESIDENCE_PERMIT_REGIONS.has(r));
}

/**
 * Foreigner's permanent residence ID. 2023 card: `9` + 2-digit province of issue + 3-digit
 * nationality + YYYYMMDD birth date + 3-digit sequence + MOD 11-2 check (like cn_id).
 * 2017 card: 3-letter nationality + 4 digits + YYMMDD + 2 digits, no public check.
 */
function parseForeignerPr(v: string, today?: string): Parsed {
  if (/^9\d{16}[\dX]$/.test(v)) {
    const province = v.slice(1, 3);
    if (province === '81' || province === '82' || province === '83' || !isKnownRegionPrefix(`${province}0000`)) return { ok: false, reason: 'region' };
    const birthDate = birthDateOf(v.slice(6, 14), today);
    if (!birthDate) return { ok: false, reason: 'birth_date' };
    if (cnIdCheckChar(v.slice(0, 17)) !== v[17]) return { ok: false, reason: 'checksum' };
    return { value: v, birthDate };
  }
  if (/^[A-Z]{3}\d{12}$/.test(v)) {
    // The century of YYMMDD is not printed; the date must exist in one of the two candidates.
    const yymmdd = v.slice(7, 13);
    const candidates = [`19${yymmdd}`, `20${yymmdd}`].map((d) => birthDateOf(d, today)).filter(Boolean);
    if (candidates.length === 0) return { ok: false, reason: 'birth_date' };
    return { value: v };
  }
  return { ok: false, reason: 'format' };
}

/** Home Return Permit: H/M + 8 digits; 2 trailing renewal digits on older cards are dropped. */
function parseHkmoPermit(v: string): Parsed {
  const m = /^([HM]\d{8})(\d{2})?$/.exec(v);
  return m ? { value: m[1]! } : { ok: false, reason: 'format' };
}

function parseTwPermit(v: string): Parsed {
  return /^\d{8}$/.test(v) ? { value: v } : { ok: false, reason: 'format' };
}

/** Hong Kong identity card, canonical form `A123456(3)`. Brackets may be missing or full-width. */
function parseHkId(v: string): Parsed {
  const m = /^([A-Z]{1,2}\d{6})(?:\(([\dA])\)|([\dA]))$/.exec(v);
  if (!m) return { ok: false, reason: 'format' };
  const body = m[1]!;
  const check = m[2] ?? m[3]!;
  if (hkIdCheckChar(body) !== check) return { ok: false, reason: 'checksum' };
  return { value: `${body}(${check})` };
}

/** Macau identity card, canonical `1234567(8)`; older cards print `1/234567/8`. Shape only. */
function parseMoId(v: string): Parsed {
  const m = /^([157])(?:(\d{6})\(?(\d)\)?|\/(\d{6})\/(\d))$/.exec(v);
  if (!m) return { ok: false, reason: 'format' };
  const digits = m[2] ?? m[4]!;
  const check = m[3] ?? m[5]!;
  // Reject half-bracketed forms like `1234567(8` that the optional groups would let through.
  const bare = `${m[1]}${digits}${check}`;
  if (v !== bare && v !== `${m[1]}${digits}(${check})` && v !== `${m[1]}/${digits}/${check}`) return { ok: false, reason: 'format' };
  return { value: `${m[1]}${digits}(${check})` };
}

function parsePassport(v: string): Parsed {
  return /^[A-Z0-9]{5,17}$/.test(v) ? { value: v } : { ok: false, reason: 'format' };
}

/**
 * Normalises (trim, upper-case, full-width → half-width, HK/Macau brackets, HRP renewal
 * digits dropped) and validates. `changed` tells the UI to show the normalised form.
 * `today` (YYYY-MM-DD, Asia/Shanghai) rejects birth dates in the future when given.
 */
export function parseDocNumber(docType: DocType, raw: string, today?: string): DocParseResult {
  if (typeof raw !== 'string') return { ok: false, reason: 'format' };
  const v = canonicalChars(raw);
  if (v === '') return { ok: false, reason: 'empty' };
  let parsed: Parsed;
  switch (docType) {
    case 'cn_id':
      parsed = parseCnId(v, today);
      break;
    case 'residence_permit':
      parsed = parseResidencePermit(v, today);
      break;
    case 'foreigner_pr':
      parsed = parseForeignerPr(v, today);
      break;
    case 'hkmo_permit':
      parsed = parseHkmoPermit(v);
      break;
    case 'tw_permit':
      parsed = parseTwPermit(v);
      break;
    case 'hk_id':
      parsed = parseHkId(v);
      break;
    case 'mo_id':
      parsed = parseMoId(v);
      break;
    case 'passport':
      parsed = parsePassport(v);
      break;
    default:
      return { ok: false, reason: 'format' };
  }
  if ('ok' in parsed) return parsed;
  const result: DocParseResult = { ok: true, value: parsed.value, changed: parsed.value !== raw };
  if (parsed.birthDate) result.birthDate = parsed.birthDate;
  if (parsed.sex) result.sex = parsed.sex;
  return result;
}

/**
 * Masks a personal number: first 4 and last 4 characters kept, the rest `*`
 * (`4403**********1234`). Shorter values keep less (at most a quarter of the length at each
 * end) so that most of the number always stays hidden.
 */
export function maskDocNumber(value: string): string {
  const chars = Array.from(value ?? '');
  const keep = Math.min(4, Math.floor(chars.length / 4));
  if (keep === 0) return '*'.repeat(chars.length);
  const plain = chars.slice(0, keep).join('') + '*'.repeat(chars.length - 2 * keep) + chars.slice(-keep).join('');
  // Hong Kong and Macau numbers end in a bracketed check character: A1*****(3) reads as one,
  // A1******3) does not. Used only when it still hides at least half of the value.
  const bracketed = /^(.+)(\([0-9A-Za-z]\))$/u.exec(value ?? '');
  if (bracketed) {
    const body = Array.from(bracketed[1]!);
    const shaped = body.slice(0, keep).join('') + '*'.repeat(Math.max(0, body.length - keep)) + bracketed[2];
    if (2 * (body.length - keep) >= chars.length) return shaped;
  }
  return plain;
}
