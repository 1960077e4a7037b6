import { runLoad } from '../load.ts';
import { assertAllOk, round, warmAndRun, type BenchCase, type CaseContext, type CaseResult } from '../harness.ts';
import { target } from '../scale.ts';

/**
 * A citizen screen under load, twice: as fast as 10 connections go (its maximum rate, set
 * against the bare baseline), then at half that rate, where the latency a user sees is read.
 */
export async function screenUnderLoad(c: CaseContext, name: string, route: string, bar: { minRatio?: number; maxP99Ms: number }): Promise<CaseResult> {
  const { settings: s, baseline } = c;
  const t = (await target(c, 'scale'))!;
  const load = { url: `${t.url}${route}`, connections: s.connections, durationSeconds: s.duration, headers: { authorization: `Bearer ${t.driver.token}` } };
  const max = await warmAndRun(load);
  assertAllOk(`${name} (max)`, max);
  const half = await runLoad({ ...load, rate: max.rps / 2 });
  assertAllOk(`${name} (half rate)`, half);
  const ratio = max.rps / baseline.rps;
  const pass = (bar.minRatio === undefined || ratio >= bar.minRatio) && half.p99Ms <= bar.maxP99Ms;
  return {
    name,
    rps: round(max.rps),
    p50Ms: half.p50Ms,
    p99Ms: half.p99Ms,
    ratio: round(ratio, 3),
    ratioMeans: `max rps ÷ bare Fastify rps; p50/p99 at half the max rate (${round(max.rps / 2)} rps)`,
    baseline: { what: 'bare Fastify GET /', rps: round(baseline.rps), p50Ms: baseline.p50Ms, p99Ms: baseline.p99Ms },
    bar: { rule: `${bar.minRatio !== undefined ? `ratio ≥ ${bar.minRatio}, ` : ''}p99 ≤ ${bar.maxP99Ms} ms at half rate`, pass },
    details: {
      database: t.label,
      registryViolations: t.violations,
      driverRecords: t.driver.records,
      maxRateP50Ms: max.p50Ms,
      maxRateP99Ms: max.p99Ms,
      halfRateRps: round(half.rps),
    },
  };
}

/** GET /api/v1/me/home for a driver with vehicles, ~300 records, a filed car, a rental and messages. */
export const homeCase: BenchCase = { name: 'home', quick: true, run: (c) => screenUnderLoad(c, 'home', '/api/v1/me/home', { minRatio: 0.35, maxP99Ms: 25 }) };
