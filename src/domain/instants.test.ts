import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isoInstant, parseInstant, parseInstantGeneral } from './instants.ts';

/** What the importer did before the hand-written path: pattern, calendar date, Date.parse, toISOString. */
const reference = (v: string): string | null => {
  const ms = parseInstantGeneral(v);
  return ms === null ? null : new Date(ms).toISOString();
};
const canonical = (v: string): string | null => {
  const ms = parseInstant(v);
  return ms === null ? null : isoInstant(ms);
};

describe('worked examples', () => {
  it('reads the shapes of REGISTRY-FORMAT.md into canonical UTC', () => {
    expect(canonical('2025-10-03T21:04:00+08:00')).toBe('2025-10-03T13:04:00.000Z');
    expect(canonical('2025-10-03T21:04+08:00')).toBe('2025-10-03T13:04:00.000Z');
    expect(canonical('2025-10-03T01:04:05.5Z')).toBe('2025-10-03T01:04:05.500Z');
    expect(canonical('2025-01-01T02:00:00.123+08:00')).toBe('2024-12-31T18:00:00.123Z');
    expect(canonical('2024-02-29T23:30:00-01:00')).toBe('2024-03-01T00:30:00.000Z');
    expect(canonical('2025-10-03T21:04:00.123456789Z')).toBe(reference('2025-10-03T21:04:00.123456789Z'));
  });

  it('refuses what is not an instant', () => {
    for (const v of ['2023-02-29T10:00:00Z', '2025-13-01T10:00Z', '2025-10-03T21:04:00', '2025-10-03 21:04:00Z', '2025-10-03T25:00:00Z', '2025-10-03T21:60Z', '2025-10-03T21:04:00.Z', '2025-10-03T21:04:00+0800', '２０２５-10-03T21:04Z', ''])
      expect(canonical(v), v).toBeNull();
  });

  it('leaves unusual but valid shapes to Date.parse (hour 24, early years)', () => {
    for (const v of ['2025-10-03T24:00:00Z', '0999-10-03T12:00:00Z', '0001-01-01T00:00:00+01:00', '9999-12-31T23:59:59-01:00'])
      expect(canonical(v), v).toBe(reference(v));
  });
});

describe('properties', () => {
  const digits = (n: number) => fc.array(fc.constantFrom(...'0123456789'), { minLength: n, maxLength: n }).map((a) => a.join(''));
  // Components drawn from all two-digit values, so that out-of-range hours, minutes, months and offsets are common.
  const shaped = fc
    .tuple(
      fc.oneof(fc.integer({ min: 1000, max: 9999 }).map(String), digits(4)),
      digits(2),
      digits(2),
      digits(2),
      digits(2),
      fc.option(fc.tuple(digits(2), fc.option(fc.integer({ min: 0, max: 9 }).chain((n) => digits(n)), { nil: undefined })), { nil: undefined }),
      fc.oneof(fc.constant('Z'), fc.tuple(fc.constantFrom('+', '-'), digits(2), digits(2)).map(([s, h, m]) => `${s}${h}:${m}`), fc.constant('+08:00')),
    )
    .map(([y, mo, d, h, mi, sec, zone]) => `${y}-${mo}-${d}T${h}:${mi}${sec ? `:${sec[0]}${sec[1] === undefined ? '' : `.${sec[1]}`}` : ''}${zone}`);

  it('the hand-written path gives what the pattern, Date.parse and toISOString give', () => {
    fc.assert(fc.property(shaped, (v) => {
        expect(canonical(v)).toBe(reference(v));
      }), { numRuns: 20_000 });
  });

  it('also on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 30 }), (v) => {
        expect(canonical(v)).toBe(reference(v));
      }), { numRuns: 5_000 });
  });

  it('isoInstant is toISOString', () => {
    const ms = fc.integer({ min: -62_198_755_200_000, max: 253_402_300_799_999 });
    fc.assert(fc.property(ms, (t) => {
        expect(isoInstant(t)).toBe(new Date(t).toISOString());
      }), { numRuns: 20_000 });
  });
});
