/**
 * Number plates and plate types. Source: REFERENCE.md §5 (plate type codes of GA 24.7, plate
 * formats of GA 36: ordinary, new-energy, two-plate cross-border 粤Z…港/澳, Hong Kong and Macau
 * single plates for 港车北上 / 澳车北上) and REGISTRY-FORMAT.md (northbound cars: plate type 20
 * carrying the Hong Kong or Macau plate).
 */

export const PLATE_TYPES: Record<string, string> = {
  '01': '大型汽车',
  '02': '小型汽车',
  '03': '使馆汽车',
  '04': '领馆汽车',
  '05': '境外汽车',
  '06': '外籍汽车',
  '07': '普通摩托车',
  '08': '轻便摩托车',
  '13': '低速车',
  '14': '拖拉机',
  '15': '挂车',
  '16': '教练汽车',
  '20': '临时入境汽车',
  '22': '临时行驶车',
  '23': '警用汽车',
  '26': '香港入出境车',
  '27': '澳门入出境车',
  '51': '大型新能源汽车',
  '52': '小型新能源汽车',
  '99': '其他',
};

export type PlateScheme = 'mainland' | 'hk_northbound' | 'mo_northbound';

export function isPlateType(v: string): boolean {
  return typeof v === 'string' && Object.hasOwn(PLATE_TYPES, v);
}

/** Province abbreviations that open a mainland plate. */
const P = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
/** Issuing-authority letter and serial characters: I and O are never used (confused with 1 and 0). */
const L = 'A-HJ-NP-Z';
const S = `[${L}0-9]`;
/** Energy letters of new-energy plates: D/A/B/C/E pure electric, F/G/H/J/K other. */
const E = '[A-HJK]';

const ORDINARY = new RegExp(`^[${P}][${L}]${S}{5}$`);
const NEW_ENERGY_SMALL = new RegExp(`^[${P}][${L}]${E}${S}\\d{4}$`);
const NEW_ENERGY_LARGE = new RegExp(`^[${P}][${L}]\\d{5}${E}$`);
const SUFFIXED = (suffix: string) => new RegExp(`^[${P}][${L}]${S}{4}${suffix}$`);
const TRAILER = SUFFIXED('挂');
const COACH = SUFFIXED('学');
const POLICE = SUFFIXED('警');
const CONSULATE = new RegExp(`^[${P}][${L}]\\d{4}领$`);
/** Embassy plates: `使` + 6 digits (older) or 6 digits + `使` (current black plates). */
const EMBASSY = /^(?:使\d{6}|\d{6}使)$/;
/** Agricultural tractor plates: province + 2-digit area + 5 digits (`鲁37 12345`). */
const TRACTOR = new RegExp(`^[${P}]\\d{2}\\d{5}$`);
const CROSS_BORDER_HK = new RegExp(`^粤Z${S}{4}港$`);
const CROSS_BORDER_MO = new RegExp(`^粤Z${S}{4}澳$`);
/** Hong Kong standard marks: two letters (no I, O, Q) + 1–4 digits not starting with 0. */
const HK_STANDARD = /^[A-HJ-NPR-Z]{2}[1-9]\d{0,3}$/;
/** Hong Kong personalised marks: up to 8 letters, digits and single spaces, at least one letter. */
const HK_PERSONALISED = /^(?=.*[A-Z])[A-Z0-9]+(?: [A-Z0-9]+)*$/;
const MACAU = /^[A-Z]{2}-\d{2}-\d{2}$/;

/** Which plate formats each type accepts on mainland plates. */
const MAINLAND_FORMATS: Record<string, RegExp[]> = {
  '01': [ORDINARY],
  '02': [ORDINARY],
  '03': [EMBASSY],
  '04': [CONSULATE],
  '05': [ORDINARY],
  '06': [ORDINARY],
  '07': [ORDINARY],
  '08': [ORDINARY],
  '13': [ORDINARY],
  '14': [TRACTOR, ORDINARY],
  '15': [TRAILER],
  '16': [COACH],
  '20': [ORDINARY],
  '22': [ORDINARY],
  '23': [POLICE],
  '26': [CROSS_BORDER_HK],
  '27': [CROSS_BORDER_MO],
  '51': [NEW_ENERGY_LARGE],
  '52': [NEW_ENERGY_SMALL],
  '99': [ORDINARY, NEW_ENERGY_SMALL, NEW_ENERGY_LARGE],
};

function halfWidthUpper(raw: string): string {
  return raw
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ')
    .toUpperCase()
    .trim();
}

function normaliseHk(v: string): string | null {
  const compact = v.replace(/\s+/g, '');
  if (HK_STANDARD.test(compact)) return compact;
  const spaced = v.replace(/\s+/g, ' ');
  return spaced.length <= 8 && HK_PERSONALISED.test(spaced) ? spaced : null;
}

function normaliseMacau(v: string): string | null {
  const m = /^([A-Z]{2})[\s-]*(\d{2})[\s-]*(\d{2})$/.exec(v);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null;
}

/**
 * Validates a plate for its type and scheme and returns its canonical form: upper-case,
 * half-width, without the separators people type (`粤B·12345`, `粤 B 12345`); Macau plates
 * as `MX-12-34`; Hong Kong standard marks without spaces. Northbound schemes (港车北上,
 * 澳车北上) require plate type 20 and carry the Hong Kong or Macau plate.
 */
export function validatePlate(
  plate: string,
  plateType: string,
  scheme: PlateScheme = 'mainland',
): { ok: true; value: string } | { ok: false; reason: string } {
  if (typeof plate !== 'string' || typeof plateType !== 'string') return { ok: false, reason: 'format' };
  if (!isPlateType(plateType)) return { ok: false, reason: 'plate_type' };
  // A plate already in its canonical form (as registry files carry them) needs no
  // normalising: every mainland format admits only characters that the normalising keeps.
  if (scheme === 'mainland' && MAINLAND_FORMATS[plateType]!.some((re) => re.test(plate))) return { ok: true, value: plate };
  const v = halfWidthUpper(plate);
  if (v === '') return { ok: false, reason: 'empty' };
  if (scheme === 'hk_northbound' || scheme === 'mo_northbound') {
    if (plateType !== '20') return { ok: false, reason: 'scheme_mismatch' };
    const value = scheme === 'hk_northbound' ? normaliseHk(v) : normaliseMacau(v);
    return value ? { ok: true, value } : { ok: false, reason: 'format' };
  }
  if (scheme !== 'mainland') return { ok: false, reason: 'scheme' };
  const compact = v.replace(/[\s·・.\-\u00B7\u2022\u30FB]/gu, '');
  if (MAINLAND_FORMATS[plateType]!.some((re) => re.test(compact))) return { ok: true, value: compact };
  // Say "this plate is another type" when the plate is well-formed for some other type,
  // which is the usual mistake (a green new-energy plate entered as 小型汽车).
  const otherType = Object.entries(MAINLAND_FORMATS).some(([type, formats]) => type !== plateType && type !== '99' && formats.some((re) => re.test(compact)));
  return { ok: false, reason: otherType ? 'type_mismatch' : 'format' };
}

/** Colour of the plate for display (GA 36); northbound cars show their Hong Kong / Macau plate. */
export function plateColour(plate: string, plateType: string): 'blue' | 'yellow' | 'green' | 'yellow-green' | 'black' | 'white' | 'hk' | 'mo' {
  switch (plateType) {
    case '01':
    case '07':
    case '13':
    case '15':
    case '16':
      return 'yellow';
    case '03':
    case '04':
    case '05':
    case '06':
    case '26':
    case '27':
      return 'black';
    case '14':
      return 'green';
    case '22':
    case '23':
      return 'white';
    case '51':
      return 'yellow-green';
    case '52':
      return 'green';
    case '20': {
      // Stored plates are canonical, and only Macau's carry dashes (`MX-12-34`), while
      // `MX1234` is a valid Hong Kong mark: so the dash, not the letters, decides.
      const v = typeof plate === 'string' ? halfWidthUpper(plate) : '';
      if (MACAU.test(v)) return 'mo';
      if (normaliseHk(v)) return 'hk';
      return 'blue';
    }
    default: {
      // 02, 08 and 99: blue, unless the plate itself is a new-energy plate.
      const v = typeof plate === 'string' ? halfWidthUpper(plate).replace(/[\s·.\-]/gu, '') : '';
      if (NEW_ENERGY_LARGE.test(v)) return 'yellow-green';
      if (NEW_ENERGY_SMALL.test(v)) return 'green';
      return 'blue';
    }
  }
}
