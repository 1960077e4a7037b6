import type { LoadResult } from '../load.ts';
import { assertAllOk, round, warmAndRun, type BenchCase, type CaseResult, type Env, type Settings } from '../harness.ts';

async function caseHealthz(env: Env, s: Settings, baseline: LoadResult): Promise<CaseResult> {
  const r = await warmAndRun({ url: `${env.url}/healthz`, connections: s.connections, durationSeconds: s.duration });
  assertAllOk('healthz', r);
  return {
    name: 'healthz',
    rps: round(r.rps),
    p50Ms: r.p50Ms,
    p99Ms: r.p99Ms,
    ratio: round(r.rps / baseline.rps, 3),
    ratioMeans: 'rps ÷ bare Fastify rps',
    baseline: { what: 'bare Fastify GET /', rps: round(baseline.rps), p50Ms: baseline.p50Ms, p99Ms: baseline.p99Ms },
    bar: null,
  };
}

/** The full app's per-request overhead against a route that does nothing. */
export const healthzCase: BenchCase = { name: 'healthz', quick: true, run: ({ env, settings, baseline }) => caseHealthz(env, settings, baseline) };
