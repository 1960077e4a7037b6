import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { citiesOf, isKnownRegionPrefix, isRegistrationCity, provinces, regionName } from './regions.ts';

describe('worked examples (REFERENCE.md §1, GB/T 2260)', () => {
  it('provinces include the 4 municipalities, not Hong Kong, Macau or Taiwan', () => {
    const codes = provinces().map((p) => p.code);
    for (const m of ['110000', '120000', '310000', '500000']) expect(codes).toContain(m);
    expect(codes).toContain('440000');
    expect(codes).not.toContain('810000');
    expect(codes).not.toContain('710000');
    expect(provinces().find((p) => p.code === '440000')).toEqual({ code: '440000', name: '广东省' });
  });

  it('a municipality is its own single city', () => {
    expect(citiesOf('110000')).toEqual([{ code: '110000', name: '北京市' }]);
    expect(citiesOf('500000')).toEqual([{ code: '500000', name: '重庆市' }]);
  });

  it('cities of Guangdong, and directly administered county-level cities instead of umbrella codes', () => {
    const gd = citiesOf('440000');
    expect(gd).toContainEqual({ code: '440300', name: '深圳市' });
    expect(gd).toContainEqual({ code: '440400', name: '珠海市' });
    expect(gd).toHaveLength(21);
    const hubei = citiesOf('420000').map((c) => c.code);
    expect(hubei).toContain('429004'); // 仙桃市
    expect(hubei).not.toContain('429000');
    expect(citiesOf('999999')).toEqual([]);
    expect(citiesOf('810000')).toEqual([]);
  });

  it('registration cities', () => {
    for (const c of ['440300', '440400', '110000', '310000', '429004']) expect(isRegistrationCity(c)).toBe(true);
    for (const c of ['440000', '440305', '810000', '999999', '', '44030']) expect(isRegistrationCity(c)).toBe(false);
  });

  it('names', () => {
    expect(regionName('440300')).toBe('深圳市');
    expect(regionName('440000')).toBe('广东省');
    expect(regionName('810000')).toBe('香港特别行政区');
    expect(regionName('000000')).toBeUndefined();
  });

  it('identity-number region prefixes', () => {
    expect(isKnownRegionPrefix('110105')).toBe(true);
    expect(isKnownRegionPrefix('440305')).toBe(true);
    for (const c of ['810000', '820000', '830000']) expect(isKnownRegionPrefix(c)).toBe(true);
    for (const c of ['710000', '990000', '000000', '19xxxx', '4403']) expect(isKnownRegionPrefix(c)).toBe(false);
  });
});

describe('properties', () => {
  it('every city of every province is a registration city whose code starts with its province', () => {
    for (const p of provinces()) {
      const cities = citiesOf(p.code);
      expect(cities.length).toBeGreaterThan(0);
      for (const c of cities) {
        expect(c.code.slice(0, 2)).toBe(p.code.slice(0, 2));
        expect(isRegistrationCity(c.code)).toBe(true);
        expect(regionName(c.code)).toBe(c.name);
      }
    }
  });

  it('returned lists are copies: callers cannot corrupt the data', () => {
    citiesOf('110000')[0]!.name = 'x';
    provinces().pop();
    expect(citiesOf('110000')[0]!.name).toBe('北京市');
    expect(provinces().length).toBe(31);
  });

  it('random input never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^\d{6}$/)), (s) => {
        expect(typeof isRegistrationCity(s)).toBe('boolean');
        expect(typeof isKnownRegionPrefix(s)).toBe('boolean');
        expect(Array.isArray(citiesOf(s))).toBe(true);
        regionName(s);
      }),
    );
  });
});
