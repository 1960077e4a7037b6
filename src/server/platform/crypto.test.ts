import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { ARGON2_PARAMS, safeEqual } from './crypto.ts';

describe('ctx.crypto', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { LOOKUP_HASH_SECRET: 'a-test-lookup-secret-0123456789' } });
  });
  afterAll(() => t.close());

  it('hashes lookups with HMAC-SHA256 under LOOKUP_HASH_SECRET', () => {
    const expected = createHmac('sha256', 'a-test-lookup-secret-0123456789').update('13812345678').digest('hex');
    expect(t.app.ctx.crypto.lookupHash('13812345678')).toBe(expected);
    expect(t.app.ctx.crypto.lookupHash('13812345679')).not.toBe(expected);
  });

  it('hashes secrets with argon2id at the OWASP minimum and verifies them', async () => {
    const { crypto } = t.app.ctx;
    const hash = await crypto.hashSecret('correct horse battery staple');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(ARGON2_PARAMS).toMatchObject({ memoryCost: 19456, timeCost: 2, parallelism: 1 });
    expect(await crypto.verifySecret(hash, 'correct horse battery staple')).toBe(true);
    expect(await crypto.verifySecret(hash, 'correct horse battery stapler')).toBe(false);
    // Two hashes of one secret differ (random salt).
    expect(await crypto.hashSecret('correct horse battery staple')).not.toBe(hash);
  });

  it('treats a malformed stored hash as a mismatch', async () => {
    expect(await t.app.ctx.crypto.verifySecret('not-a-hash', 'x')).toBe(false);
  });

  it('does not block the event loop while hashing', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    await Promise.all([t.app.ctx.crypto.hashSecret('a'), t.app.ctx.crypto.hashSecret('b')]);
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(0);
  });

  it('makes url-safe random tokens and hex SHA-256 digests', () => {
    const { crypto } = t.app.ctx;
    const a = crypto.randomToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(crypto.randomToken()).not.toBe(a);
    expect(crypto.randomToken(16)).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(crypto.sha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('compares strings in constant time', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
  });
});
