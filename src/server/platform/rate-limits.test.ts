import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { createRateLimits } from './rate-limits.ts';
import { rateLimitHits } from './tables.ts';

describe('ctx.rateLimits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  const rule = { limit: 3, windowMs: 60_000 };

  it('limits within a sliding window and says when the next hit is allowed', async () => {
    const { rateLimits } = t.app.ctx;
    const key = 'login:' + t.app.ctx.crypto.lookupHash('13812345678');
    expect(await rateLimits.check(key, rule)).toEqual({ limited: false, retryAfterSeconds: 0 });
    await rateLimits.hit(key); // t = 0
    t.clock.advance(10_000);
    await rateLimits.hit(key); // t = 10 s
    t.clock.advance(10_000);
    expect((await rateLimits.check(key, rule)).limited).toBe(false);
    await rateLimits.hit(key); // t = 20 s
    expect(await rateLimits.check(key, rule)).toEqual({ limited: true, retryAfterSeconds: 40 });
    // The window slides: once the first hit is a minute old, one more is allowed.
    t.clock.advance(40_000);
    expect(await rateLimits.check(key, rule)).toEqual({ limited: false, retryAfterSeconds: 0 });
    await rateLimits.hit(key); // t = 60 s
    expect(await rateLimits.check(key, rule)).toEqual({ limited: true, retryAfterSeconds: 10 });
  });

  it('keeps keys apart and clears one key', async () => {
    const { rateLimits } = t.app.ctx;
    for (let i = 0; i < 3; i++) await rateLimits.hit('a');
    expect((await rateLimits.check('a', rule)).limited).toBe(true);
    expect((await rateLimits.check('b', rule)).limited).toBe(false);
    await rateLimits.clear('a');
    expect((await rateLimits.check('a', rule)).limited).toBe(false);
  });

  it('is shared by every process on the database', async () => {
    const other = createRateLimits({ db: t.app.ctx.db, clock: t.clock });
    for (let i = 0; i < 3; i++) await other.hit('shared');
    expect((await t.app.ctx.rateLimits.check('shared', rule)).limited).toBe(true);
  });

  it('prunes hits older than any window', async () => {
    const { ctx } = t.app;
    const limiter = createRateLimits({ db: ctx.db, clock: t.clock });
    await limiter.hit('old');
    t.clock.advance(26 * 60 * 60_000);
    await limiter.hit('new');
    const left = await ctx.db.select().from(rateLimitHits).where(eq(rateLimitHits.key, 'old'));
    expect(left).toEqual([]);
    expect(await ctx.db.select().from(rateLimitHits).where(eq(rateLimitHits.key, 'new'))).toHaveLength(1);
  });

  it('checks several keys with their own rules in one call, answers in the order asked', async () => {
    const { rateLimits } = t.app.ctx;
    for (let i = 0; i < 2; i++) await rateLimits.hit('many:a');
    await rateLimits.hit('many:b');
    t.clock.advance(5_000);
    const [a, b, c] = await rateLimits.checkAll([
      { key: 'many:a', rule: { limit: 2, windowMs: 60_000 } },
      { key: 'many:b', rule: { limit: 2, windowMs: 60_000 } },
      { key: 'many:c', rule: { limit: 1, windowMs: 60_000 } },
    ]);
    expect(a).toEqual({ limited: true, retryAfterSeconds: 55, hits: 2 });
    expect(b).toEqual({ limited: false, retryAfterSeconds: 0, hits: 1 });
    expect(c).toEqual({ limited: false, retryAfterSeconds: 0, hits: 0 });
    // Hits outside a rule's window are not counted, even when another key's rule looks further back.
    t.clock.advance(60_000);
    const [late, wide] = await rateLimits.checkAll([
      { key: 'many:a', rule: { limit: 2, windowMs: 60_000 } },
      { key: 'many:b', rule: { limit: 5, windowMs: 10 * 60_000 } },
    ]);
    expect(late).toEqual({ limited: false, retryAfterSeconds: 0, hits: 0 });
    expect(wide).toEqual({ limited: false, retryAfterSeconds: 0, hits: 1 });
    expect(await rateLimits.checkAll([])).toEqual([]);
  });

  it('refuses rules it cannot honour', async () => {
    await expect(t.app.ctx.rateLimits.check('x', { limit: 0, windowMs: 1000 })).rejects.toThrow(RangeError);
    await expect(t.app.ctx.rateLimits.check('x', { limit: 1, windowMs: 48 * 60 * 60_000 })).rejects.toThrow(RangeError);
    await expect(t.app.ctx.rateLimits.checkAll([{ key: 'x', rule: { limit: 1, windowMs: 1000 } }, { key: 'y', rule: { limit: 1.5, windowMs: 1000 } }])).rejects.toThrow(RangeError);
  });
});
