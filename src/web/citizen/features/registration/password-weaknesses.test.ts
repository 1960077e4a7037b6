import { describe, expect, it } from 'vitest';
import { passwordScore } from '../../../../domain/passwords.ts';
import { passwordWeaknesses } from './password-weaknesses.ts';

describe('passwordWeaknesses (why the meter says weak)', () => {
  it('names the pattern that makes a password guessable', () => {
    expect(passwordWeaknesses('password1')).toContain('common');
    expect(passwordWeaknesses('abcdefgh')).toContain('sequence');
    expect(passwordWeaknesses('aaaaaaaaaa')).toContain('repeat');
    expect(passwordWeaknesses('zxcvbnm,./')).toContain('keyboard');
    expect(passwordWeaknesses('19880514')).toContain('date');
    expect(passwordWeaknesses('lily1988')).toEqual(expect.arrayContaining(['name', 'date']));
  });

  it('says when a password is built on the phone number', () => {
    expect(passwordWeaknesses('13812345678a', ['13812345678'])).toContain('personal');
  });

  it('says a short password is short', () => {
    expect(passwordWeaknesses('Zq7#')).toContain('tooShort');
  });

  it('always gives a reason when the domain score is below acceptable', () => {
    for (const pw of ['12345678', 'iloveyou', 'zhangwei1', 'dragon2024', '11111111', 'asdfghjk']) {
      if (passwordScore(pw) < 3) expect(passwordWeaknesses(pw).length, pw).toBeGreaterThan(0);
    }
  });

  it('finds nothing to say about a password the estimator finds strong', () => {
    expect(passwordScore('violet tractor humming seven lakes')).toBeGreaterThanOrEqual(3);
    expect(passwordWeaknesses('violet tractor humming seven lakes')).toEqual([]);
  });

  it('still flags a strong-looking password that contains the phone number', () => {
    expect(passwordWeaknesses('violet-13812345678-lakes', ['13812345678'])).toContain('personal');
  });
});
