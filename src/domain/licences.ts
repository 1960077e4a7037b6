/**
 * Driving licences: classes, state letters and archive numbers. Source: REFERENCE.md §2
 * (令162/172: classes A1…P incl. C6 since 2022-04-01; state letters; 12-digit 档案编号).
 */

/** Permitted vehicle classes (准驾车型) in the order licences print them. */
export const LICENCE_CLASSES: readonly string[] = ['A1', 'A2', 'A3', 'B1', 'B2', 'C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'D', 'E', 'F', 'M', 'N', 'P'];

/** Licence states (驾驶证状态); a licence carries one or more letters, e.g. `BH`. */
export const LICENCE_STATES: Record<string, string> = {
  A: '正常',
  B: '超分',
  C: '转出',
  D: '暂扣',
  E: '撤销',
  F: '吊销',
  G: '注销',
  H: '违法未处理',
  I: '事故未处理',
  J: '停止使用',
  K: '扣押',
  L: '锁定',
  M: '逾期未换证',
  N: '延期换证',
  P: '延期体检',
  R: '注销可恢复',
  S: '逾期未审验',
  T: '延期审验',
  U: '扣留',
  Z: '其他',
};

/**
 * `"C1E"`, `"C1 E"`, `"c1,e"`, `"A2D"` → the classes in canonical order, without duplicates;
 * null if empty or if any part is not a class. Two-character classes are matched first, so
 * `"A2D"` reads A2 + D and never A + 2.
 */
export function parseLicenceClasses(v: string): string[] | null {
  if (typeof v !== 'string') return null;
  const s = v.toUpperCase().replace(/[\s,，、/;+]/gu, '');
  if (s === '') return null;
  const found = new Set<string>();
  let i = 0;
  while (i < s.length) {
    const two = s.slice(i, i + 2);
    if (two.length === 2 && /\d/.test(two[1]!) && LICENCE_CLASSES.includes(two)) {
      found.add(two);
      i += 2;
    } else if (LICENCE_CLASSES.includes(s[i]!)) {
      found.add(s[i]!);
      i += 1;
    } else {
      return null;
    }
  }
  return LICENCE_CLASSES.filter((c) => found.has(c));
}

/** `"A"` → `['A']`, `"BH"` → `['B','H']`; null when empty or a letter is not a state. */
export function parseLicenceStatus(v: string): string[] | null {
  if (typeof v !== 'string' || v === '') return null;
  const letters: string[] = [];
  for (const c of v) {
    if (!Object.hasOwn(LICENCE_STATES, c)) return null;
    if (!letters.includes(c)) letters.push(c);
  }
  return letters;
}

/** 档案编号: 12 digits, printed on the licence's second page. */
export function isArchiveNumber(v: string): boolean {
  return typeof v === 'string' && /^\d{12}$/.test(v);
}
