import { describe, expect, it } from 'vitest';
import { ApiProblem } from '../../shared/api.ts';
import { secondsLeft } from './countdown.ts';
import { maskName } from './mask.ts';
import { loginPath, safeNext } from './navigation.ts';
import { isOffline, minutesFromSeconds, retryAfterSeconds } from './problems.ts';

describe('safeNext', () => {
  it('keeps paths inside the app', () => {
    expect(safeNext('/me/security')).toBe('/me/security');
    expect(safeNext('/messages?x=1')).toBe('/messages?x=1');
  });
  it('refuses other sites, odd schemes and the login screens themselves', () => {
    for (const bad of ['//evil.example', '/\\evil.example', 'https://evil.example', 'javascript:alert(1)', '', null, undefined, '/login', '/unlock?next=/me'])
      expect(safeNext(bad)).toBe('/');
  });
  it('builds a login link that returns to where the user was', () => {
    expect(loginPath('/me/security')).toBe('/login?next=%2Fme%2Fsecurity');
    expect(loginPath('/')).toBe('/login');
    expect(loginPath('/me', '/unlock')).toBe('/unlock?next=%2Fme');
  });
});

describe('problem helpers', () => {
  it('reads the wait from the problem body', () => {
    const p = new ApiProblem(429, 'too_many_attempts', 'Too many', 'Wait', { retryAfterSeconds: 61 });
    expect(retryAfterSeconds(p)).toBe(61);
    expect(minutesFromSeconds(61)).toBe(2);
    expect(minutesFromSeconds(20)).toBe(1);
    expect(retryAfterSeconds(new ApiProblem(429, 'x', '', '', {}))).toBeNull();
    expect(retryAfterSeconds(new Error('x'))).toBeNull();
  });
  it('tells a network failure from a server answer', () => {
    expect(isOffline(new ApiProblem(0, 'network_error', '', '', {}))).toBe(true);
    expect(isOffline(new ApiProblem(500, 'internal_error', '', '', {}))).toBe(false);
  });
});

describe('maskName and countdown', () => {
  it('masks all but the first character', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('王')).toBe('王');
    expect(maskName('')).toBe('');
    expect(maskName('阿依古丽·买买提明')).toBe('阿***');
  });
  it('counts seconds to a deadline, rounding up and never below zero', () => {
    expect(secondsLeft(null, 0)).toBe(0);
    expect(secondsLeft(60_000, 0)).toBe(60);
    expect(secondsLeft(60_000, 59_001)).toBe(1);
    expect(secondsLeft(60_000, 70_000)).toBe(0);
  });
});
