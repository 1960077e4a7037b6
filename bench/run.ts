/**
 * `npm run bench [-- --quick] [--json] [--cases a,b]`: benchmarks of the real app, each rate
 * beside a baseline measured in the same run with the same load settings (docs/performance.md).
 *
 * - The app is built in this process with `buildApp` (logger off) on a throw-away database:
 *   PGlite in a temporary DATA_DIR, or with DATABASE_URL a fresh `jg_bench_<ts>` database on
 *   that server, dropped afterwards, so real data is never touched.
 * - HTTP load comes from autocannon in child processes (bench/load.ts).
 * - Cases: one file each in bench/cases/, listed in bench/cases/index.ts.
 */
import { CASES } from './cases/index.ts';
import { bareBaseline, machine, round, startEnv, type CaseResult, type Settings, type State } from './harness.ts';
import type { LoadResult } from './load.ts';

const ALL_CASES = CASES.map((c) => c.name);

function parseArgs(argv: string[]): { quick: boolean; json: boolean; cases: string[] | null } {
  let quick = false;
  let json = false;
  let cases: string[] | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--quick') quick = true;
    else if (a === '--json') json = true;
    else if (a === '--cases' || a.startsWith('--cases=')) {
      const list = a.includes('=') ? a.slice(8) : argv[++i];
      if (!list) throw new Error('--cases needs a comma-separated list');
      const names = list.split(',').map((s) => s.trim()).filter(Boolean);
      const unknown = names.filter((n) => !ALL_CASES.includes(n));
      if (unknown.length) throw new Error(`unknown case(s): ${unknown.join(', ')}; known: ${ALL_CASES.join(', ')}`);
      cases = names;
    } else if (a === '--help' || a === '-h') {
      console.log(`usage: npm run bench -- [--quick] [--json] [--cases ${ALL_CASES.join(',')}]`);
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  return { quick, json, cases };
}

// Output

function table(results: CaseResult[], baseline: LoadResult, db: string, m: ReturnType<typeof machine>, s: Settings): string {
  const fmt = (v: number | null | undefined) => (v === null || v === undefined ? '—' : String(v));
  const header = ['case', 'rps', 'p50 ms', 'p99 ms', 'baseline', 'baseline rps', 'ratio', 'bar', ''];
  const rows = results.map((r) => [
    r.name,
    fmt(r.rps),
    fmt(r.p50Ms),
    fmt(r.p99Ms),
    r.baseline.what,
    fmt(r.baseline.rps),
    fmt(r.ratio),
    r.bar?.rule ?? '—',
    r.bar ? (r.bar.pass ? 'pass' : 'FAIL') : '',
  ]);
  const width = (i: number) => Math.max(...[header, ...rows].map((row) => Array.from(row[i]!).length));
  const line = (row: string[]) => row.map((c, i) => c + ' '.repeat(width(i) - Array.from(c).length)).join('  ');
  const out = [
    `machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, ${m.platform}, node ${m.node}, load ${m.loadAverage.join(' ')}`,
    `database: ${db}; ${s.quick ? 'quick' : 'full'} run: ${s.duration} s per load, ${s.connections} connections, ${s.loginConcurrency} concurrent logins, ${s.importLines} import lines`,
    `bare Fastify baseline: ${round(baseline.rps)} rps, p50 ${baseline.p50Ms} ms, p99 ${baseline.p99Ms} ms`,
    '',
    line(header),
    line(header.map((h, i) => '-'.repeat(Math.max(h.length, width(i))))),
    ...rows.map(line),
  ];
  for (const r of results) if (r.details) out.push(`${r.name}: ${Object.entries(r.details).map(([k, v]) => `${k}=${v}`).join(', ')}`);
  return out.join('\n');
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const settings: Settings = args.quick
    ? { quick: true, duration: 3, connections: 10, loginConcurrency: 4, importLines: 6_000 }
    : { quick: false, duration: 10, connections: 10, loginConcurrency: 4, importLines: 60_000 };
  const log = (msg: string) => (args.json ? process.stderr.write(`${msg}\n`) : console.log(msg));
  const m = machine();
  const env = await startEnv();
  const state: State = { personsImported: 0 };
  const results: CaseResult[] = [];
  let baseline: LoadResult | undefined;
  try {
    log(`bench: ${env.databaseKind}, cases ${args.cases?.join(', ') ?? (settings.quick ? 'quick set' : 'all')}`);
    baseline = await bareBaseline(settings);
    const chosen = CASES.filter((c) => (args.cases ? args.cases.includes(c.name) : !settings.quick || c.quick));
    // Cases that need an empty registry run first whatever the order asked.
    const order = [...chosen].sort((a, b) => Number(Boolean(b.needsEmptyRegistry)) - Number(Boolean(a.needsEmptyRegistry)));
    for (const c of order) {
      log(`… ${c.name}`);
      const started = performance.now();
      results.push(await c.run({ env, settings, state, baseline }));
      log(`  done in ${round((performance.now() - started) / 1000)} s`);
    }
  } finally {
    for (const cleanup of state.cleanups ?? []) await cleanup().catch((e: unknown) => log(`cleanup failed: ${String(e)}`));
    await env.close();
  }
  if (args.json) {
    const doc = {
      machine: m,
      database: env.databaseKind,
      settings,
      load: 'autocannon in child processes; app and bare baseline in the bench process',
      baseline: { rps: round(baseline.rps), p50Ms: baseline.p50Ms, p99Ms: baseline.p99Ms },
      cases: results,
    };
    process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
  } else {
    console.log(`\n${table(results, baseline, env.databaseKind, m, settings)}`);
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    process.exit(1);
  },
);
