import type { LoadResult } from '../load.ts';
import { assertAllOk, round, warmAndRun, withAdjacentBaseline, type BenchCase, type CaseResult, type Env, type Settings } from '../harness.ts';

async function caseHealthz(env: Env, s: Settings, runStart: LoadResult): Promise<CaseResult> {
  const { value: r, baseline } = await withAdjacentBaseline(s, () => warmAndRun({ url: `${env.url}/healthz`, connections: s.connections, durationSeconds: s.duration }));
  assertAllOk('healthz', r);
  return {
    name: 'healthz',
    rps: round(r.rps),
    p50Ms: r.p50Ms,
    p99Ms: r.p99Ms,
    ratio: round(r.rps / baseline.rps, 3),
    ratioMeans: 'rps ÷ bare Fastify rps (measured right before and after, half the duration each)',
    baseline: { what: 'bare Fastify GET /, before and after', rps: round(baseline.rps), p50Ms: baseline.p50Ms, p99Ms: baseline.p99Ms },
    bar: null,
    details: { runStartBaselineRps: round(runStart.rps), ratioToRunStartBaseline: round(r.rps / runStart.rps, 3) },
  };
}

/** The full app's per-request overhead against a route that does nothing. */
export const healthzCase: BenchCase = { name: 'healthz', quick: true, run: ({ env, settings, baseline }) => caseHealthz(env, settings, baseline) };
