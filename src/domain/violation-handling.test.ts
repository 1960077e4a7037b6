import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import zhCN from '../i18n/locales/zh-CN/domain.json' with { type: 'json' };
import zhHK from '../i18n/locales/zh-HK/domain.json' with { type: 'json' };
import en from '../i18n/locales/en/domain.json' with { type: 'json' };
import { toSimplified } from './names.ts';
import { POINT_VALUES } from './points.ts';
import { ONLINE_FINE_LIMIT_FEN, ONLINE_HANDLING_REASONS, type OnlineHandlingInput, canHandleOnline } from './violation-handling.ts';

/** A red-light camera violation (code 1625: 6 points, ¥200) handled by the owner with a clean licence. */
const base: OnlineHandlingInput = {
  fineFen: 20000,
  points: 6,
  source: 'camera',
  licenceStatus: 'A',
  currentCycleTotal: 0,
  handlerRelation: 'owner',
  occurredAt: '2026-11-01T08:12:00+08:00',
};

describe('worked examples (REFERENCE.md §3, §4)', () => {
  it('a camera violation within the simplified procedure can be handled online by owner, driver or renter', () => {
    for (const handlerRelation of ['owner', 'driver', 'renter'] as const) expect(canHandleOnline({ ...base, handlerRelation })).toEqual({ ok: true });
    expect(canHandleOnline({ ...base, points: 0, fineFen: 5000 })).toEqual({ ok: true });
  });

  it('only camera violations', () => {
    expect(canHandleOnline({ ...base, source: 'onsite' })).toEqual({ ok: false, reason: 'not_camera' });
  });

  it('fine at most ¥200', () => {
    expect(ONLINE_FINE_LIMIT_FEN).toBe(20000);
    expect(canHandleOnline({ ...base, fineFen: 20000 }).ok).toBe(true);
    expect(canHandleOnline({ ...base, fineFen: 20001 })).toEqual({ ok: false, reason: 'fine_over_limit' });
  });

  it('the licence state must be exactly A', () => {
    for (const licenceStatus of ['B', 'AH', 'H', 'D', 'M', 'HA']) {
      expect(canHandleOnline({ ...base, licenceStatus, currentCycleTotal: 3 }), licenceStatus).toEqual({ ok: false, reason: 'licence_not_normal' });
    }
  });

  it('the total must stay under 12; at 12 nothing more is accepted', () => {
    expect(canHandleOnline({ ...base, currentCycleTotal: 5 }).ok).toBe(true);
    expect(canHandleOnline({ ...base, currentCycleTotal: 6 })).toEqual({ ok: false, reason: 'points_would_reach_12' });
    expect(canHandleOnline({ ...base, points: 12 })).toEqual({ ok: false, reason: 'points_would_reach_12' });
    expect(canHandleOnline({ ...base, points: 0, currentCycleTotal: 11 }).ok).toBe(true);
    expect(canHandleOnline({ ...base, points: 0, currentCycleTotal: 12 })).toEqual({ ok: false, reason: 'already_full_points' });
    // Full points usually comes with state B: the more precise reason is given.
    expect(canHandleOnline({ ...base, points: 0, currentCycleTotal: 12, licenceStatus: 'B' })).toEqual({ ok: false, reason: 'already_full_points' });
  });

  it('a filer handles records with no points, or with points that occurred after the filing date', () => {
    const filer = { ...base, handlerRelation: 'filer' as const, filedOn: '2026-10-15' };
    expect(canHandleOnline({ ...filer, occurredAt: '2026-10-16T00:05:00+08:00' })).toEqual({ ok: true });
    expect(canHandleOnline({ ...filer, occurredAt: '2026-10-14T23:00:00+08:00' })).toEqual({ ok: false, reason: 'filer_points_before_filing' });
    // On the filing day itself it may have happened before the filing: refused.
    expect(canHandleOnline({ ...filer, occurredAt: '2026-10-15T20:00:00+08:00' })).toEqual({ ok: false, reason: 'filer_points_before_filing' });
    // The Shanghai date counts: 16:30 UTC on Oct 15 is 00:30 on Oct 16 in Shanghai.
    expect(canHandleOnline({ ...filer, occurredAt: new Date('2026-10-15T16:30:00Z') })).toEqual({ ok: true });
    expect(canHandleOnline({ ...filer, points: 0, occurredAt: '2026-01-01T10:00:00+08:00' })).toEqual({ ok: true });
    // An owner is not bound by the filing date.
    expect(canHandleOnline({ ...base, occurredAt: '2026-01-01T10:00:00+08:00', filedOn: '2026-10-15' })).toEqual({ ok: true });
  });

  it('when several reasons apply, the record’s own facts come first', () => {
    expect(canHandleOnline({ ...base, source: 'onsite', fineFen: 50000, licenceStatus: 'D', currentCycleTotal: 12 })).toEqual({ ok: false, reason: 'not_camera' });
    expect(canHandleOnline({ ...base, fineFen: 50000, licenceStatus: 'D', currentCycleTotal: 12 })).toEqual({ ok: false, reason: 'fine_over_limit' });
    expect(canHandleOnline({ ...base, licenceStatus: 'D', currentCycleTotal: 9 })).toEqual({ ok: false, reason: 'licence_not_normal' });
  });

  it('refuses malformed input', () => {
    expect(() => canHandleOnline({ ...base, points: 2 })).toThrow(RangeError);
    expect(() => canHandleOnline({ ...base, fineFen: 199.5 })).toThrow(RangeError);
    expect(() => canHandleOnline({ ...base, currentCycleTotal: -1 })).toThrow(RangeError);
    expect(() => canHandleOnline({ ...base, licenceStatus: '' })).toThrow(RangeError);
    expect(() => canHandleOnline({ ...base, licenceStatus: 'Q' })).toThrow(RangeError);
    expect(() => canHandleOnline({ ...base, occurredAt: 'soon' })).toThrow(RangeError);
    expect(() => canHandleOnline({ ...base, handlerRelation: 'filer' })).toThrow(RangeError);
    expect(() => canHandleOnline({ ...base, handlerRelation: 'filer', filedOn: '2026-02-30' })).toThrow(RangeError);
  });
});

describe('properties', () => {
  const input = fc.record({
    fineFen: fc.integer({ min: 0, max: 100000 }),
    points: fc.constantFrom(0, ...POINT_VALUES),
    source: fc.constantFrom('camera' as const, 'onsite' as const),
    licenceStatus: fc.constantFrom('A', 'B', 'AH', 'D', 'M', 'H'),
    currentCycleTotal: fc.integer({ min: 0, max: 24 }),
    handlerRelation: fc.constantFrom('owner' as const, 'driver' as const, 'filer' as const, 'renter' as const),
    filedOn: fc.constant('2026-06-01'),
    occurredAt: fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2026-12-31T00:00:00Z'), noInvalidDate: true }),
  });

  it('allowed exactly when every rule holds', () => {
    fc.assert(
      fc.property(input, (i) => {
        const r = canHandleOnline(i);
        const filerOk = i.handlerRelation !== 'filer' || i.points === 0 || i.occurredAt.getTime() >= Date.parse('2026-06-01T16:00:00Z');
        const allowed = i.source === 'camera' && i.fineFen <= 20000 && i.licenceStatus === 'A' && i.currentCycleTotal + i.points < 12 && filerOk;
        expect(r.ok).toBe(allowed);
        if (!r.ok) expect(ONLINE_HANDLING_REASONS).toContain(r.reason);
      }),
    );
  });
});

describe('reason texts in the domain catalogue', () => {
  const catalogues = { 'zh-CN': zhCN, 'zh-HK': zhHK, en } as const;
  for (const [lang, c] of Object.entries(catalogues)) {
    it(`${lang}: a text for every reason that names where to go`, () => {
      const texts = (c as unknown as Record<string, Record<string, string>>).onlineHandlingReasons!;
      expect(Object.keys(texts).sort()).toEqual([...ONLINE_HANDLING_REASONS].sort());
      for (const reason of ONLINE_HANDLING_REASONS) {
        const t = texts[reason]!;
        const where = { en: /violation-handling counter/, 'zh-CN': /违法处理窗口/, 'zh-HK': /違法處理窗口/ }[lang];
        expect(t, `${lang} ${reason}`).toMatch(where!);
      }
      const terms = (c as unknown as Record<string, Record<string, string>>).licenceTerms!;
      expect(Object.keys(terms).sort()).toEqual(['10', '6', 'long_term']);
    });
  }

  it('zh-HK texts are the Traditional counterparts of zh-CN', () => {
    for (const reason of ONLINE_HANDLING_REASONS) {
      const hk = toSimplified(zhHK.onlineHandlingReasons[reason]);
      // Only local usage differs: 人民币 spelled out, 查询 for 咨询, corner brackets for quotation marks.
      const normalised = hk.replace('200 元人民币', '200 元').replace('查询', '咨询').replace(/「/g, '“').replace(/」/g, '”');
      expect(normalised, reason).toBe(zhCN.onlineHandlingReasons[reason]);
    }
  });
});
