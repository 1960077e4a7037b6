import { RegistryGenerator } from '../generate.ts';
import { chunked, copyInto, type CopyValue } from '../copy.ts';
import { REGISTRY_COLUMNS, RowBuilder } from '../rows.ts';
import { round, type BenchCase, type CaseContext, type CaseResult } from '../harness.ts';
import { countViolations, sampleLatency, target, type Target } from '../scale.ts';
import { withoutReadCache } from './home.ts';

/** Generated records appended on the default run: refs and decision numbers from this index on are never made by other cases. */
const APPEND_FROM = 500_000_000;

interface Point {
  database: string;
  registryViolations: number;
  homeP50Ms: number;
  homeP99Ms: number;
  listP50Ms: number;
  listP99Ms: number;
}

/**
 * Growth is about the queries and their plans, so it is measured with the read cache off:
 * a cached answer costs the same at any data size and would say nothing.
 */
async function measure(t: Target, samples: number): Promise<Point> {
  return (await withoutReadCache(t.app, () => measureComputed(t, samples))) ?? measureComputed(t, samples);
}

async function measureComputed(t: Target, samples: number): Promise<Point> {
  const headers = { authorization: `Bearer ${t.driver.token}` };
  const home = await sampleLatency(`${t.url}/api/v1/me/home`, headers, samples);
  const list = await sampleLatency(`${t.url}/api/v1/me/violations`, headers, Math.ceil(samples / 2));
  return { database: t.label, registryViolations: await countViolations(t.app), homeP50Ms: home.p50Ms, homeP99Ms: home.p99Ms, listP50Ms: list.p50Ms, listP99Ms: list.p99Ms };
}

/** Default run: the run's database as it is, then with `extra` generated records more (COPY, as `bench seed` writes them). */
async function appendRecords(t: Target, extra: number): Promise<void> {
  const ctx = t.app.ctx;
  const gen = new RegistryGenerator({ drivers: 10_000, now: ctx.clock.now(), seed: 1 });
  const rows = new RowBuilder(ctx.crypto.lookupHash);
  await copyInto(
    ctx.database,
    'registry_violations',
    [...REGISTRY_COLUMNS.registry_violations],
    chunked((function* (): Generator<CopyValue[]> {
      for (let k = APPEND_FROM; k < APPEND_FROM + extra; k++) yield rows.violation(gen.violation(k));
    })()),
  );
  await ctx.database.exec('vacuum analyze registry_violations');
}

async function caseGrowth(c: CaseContext): Promise<CaseResult> {
  const samples = c.settings.quick ? 150 : 600;
  const small = await target(c, 'small');
  const large = (await target(c, 'scale'))!;
  const points: Point[] = [];
  if (small) {
    points.push(await measure(small, samples), await measure(large, samples));
  } else {
    points.push(await measure(large, samples));
    await appendRecords(large, c.settings.quick ? 20_000 : 200_000);
    points.push(await measure(large, samples));
  }
  const [a, b] = [points[0]!, points[1]!];
  const ratio = b.homeP50Ms / a.homeP50Ms;
  return {
    name: 'growth',
    rps: null,
    p50Ms: b.homeP50Ms,
    p99Ms: b.homeP99Ms,
    ratio: round(ratio, 3),
    ratioMeans: `home p50 with ${b.registryViolations} registry records ÷ with ${a.registryViolations} (one request at a time, read cache off, ${samples} samples)`,
    baseline: { what: `home at ${a.registryViolations} records (${a.database})`, p50Ms: a.homeP50Ms, p99Ms: a.homeP99Ms },
    bar: { rule: 'ratio ≤ 1.3', pass: ratio <= 1.3 },
    details: { points: JSON.stringify(points) },
  };
}

/** Cost against data size: the home screen (and the violation list) of the same driver in a small and a large registry. */
export const growthCase: BenchCase = { name: 'growth', quick: false, run: caseGrowth };
