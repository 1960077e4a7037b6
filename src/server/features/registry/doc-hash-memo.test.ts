import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rememberingDocHash } from './doc-hash-memo.ts';

const keyOf = (t: string, n: string) => `${t}:${n}`;
const doc = (n: string) => ({ docType: 'CN_ID', docNumber: n });

describe('rememberingDocHash', () => {
  it('hashes a document once while it is remembered, and again once it was pushed out', () => {
    const asked: string[] = [];
    const h = rememberingDocHash((d: { docNumber: string }) => (asked.push(d.docNumber), `h(${d.docNumber})`), keyOf, 2);
    expect([h(doc('a')), h(doc('a')), h(doc('b')), h(doc('a'))]).toEqual(['h(a)', 'h(a)', 'h(b)', 'h(a)']);
    expect(asked).toEqual(['a', 'b']);
    h(doc('c')); // the memo is full: `a`, the oldest, goes
    expect(h(doc('b'))).toBe('h(b)');
    expect(asked).toEqual(['a', 'b', 'c']);
    expect(h(doc('a'))).toBe('h(a)');
    expect(asked).toEqual(['a', 'b', 'c', 'a']);
  });

  it('tells documents of different types apart', () => {
    const h = rememberingDocHash((d: { docType: string; docNumber: string }) => keyOf(d.docType, d.docNumber), keyOf, 4);
    expect(h({ docType: 'HK_ID', docNumber: 'A1234563' })).toBe('HK_ID:A1234563');
    expect(h({ docType: 'HK_PERMIT', docNumber: 'A1234563' })).toBe('HK_PERMIT:A1234563');
  });

  it('always answers what the hash answers, and never asks more often than without it', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 200 }), fc.integer({ min: 1, max: 8 }), (numbers, capacity) => {
        let calls = 0;
        const h = rememberingDocHash((d: { docNumber: string }) => (calls++, `#${d.docNumber}`), keyOf, capacity);
        for (const n of numbers) expect(h(doc(String(n)))).toBe(`#${n}`);
        expect(calls).toBeLessThanOrEqual(numbers.length);
        expect(calls).toBeGreaterThanOrEqual(new Set(numbers).size);
      }),
    );
  });

  it('refuses a capacity that is not a positive whole number', () => {
    expect(() => rememberingDocHash(() => '', keyOf, 0)).toThrow(RangeError);
  });
});
