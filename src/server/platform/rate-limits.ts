import { and, desc, eq, gt, lt } from 'drizzle-orm';
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

export interface RateLimitsService {
  /** Whether `limit` hits already fall inside the sliding window ending now, and when the oldest of them leaves it. */
  check(key: string, rule: RateLimitRule): Promise<{ limited: boolean; retryAfterSeconds: number }>;
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
  return {
    async check(key, rule) {
      if (!Number.isInteger(rule.limit) || rule.limit < 1) throw new RangeError('rate limit must be a positive integer');
      if (!(rule.windowMs > 0 && rule.windowMs <= MAX_WINDOW_MS)) throw new RangeError(`rate limit window must be within (0, ${MAX_WINDOW_MS}] ms`);
      const now = ctx.clock.now();
      const since = new Date(now.getTime() - rule.windowMs);
      // The `limit` newest hits in the window; if there are that many, the oldest of them decides when one more is allowed.
      const newest = await ctx.db
        .select({ at: rateLimitHits.at })
        .from(rateLimitHits)
        .where(and(eq(rateLimitHits.key, key), gt(rateLimitHits.at, since)))
        .orderBy(desc(rateLimitHits.at))
        .limit(rule.limit);
      if (newest.length < rule.limit) return { limited: false, retryAfterSeconds: 0 };
      const oldest = newest[newest.length - 1]!.at;
      const retryAfterSeconds = Math.max(1, Math.ceil((oldest.getTime() + rule.windowMs - now.getTime()) / 1000));
      return { limited: true, retryAfterSeconds };
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

