import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as OpenCC from 'opencc-js/t2cn';
import { checkName, mayConvert, toSimplified } from './names.ts';
import { DOC_TYPES } from './id-documents.ts';

/** Any text: graphemes from all of Unicode, and raw UTF-16 units (lone surrogates included). */
const anyText = (maxLength: number) =>
  fc.oneof(fc.string({ unit: 'grapheme', maxLength }), fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength }));

describe('worked examples (REFERENCE.md §1)', () => {
  it('Traditional names are refused with the Simplified form as suggestion', () => {
    expect(checkName('陳大文', 'hk_id')).toEqual({ ok: false, code: 'name_not_simplified', suggestion: '陈大文' });
    expect(checkName('鄭麗華', 'hkmo_permit')).toEqual({ ok: false, code: 'name_not_simplified', suggestion: '郑丽华' });
    expect(checkName('黃國強', 'mo_id')).toEqual({ ok: false, code: 'name_not_simplified', suggestion: '黄国强' });
    // Taiwan variant 臺 and Hong Kong variant 綫
    expect(toSimplified('臺灣')).toBe('台湾');
    expect(toSimplified('綫')).toBe('线');
  });

  it('characters standard in the 通用规范汉字表 are not "Traditional", though OpenCC maps them', () => {
    for (const name of ['李乾', '张著', '於丹', '赵昇', '刘陞', '陆徵']) expect(checkName(name, 'cn_id')).toEqual({ ok: true, value: name });
    expect(checkName('陳乾', 'hk_id')).toEqual({ ok: false, code: 'name_not_simplified', suggestion: '陈乾' });
    expect(checkName('鬆濤', 'hk_id')).toEqual({ ok: false, code: 'name_not_simplified', suggestion: '松涛' });
  });

  it('Simplified names pass, trimmed', () => {
    expect(checkName('陈大文', 'hk_id')).toEqual({ ok: true, value: '陈大文' });
    expect(checkName('  张三 ', 'cn_id')).toEqual({ ok: true, value: '张三' });
    expect(checkName('张 三', 'cn_id')).toEqual({ ok: true, value: '张三' });
  });

  it('middle dot between parts; look-alike dots normalised', () => {
    expect(checkName('阿沛·阿旺晋美', 'cn_id')).toEqual({ ok: true, value: '阿沛·阿旺晋美' });
    expect(checkName('阿沛‧阿旺晋美', 'cn_id')).toEqual({ ok: true, value: '阿沛·阿旺晋美' });
    expect(checkName('阿沛・阿旺晋美', 'cn_id')).toEqual({ ok: true, value: '阿沛·阿旺晋美' });
    expect(checkName('·阿沛', 'cn_id')).toEqual({ ok: false, code: 'invalid_name' });
    expect(checkName('阿沛·', 'cn_id')).toEqual({ ok: false, code: 'invalid_name' });
    expect(checkName('阿沛··阿旺', 'cn_id')).toEqual({ ok: false, code: 'invalid_name' });
  });

  it('length 2–30 and allowed characters', () => {
    expect(checkName('张', 'cn_id')).toEqual({ ok: false, code: 'invalid_name' });
    expect(checkName('张'.repeat(30), 'cn_id')).toMatchObject({ ok: true });
    expect(checkName('张'.repeat(31), 'cn_id')).toEqual({ ok: false, code: 'invalid_name' });
    expect(checkName('张3', 'cn_id')).toEqual({ ok: false, code: 'invalid_name' });
    expect(checkName('', 'cn_id')).toEqual({ ok: false, code: 'invalid_name' });
  });

  it('Latin letters and spaces only for passport', () => {
    expect(checkName('  John   Smith ', 'passport')).toEqual({ ok: true, value: 'John Smith' });
    expect(checkName('John Smith', 'hk_id')).toEqual({ ok: false, code: 'invalid_name' });
    expect(checkName('John-Smith', 'passport')).toEqual({ ok: false, code: 'invalid_name' });
    expect(checkName('陳大文', 'passport')).toEqual({ ok: false, code: 'name_not_simplified', suggestion: '陈大文' });
    expect(checkName('J', 'passport')).toEqual({ ok: false, code: 'invalid_name' });
  });
});

describe('properties', () => {
  const simplifiedHan = fc.constantFrom(...'张王李赵陈刘杨黄吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤大文明华国强伟芳敏静丽军杰涛'.split(''));

  it('Simplified names round-trip: accepted, and their value accepted again unchanged', () => {
    fc.assert(
      fc.property(fc.array(simplifiedHan, { minLength: 2, maxLength: 30 }), fc.constantFrom(...DOC_TYPES), (chars, docType) => {
        const name = chars.join('');
        const r = checkName(name, docType);
        expect(r).toEqual({ ok: true, value: name });
        expect(checkName(`  ${name} `, docType)).toEqual(r);
      }),
    );
  });

  it('a suggestion is always itself an acceptable name', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...'陳鄭黃國麗華劉張馬趙楊吳孫東龍葉鍾譚陸'.split('')), { minLength: 2, maxLength: 10 }), (chars) => {
        const r = checkName(chars.join(''), 'hk_id');
        expect(r.ok).toBe(false);
        if (!r.ok && r.code === 'name_not_simplified') expect(checkName(r.suggestion, 'hk_id')).toEqual({ ok: true, value: r.suggestion });
      }),
    );
  });

  it('random input never throws', () => {
    fc.assert(
      fc.property(anyText(40), fc.constantFrom(...DOC_TYPES), (s, docType) => {
        const r = checkName(s, docType);
        expect(typeof r.ok).toBe('boolean');
        expect(typeof toSimplified(s)).toBe('string');
      }),
    );
  });
});

describe('names that read like words', () => {
  it('keeps a Simplified name that OpenCC would read as a Traditional word (沈默 is a name, not 沉默)', () => {
    expect(checkName('沈默', 'cn_id')).toEqual({ ok: true, value: '沈默' });
    expect(checkName('沈阳', 'cn_id')).toEqual({ ok: true, value: '沈阳' });
    expect(checkName('陳默', 'hk_id')).toEqual({ ok: false, code: 'name_not_simplified', suggestion: '陈默' });
  });
});

describe('the fast path for names no dictionary changes', () => {
  // The converters toSimplified runs, built here independently of its fast path.
  const converters = [OpenCC.Converter({ from: 'hk', to: 'cn' }), OpenCC.Converter({ from: 'tw', to: 'cn' }), OpenCC.Converter({ from: 't', to: 'cn' })];
  const unchangedByAll = (s: string) => converters.every((convert) => convert(s) === s);

  it('finds the characters that trigger a change, and only takes the full conversion for them', () => {
    for (const c of '發陳臺灣綫沈著') expect(mayConvert(c)).toBe(true);
    expect(mayConvert('张伟')).toBe(false);
    expect(mayConvert('欧阳子轩')).toBe(false);
    expect(toSimplified('沈默')).toBe('沈默');
  });

  it('every CJK Unified Ideograph it lets through is unchanged by every converter', () => {
    let through = 0;
    for (let c = 0x4e00; c <= 0x9fff; c++) {
      const s = String.fromCodePoint(c);
      if (mayConvert(s)) continue;
      through++;
      if (!unchangedByAll(s)) expect.fail(`${s} (U+${c.toString(16)}) is converted but took the fast path`);
    }
    // Most of the block is untouched by the dictionaries; a fast path that never fires would pass the check above vacuously.
    expect(through).toBeGreaterThan(15_000);
  });

  it('property: texts it lets through are unchanged by every converter (phrases included)', () => {
    // Characters of Simplified names and of phrase entries (沈默 → 沉默, 一干二淨), Traditional ones, and anything.
    const han = fc.constantFrom(...Array.from('张王李沈默一干二淨著于後后發髮面麵里裡台臺系係欧阳子轩鐘钟乾隆皇帝云雲'));
    const text = fc.oneof(fc.array(han, { maxLength: 8 }).map((a) => a.join('')), anyText(12));
    let fast = 0;
    fc.assert(
      fc.property(text, (s) => {
        if (mayConvert(s)) return;
        fast++;
        expect(unchangedByAll(s)).toBe(true);
        expect(toSimplified(s)).toBe(s);
      }),
      { numRuns: 2000 },
    );
    expect(fast).toBeGreaterThan(100);
  });
});
