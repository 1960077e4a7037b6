import { and, desc, eq, gt, lt, sql } from 'drizzle-orm';
import { unionAll } from 'drizzle-orm/pg-core';
import type { AppContext } from '../context.ts';
import { rateLimitHits } from './tables.ts';

/** Hits older than this are pruned, so no rule may look further back. */
export const MAX_WINDOW_MS = 24 * 60 * 60_000;
const RETENTION_MS = MAX_WINDOW_MS + 60 * 60_000;
const PRUNE_EVERY_MS = 60_000;

export interface RateLimitRule {
  limit: number;
  windowMs: number;
}

export interface RateLimitCheck {
  limited: boolean;
  retryAfterSeconds: number;
  /** Hits inside the window, counted up to the rule's limit: 0 means clearing the key would change nothing the rule sees. */
  hits: number;
}

export interface RateLimitsService {
  /** Whether `limit` hits already fall inside the sliding window ending now, and when the oldest of them leaves it. */
  check(key: string, rule: RateLimitRule): Promise<{ limited: boolean; retryAfterSeconds: number }>;
  /** `check` of several keys in one database round trip, answers in the order asked. */
  checkAll(checks: ReadonlyArray<{ key: string; rule: RateLimitRule }>): Promise<RateLimitCheck[]>;
  hit(key: string): Promise<void>;
  clear(key: string): Promise<void>;
}

declare module '../context.ts' {
  interface AppContext {
    rateLimits: RateLimitsService;
  }
}

/**
 * A sliding-window limiter in the database, so every process sees the same counts. Keys are
 * opaque: callers hash personal values into them (ctx.crypto.lookupHash).
 */
export function createRateLimits(ctx: Pick<AppContext, 'db' | 'clock'>): RateLimitsService {
  let lastPrune = -Infinity;
  const validate = (rule: RateLimitRule) => {
    if (!Number.isInteger(rule.limit) || rule.limit < 1) throw new RangeError('rate limit must be a positive integer');
    if (!(rule.windowMs > 0 && rule.windowMs <= MAX_WINDOW_MS)) throw new RangeError(`rate limit window must be within (0, ${MAX_WINDOW_MS}] ms`);
  };
  // The `limit` newest hits in the window; if there are that many, the oldest of them decides when one more is allowed.
  const newestHits = (i: number, key: string, rule: RateLimitRule, now: Date) =>
    ctx.db
      .select({ i: sql<number>`${i}::int`.as('i'), at: rateLimitHits.at })
      .from(rateLimitHits)
      .where(and(eq(rateLimitHits.key, key), gt(rateLimitHits.at, new Date(now.getTime() - rule.windowMs))))
      .orderBy(desc(rateLimitHits.at))
      .limit(rule.limit);
  const verdict = (rule: RateLimitRule, newest: Date[], now: Date): RateLimitCheck => {
    if (newest.length < rule.limit) return { limited: false, retryAfterSeconds: 0, hits: newest.length };
    const oldest = newest.reduce((a, b) => (a < b ? a : b));
    const retryAfterSeconds = Math.max(1, Math.ceil((oldest.getTime() + rule.windowMs - now.getTime()) / 1000));
    return { limited: true, retryAfterSeconds, hits: newest.length };
  };
  const checkAll: RateLimitsService['checkAll'] = async (checks) => {
    checks.forEach((c) => validate(c.rule));
    if (checks.length === 0) return [];
    const now = ctx.clock.now();
    const [first, ...rest] = checks.map((c, i) => newestHits(i, c.key, c.rule, now));
    // One statement whatever the number of keys: a login checks its address and its account together.
    const rows: Array<{ i: number; at: Date }> = rest.length ? await unionAll(first!, rest[0]!, ...rest.slice(1)) : await first!;
    return checks.map((c, i) =>
      verdict(
        c.rule,
        rows.filter((r) => Number(r.i) === i).map((r) => r.at),
        now,
      ),
    );
  };
  return {
    checkAll,
    async check(key, rule) {
      const [r] = await checkAll([{ key, rule }]);
      return { limited: r!.limited, retryAfterSeconds: r!.retryAfterSeconds };
    },
    async hit(key) {
      const now = ctx.clock.now();
      await ctx.db.insert(rateLimitHits).values({ key, at: now });
      if (now.getTime() - lastPrune >= PRUNE_EVERY_MS || now.getTime() < lastPrune) {
        lastPrune = now.getTime();
        await ctx.db.delete(rateLimitHits).where(lt(rateLimitHits.at, new Date(now.getTime() - RETENTION_MS)));
      }
    },
    async clear(key) {
      await ctx.db.delete(rateLimitHits).where(eq(rateLimitHits.key, key));
    },
  };
}

export function setupRateLimits(ctx: AppContext): void {
  ctx.rateLimits = createRateLimits(ctx);
}

