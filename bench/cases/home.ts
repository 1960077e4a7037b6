import http from 'node:http';
import { runLoad, type LoadResult } from '../load.ts';
import { assertAllOk, round, warmAndRun, withAdjacentBaseline, type BenchCase, type CaseContext, type CaseResult } from '../harness.ts';
import { target } from '../scale.ts';
import { MemoryReadCache } from '../../src/server/platform/read-cache.ts';

/**
 * Runs `fn` with the app's read cache switched off (as READ_CACHE=off: every request
 * computes), so a figure can show what a request costs when its answer is not cached (first
 * visit of the day, or right after a change to the citizen's data). Null when no cache is on.
 */
export async function withoutReadCache<T>(app: { ctx: { readCache: unknown } }, fn: () => Promise<T>): Promise<T | null> {
  const cache = app.ctx.readCache;
  if (!(cache instanceof MemoryReadCache) || !cache.enabled) return null;
  cache.setLive(false);
  try {
    return await fn();
  } finally {
    // Coming back empties it (as after any pause of the change feed): the next request computes.
    cache.setLive(true);
  }
}

const uncachedMax = (app: { ctx: { readCache: unknown } }, load: Parameters<typeof warmAndRun>[0]) => withoutReadCache(app, () => warmAndRun(load));

/** What the citizen app and every browser send: the answers come compressed when large (json-body.ts). */
export const CLIENT_ACCEPT_ENCODING = 'gzip, deflate, br, zstd';

/** Bytes of one answer on the wire, with and without the client's `Accept-Encoding`. */
async function answerBytes(url: string, headers: Record<string, string>): Promise<{ identity: number; wire: number; encoding: string }> {
  // node:http, not fetch: fetch would decompress and report the decompressed size.
  const get = (acceptEncoding: string) =>
    new Promise<{ bytes: number; encoding: string }>((resolve, reject) => {
      http
        .get(url, { headers: { ...headers, 'accept-encoding': acceptEncoding } }, (res) => {
          let bytes = 0;
          res.on('data', (chunk: Buffer) => (bytes += chunk.length));
          res.on('end', () => resolve({ bytes, encoding: String(res.headers['content-encoding'] ?? 'identity') }));
          res.on('error', reject);
        })
        .on('error', reject);
    });
  const identity = await get('identity');
  const wire = await get(CLIENT_ACCEPT_ENCODING);
  return { identity: identity.bytes, wire: wire.bytes, encoding: wire.encoding };
}

/**
 * A citizen screen under load, twice: as fast as 10 connections go (its maximum rate, set
 * against the bare baseline), then at half that rate, where the latency a user sees is read.
 */
export async function screenUnderLoad(
  c: CaseContext,
  name: string,
  route: string,
  bar: { minRatio?: number; maxP99Ms: number },
  opts: { identityToo?: boolean } = {},
): Promise<CaseResult> {
  const { settings: s, baseline: runStart } = c;
  const t = (await target(c, 'scale'))!;
  const auth = { authorization: `Bearer ${t.driver.token}` };
  const bytes = await answerBytes(`${t.url}${route}`, auth);
  const load = { url: `${t.url}${route}`, connections: s.connections, durationSeconds: s.duration, headers: { ...auth, 'accept-encoding': CLIENT_ACCEPT_ENCODING } };
  const statsBefore = t.app.ctx.readCache.stats();
  const { value: max, baseline } = await withAdjacentBaseline(s, () => warmAndRun(load));
  assertAllOk(`${name} (max)`, max);
  const half = await runLoad({ ...load, rate: max.rps / 2 });
  assertAllOk(`${name} (half rate)`, half);
  const stats = t.app.ctx.readCache.stats();
  const uncached = await uncachedMax(t.app, load);
  if (uncached) assertAllOk(`${name} (uncached max)`, uncached);
  // The same screen for a client that takes no compression (curl, a script): for the record.
  let identity: { max: LoadResult; half: LoadResult } | undefined;
  if (opts.identityToo) {
    const plain = { ...load, headers: auth };
    const identityMax = await warmAndRun(plain);
    assertAllOk(`${name} (identity max)`, identityMax);
    const identityHalf = await runLoad({ ...plain, rate: identityMax.rps / 2 });
    assertAllOk(`${name} (identity half rate)`, identityHalf);
    identity = { max: identityMax, half: identityHalf };
  }
  const ratio = max.rps / baseline.rps;
  const pass = (bar.minRatio === undefined || ratio >= bar.minRatio) && half.p99Ms <= bar.maxP99Ms;
  return {
    name,
    rps: round(max.rps),
    p50Ms: half.p50Ms,
    p99Ms: half.p99Ms,
    ratio: round(ratio, 3),
    ratioMeans: `max rps ÷ bare Fastify rps (measured right before and after, half the duration each); p50/p99 at half the max rate (${round(max.rps / 2)} rps)`,
    baseline: { what: 'bare Fastify GET /, before and after', rps: round(baseline.rps), p50Ms: baseline.p50Ms, p99Ms: baseline.p99Ms },
    bar: { rule: `${bar.minRatio !== undefined ? `ratio ≥ ${bar.minRatio}, ` : ''}p99 ≤ ${bar.maxP99Ms} ms at half rate`, pass },
    details: {
      runStartBaselineRps: round(runStart.rps),
      ratioToRunStartBaseline: round(max.rps / runStart.rps, 3),
      database: t.label,
      registryViolations: t.violations,
      driverRecords: t.driver.records,
      maxRateP50Ms: max.p50Ms,
      maxRateP99Ms: max.p99Ms,
      halfRateRps: round(half.rps),
      acceptEncoding: CLIENT_ACCEPT_ENCODING,
      answerBytes: bytes.identity,
      wireBytes: bytes.wire,
      contentEncoding: bytes.encoding,
      ...(identity
        ? {
            identityMaxRps: round(identity.max.rps),
            identityRatio: round(identity.max.rps / baseline.rps, 3),
            identityHalfRateP50Ms: identity.half.p50Ms,
            identityHalfRateP99Ms: identity.half.p99Ms,
          }
        : {}),
      readCache: stats.enabled ? 'on' : 'off',
      cacheHitsMisses: `${stats.hits - statsBefore.hits}/${stats.misses - statsBefore.misses}`,
      ...(uncached
        ? {
            uncachedMaxRps: round(uncached.rps),
            uncachedRatio: round(uncached.rps / baseline.rps, 3),
            uncachedMaxRateP50Ms: uncached.p50Ms,
            uncachedMaxRateP99Ms: uncached.p99Ms,
          }
        : {}),
    },
  };
}

/** GET /api/v1/me/home for a driver with vehicles, ~300 records, a filed car, a rental and messages. */
export const homeCase: BenchCase = { name: 'home', quick: true, run: (c) => screenUnderLoad(c, 'home', '/api/v1/me/home', { minRatio: 0.35, maxP99Ms: 25 }) };
