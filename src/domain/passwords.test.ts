import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkPassword, passwordScore, PASSWORD_MAX_LENGTH } from './passwords.ts';

/** Any text: graphemes from all of Unicode, and raw UTF-16 units (lone surrogates included). */
const anyText = (maxLength: number) =>
  fc.oneof(fc.string({ unit: 'grapheme', maxLength }), fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength }));

const personal = { phone: '13812345678', docNumber: '440305199003070014', name: '陈大文' };

describe('worked examples (REFERENCE.md §1, NIST SP 800-63B)', () => {
  it('length: at least 8, at most 128 characters', () => {
    expect(checkPassword('', personal)).toEqual({ ok: false, reason: 'too_short' });
    expect(checkPassword('x7#Kp2!', personal)).toEqual({ ok: false, reason: 'too_short' });
    expect(checkPassword('q'.repeat(PASSWORD_MAX_LENGTH + 1), personal)).toEqual({ ok: false, reason: 'too_long' });
  });

  it('common and patterned passwords are guessable; no composition rules otherwise', () => {
    for (const pw of ['password', 'password1', '87654321', 'qwertyuiop', 'iloveyou123', 'aaaaaaaaaaaa', 'abcd1234']) {
      expect(checkPassword(pw, personal)).toEqual({ ok: false, reason: 'guessable' });
    }
    // all lower-case letters and spaces, yet strong: no rule demands digits or symbols
    expect(checkPassword('walnut orchard lantern', personal)).toMatchObject({ ok: true });
    expect(checkPassword('Tq8#vLm2!zR4', personal)).toMatchObject({ ok: true, score: 4 });
  });

  it('the phone or document number is refused, however it is dressed up', () => {
    expect(checkPassword('13812345678', personal)).toEqual({ ok: false, reason: 'personal' });
    expect(checkPassword('138 1234 5678', personal)).toEqual({ ok: false, reason: 'personal' });
    expect(checkPassword('my13812345678!', personal)).toEqual({ ok: false, reason: 'personal' });
    expect(checkPassword('440305199003070014', personal)).toEqual({ ok: false, reason: 'personal' });
    expect(checkPassword('Zx!99003070014', personal)).toEqual({ ok: false, reason: 'personal' });
    // '12345678' is the phone's last 8 digits
    expect(checkPassword('12345678', personal)).toEqual({ ok: false, reason: 'personal' });
    // the same password is fine for someone else
    expect(checkPassword('440305199003070014', {})).not.toEqual({ ok: false, reason: 'personal' });
  });

  it('strength meter scores', () => {
    expect(passwordScore('')).toBe(0);
    expect(passwordScore('password')).toBe(0);
    expect(passwordScore('Tq8#vLm2!zR4')).toBe(4);
  });
});

describe('properties', () => {
  it('a password containing the phone number is always refused', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^1[3-9]\d{9}$/), fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 }), (phone, before, after) => {
        expect(checkPassword(before + phone + after, { phone })).toMatchObject({ ok: false });
      }),
      { numRuns: 50 },
    );
  });

  it('random input never throws; accepted passwords score at least 3', () => {
    fc.assert(
      fc.property(anyText(140), (pw) => {
        const r = checkPassword(pw, personal);
        if (r.ok) expect(r.score).toBeGreaterThanOrEqual(3);
        const score = passwordScore(pw);
        expect([0, 1, 2, 3, 4]).toContain(score);
      }),
      { numRuns: 60 },
    );
  });
});
