import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatDate, formatYuan, normaliseDecisionNo } from './format.ts';

describe('formatYuan', () => {
  it('shows integer fen as yuan with two decimals', () => {
    expect(formatYuan(25400)).toBe('¥254.00');
    expect(formatYuan(5)).toBe('¥0.05');
    expect(formatYuan(0)).toBe('¥0.00');
    expect(formatYuan(123456789)).toBe('¥1,234,567.89');
  });
  it('reads back to the same number of fen for any amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 12 }), (fen) => {
        const text = formatYuan(fen).slice(1).replace(/,/g, '');
        const [yuan, cents] = text.split('.');
        expect(cents).toHaveLength(2);
        expect(Number(yuan) * 100 + Number(cents)).toBe(fen);
      }),
    );
  });
});

describe('formatDate', () => {
  it('prints a Beijing calendar date in each language without moving it', () => {
    expect(formatDate('2026-12-10', 'zh-CN')).toBe('2026年12月10日');
    expect(formatDate('2026-12-10', 'zh-HK')).toBe('2026年12月10日');
    expect(formatDate('2026-12-10', 'en')).toBe('10 Dec 2026');
    expect(formatDate('later', 'en')).toBe('later');
  });
});

describe('normaliseDecisionNo', () => {
  it('accepts 15 or 16 digits, with the spaces people type while copying', () => {
    expect(normaliseDecisionNo('4403001020261020')).toBe('4403001020261020');
    expect(normaliseDecisionNo(' 4403 0010 2026 1020 ')).toBe('4403001020261020');
    expect(normaliseDecisionNo('440300102026102')).toBe('440300102026102');
  });
  it('refuses anything else', () => {
    for (const bad of ['', '44030010202610', '44030010202610201', '4403001020261O20']) expect(normaliseDecisionNo(bad)).toBeNull();
  });
});
