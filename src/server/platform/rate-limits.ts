import { eq, lt, sql, type SQL } from 'drizzle-orm';
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

/**
 * A throttle read that rides in someone else's statement (the login reads its candidates and
 * both throttles in one round trip): one column to select, and the verdict from its value.
 * The key may be an SQL expression, e.g. built from a row the same statement finds.
 */
export interface WindowRead {
  /** One column: the hits of the key inside the window (counted up to the rule's limit) and the epoch ms of the oldest of them. */
  column: SQL<WindowState>;
  /** `now`: the instant the column's window ended at. */
  verdict(state: WindowState | null, now: Date): RateLimitCheck;
}

/** [hits, epoch ms of the oldest counted hit or null]. */
export type WindowState = [number, number | null];

export interface RateLimitsService {
  /** Whether `limit` hits already fall inside the sliding window ending now, and when the oldest of them leaves it. */
  check(key: string, rule: RateLimitRule): Promise<{ limited: boolean; retryAfterSeconds: number }>;
  /** `check` of several keys in one database round trip, answers in the order asked. */
  checkAll(checks: ReadonlyArray<{ key: string; rule: RateLimitRule }>): Promise<RateLimitCheck[]>;
  /**
   * The same check as a column of another statement, with the window ending at `now`
   * (ctx.clock's time, or a placeholder for it in a prepared statement, as an ISO string).
   */
  windowRead(key: string | SQL, rule: RateLimitRule, now: Date | SQL): WindowRead;
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
  // The `limit` newest hits in the window; if there are that many, the oldest of them decides
  // when one more is allowed. An uncorrelated scalar subquery: the planner runs it once, on the
  // (key, at) index, whatever else the statement reads.
  const windowRead = (key: string | SQL, rule: RateLimitRule, now: Date | SQL): WindowRead => {
    validate(rule);
    const since = sql`${now instanceof Date ? now.toISOString() : now}::timestamptz - ${rule.windowMs} * interval '1 millisecond'`;
    return {
      // Whole milliseconds, as a Date read from the column would have them.
      column: sql<WindowState>`(select array[count(*)::float8, floor(extract(epoch from min(newest.at)) * 1000)::float8] from (select ${rateLimitHits.at} as at from ${rateLimitHits} where ${rateLimitHits.key} = ${key} and ${rateLimitHits.at} > ${since} order by ${rateLimitHits.at} desc limit ${rule.limit}) as newest)`,
      verdict: (state, now) => {
        const hits = Number(state?.[0] ?? 0);
        const oldestMs = state?.[1] ?? null;
        if (hits < rule.limit || oldestMs === null) return { limited: false, retryAfterSeconds: 0, hits };
        const retryAfterSeconds = Math.max(1, Math.ceil((Number(oldestMs) + rule.windowMs - now.getTime()) / 1000));
        return { limited: true, retryAfterSeconds, hits };
      },
    };
  };
  const checkAll: RateLimitsService['checkAll'] = async (checks) => {
    checks.forEach((c) => validate(c.rule));
    if (checks.length === 0) return [];
    const now = ctx.clock.now();
    const reads = checks.map((c) => windowRead(c.key, c.rule, now));
    // One statement whatever the number of keys, one row: a column per read.
    const columns = Object.fromEntries(reads.map((r, i) => [`w${i}`, r.column]));
    const [row] = (await ctx.db.select(columns).from(sql`(select 1) as one`)) as Array<Record<string, WindowState | null>>;
    return reads.map((r, i) => r.verdict(row![`w${i}`] ?? null, now));
  };
  return {
    checkAll,
    windowRead,
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

