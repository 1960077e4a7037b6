import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { firstNonNdjsonLine, formatDateTime, oldestFirst, waitedParts } from './format.ts';

describe('formatDateTime', () => {
  it('shows instants in Asia/Shanghai whatever the desk time zone is', () => {
    // 02:30 UTC is 10:30 in Shanghai (tests run with TZ=UTC).
    expect(formatDateTime('2026-11-25T02:30:00Z', 'zh-CN')).toBe('2026/11/25 10:30');
    expect(formatDateTime('2026-11-25T16:05:00Z', 'en')).toBe('11/26/2026, 00:05');
    // ICU puts a no-break space in some locales' patterns; compare the visible text.
    expect(formatDateTime('2026-11-25T02:30:00Z', 'zh-HK').replace(/\s/g, ' ')).toBe('25/11/2026 10:30');
  });
  it('passes through what is not an instant instead of printing "Invalid Date"', () => {
    expect(formatDateTime('not a date', 'en')).toBe('not a date');
    expect(formatDateTime(null, 'en')).toBe('');
  });
});

describe('waitedParts', () => {
  const now = Date.parse('2026-11-25T10:00:00Z');
  it("prefers the server's count of minutes over the desk clock", () => {
    expect(waitedParts(1 * 1440 + 6 * 60 + 5, '2026-11-25T09:59:00Z', now)).toEqual({ days: 1, hours: 6, minutes: 5 });
  });
  it('computes the wait locally when the server gives none', () => {
    expect(waitedParts(undefined, '2026-11-25T07:45:00Z', now)).toEqual({ days: 0, hours: 2, minutes: 15 });
  });
  it('gives no wait for a moment in the future (desk clock behind) or a bad date', () => {
    expect(waitedParts(undefined, '2026-11-25T10:05:00Z', now)).toBeUndefined();
    expect(waitedParts(undefined, 'garbage', now)).toBeUndefined();
    expect(waitedParts(-3, '2026-11-25T07:45:00Z', now)).toBeUndefined();
  });
  it('splits any wait into parts that add back up to it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), (m) => {
        const p = waitedParts(m, '', now)!;
        expect(p.days * 1440 + p.hours * 60 + p.minutes).toBe(m);
        expect(p.hours).toBeLessThan(24);
        expect(p.minutes).toBeLessThan(60);
      }),
    );
  });
});

describe('oldestFirst', () => {
  it('orders by waitingSince, falling back to createdAt, without touching the input', () => {
    const items = [
      { id: 'b', waitingSince: '2026-11-25T03:00:00Z', createdAt: '2026-11-25T03:00:00Z' },
      { id: 'c', waitingSince: null, createdAt: '2026-11-24T01:00:00Z' },
      { id: 'a', waitingSince: '2026-11-25T01:00:00Z', createdAt: '2026-11-25T01:00:00Z' },
    ];
    expect(oldestFirst(items).map((i) => i.id)).toEqual(['c', 'a', 'b']);
    expect(items.map((i) => i.id)).toEqual(['b', 'c', 'a']);
  });
});

describe('firstNonNdjsonLine', () => {
  it('accepts NDJSON with blank lines, CRLF and a byte-order mark', () => {
    expect(firstNonNdjsonLine('\uFEFF{"kind":"person"}\r\n\r\n{"kind":"licence"}\r\n', true)).toBe(0);
  });
  it('names the first line that is not a JSON object', () => {
    expect(firstNonNdjsonLine('{"a":1}\nname,sex\n{"b":2}\n', true)).toBe(2);
    expect(firstNonNdjsonLine('[{"a":1}]\n', true)).toBe(1);
    expect(firstNonNdjsonLine('{"a":1}\n42\n', true)).toBe(2);
  });
  it('does not judge the last line of a partial sample, which may be cut short', () => {
    expect(firstNonNdjsonLine('{"a":1}\n{"b":', false)).toBe(0);
    expect(firstNonNdjsonLine('{"a":1}\n{"b":', true)).toBe(2);
  });
  it('accepts any list of JSON objects written one per line', () => {
    fc.assert(
      fc.property(fc.array(fc.dictionary(fc.string(), fc.jsonValue())), (objects) => {
        expect(firstNonNdjsonLine(objects.map((o) => JSON.stringify(o)).join('\n'), true)).toBe(0);
      }),
    );
  });
});
