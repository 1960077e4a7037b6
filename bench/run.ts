/**
 * `npm run bench [-- --quick] [--json] [--cases a,b]`: benchmarks of the real app, each rate
 * beside a baseline measured in the same run with the same load settings (docs/performance.md).
 *
 * - The app is built in this process with `buildApp` (logger off) on a throw-away database:
 *   PGlite in a temporary DATA_DIR, or with DATABASE_URL a fresh `jg_bench_<ts>` database on
 *   that server, dropped afterwards, so real data is never touched.
 * - HTTP load comes from autocannon in child processes (bench/load.ts).
 * - Cases: healthz, login, login-storm, registry-import, startup.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import { hash, verify } from '@node-rs/argon2';
import { sql } from 'drizzle-orm';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { ARGON2_PARAMS } from '../src/server/platform/crypto.ts';
import { importRegistry } from '../src/server/features/registry/service.ts';
import { importMix, RegistryGenerator } from './generate.ts';
import { chunked, copyInto, type CopyValue } from './copy.ts';
import { personUuid, REGISTRY_COLUMNS, RowBuilder, type RegistryTable } from './rows.ts';
import { runLoad, type LoadResult } from './load.ts';

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const ALL_CASES = ['healthz', 'login', 'login-storm', 'registry-import', 'startup', 'elicence'] as const;
type CaseName = (typeof ALL_CASES)[number];

interface Settings {
  quick: boolean;
  /** Seconds of each measured HTTP load (a 1 s warm-up precedes it). */
  duration: number;
  /** Connections of the HTTP cases and of the bare baseline. */
  connections: number;
  /** Concurrent logins, and concurrent raw argon2id verifies of their baseline. */
  loginConcurrency: number;
  /** Registry lines of the import case. */
  importLines: number;
}

export interface CaseResult {
  name: CaseName;
  rps: number | null;
  p50Ms: number | null;
  p99Ms: number | null;
  /** What the case is compared with; see `ratioMeans`. */
  ratio: number | null;
  ratioMeans: string;
  baseline: { what: string; rps?: number; p50Ms?: number; p99Ms?: number };
  bar: { rule: string; pass: boolean } | null;
  details?: Record<string, unknown>;
}

function parseArgs(argv: string[]): { quick: boolean; json: boolean; cases: CaseName[] } {
  let quick = false;
  let json = false;
  let cases: CaseName[] = [...ALL_CASES];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--quick') quick = true;
    else if (a === '--json') json = true;
    else if (a === '--cases' || a.startsWith('--cases=')) {
      const list = a.includes('=') ? a.slice(8) : argv[++i];
      if (!list) throw new Error('--cases needs a comma-separated list');
      const names = list.split(',').map((s) => s.trim()).filter(Boolean);
      const unknown = names.filter((n) => !(ALL_CASES as readonly string[]).includes(n));
      if (unknown.length) throw new Error(`unknown case(s): ${unknown.join(', ')}; known: ${ALL_CASES.join(', ')}`);
      cases = names as CaseName[];
    } else if (a === '--help' || a === '-h') {
      console.log(`usage: npm run bench -- [--quick] [--json] [--cases ${ALL_CASES.join(',')}]`);
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  return { quick, json, cases };
}

function machine() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

// ---------------------------------------------------------------------------------------
// Database and app

interface Env {
  app: FastifyInstance;
  url: string;
  dataDir: string;
  databaseKind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

async function createDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `jg_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`drop database if exists "${name}" with (force)`);
      await c.end();
    },
  };
}

async function startEnv(): Promise<Env> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jiaoguan-bench-'));
  const server = process.env.DATABASE_URL;
  const created = server ? await createDatabase(server) : undefined;
  const config = loadConfig({
    NODE_ENV: 'development',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    DEMO_SEED: 'off',
    ...(created ? { DATABASE_URL: created.url } : {}),
  });
  const app = await buildApp({ config, logger: false });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    app,
    url: address,
    dataDir,
    databaseKind: app.ctx.database.kind,
    close: async () => {
      await app.close();
      await created?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The bare baseline: Fastify 5 with one route and nothing else, in this same process. */
async function bareBaseline(s: Settings): Promise<LoadResult> {
  const bare = Fastify({ logger: false });
  bare.get('/', async () => ({ status: 'ok' }));
  const url = await bare.listen({ host: '127.0.0.1', port: 0 });
  try {
    await runLoad({ url, connections: s.connections, durationSeconds: 1 });
    return await runLoad({ url, connections: s.connections, durationSeconds: s.duration });
  } finally {
    await bare.close();
  }
}

async function warmAndRun(o: Parameters<typeof runLoad>[0]): Promise<LoadResult> {
  await runLoad({ ...o, durationSeconds: 1 });
  return runLoad(o);
}

function assertAllOk(what: string, r: LoadResult): void {
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${what}: ${r.non2xx} non-2xx answers and ${r.errors} errors out of ${r.requests}: the measurement would be of error paths`);
}

// ---------------------------------------------------------------------------------------
// Shared set-up: generated people in the registry and one registered account

const PASSWORD = 'Bench-Lantern-Ferry-2026';
const generatorFor = (env: Env, drivers: number) => new RegistryGenerator({ drivers, now: env.app.ctx.clock.now(), seed: 1 });

interface State {
  /** Generated people imported so far (0..n-1), with their licences. */
  personsImported: number;
  account?: { phone: string; token: string };
}

async function* asLines(gen: Iterable<unknown>): AsyncGenerator<string> {
  for (const line of gen) yield JSON.stringify(line);
}

async function ensureAccount(env: Env, state: State): Promise<{ phone: string; token: string }> {
  if (state.account) return state.account;
  if (state.personsImported === 0) {
    const gen = generatorFor(env, 10);
    const r = await importRegistry(env.app.ctx, asLines(gen.lines({ persons: 10, licences: 10 })));
    if (r.rejected) throw new Error(`set-up import rejected ${r.rejected} lines: ${JSON.stringify(r.errors.slice(0, 3))}`);
    state.personsImported = 10;
  }
  // Person 0 is a mainland ID holder (bench/generate.ts), verified against the registry at once.
  const gen = generatorFor(env, state.personsImported);
  const person = gen.person(0);
  const licence = gen.licence(0);
  const phone = '13912340000';
  const reg = await env.app.inject({
    method: 'POST',
    url: '/api/v1/accounts',
    payload: { docType: person.documents[0]!.docType, docNumber: person.documents[0]!.docNumber, name: person.name, phone, regionCode: licence.regionCode, password: PASSWORD, agreedToTerms: true },
  });
  if (reg.statusCode !== 201) throw new Error(`registration of the benchmark account failed: ${reg.statusCode} ${reg.body}`);
  const login = await env.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { login: phone, password: PASSWORD } });
  if (login.statusCode !== 200) throw new Error(`login of the benchmark account failed: ${login.statusCode} ${login.body}`);
  state.account = { phone, token: (login.json() as { token: string }).token };
  return state.account;
}

// ---------------------------------------------------------------------------------------
// Cases

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

/** `concurrency` loops of argon2id verify with the platform's parameters, for `seconds`. */
async function rawArgon2(concurrency: number, seconds: number): Promise<{ rps: number; p50Ms: number; p99Ms: number }> {
  const stored = await hash(PASSWORD, ARGON2_PARAMS);
  const latencies: number[] = [];
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        if (!(await verify(stored, PASSWORD))) throw new Error('argon2 verify failed');
        latencies.push(performance.now() - t);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return { rps: latencies.length / seconds, p50Ms: round(at(0.5)), p99Ms: round(at(0.99)) };
}

async function caseLogin(env: Env, s: Settings, state: State): Promise<CaseResult> {
  const { phone } = await ensureAccount(env, state);
  const load = { url: `${env.url}/api/v1/sessions`, connections: s.loginConcurrency, durationSeconds: s.duration, method: 'POST' as const, body: JSON.stringify({ login: phone, password: PASSWORD }), headers: { 'content-type': 'application/json' } };
  const r = await warmAndRun(load);
  assertAllOk('login', r);
  const raw = await rawArgon2(s.loginConcurrency, s.duration);
  const ratio = r.rps / raw.rps;
  return {
    name: 'login',
    rps: round(r.rps),
    p50Ms: r.p50Ms,
    p99Ms: r.p99Ms,
    ratio: round(ratio, 3),
    ratioMeans: 'login rps ÷ raw argon2id verify rate (same parameters, same concurrency)',
    baseline: { what: `raw argon2id verify ×${s.loginConcurrency}`, rps: round(raw.rps), p50Ms: raw.p50Ms, p99Ms: raw.p99Ms },
    bar: { rule: 'ratio ≥ 0.9', pass: ratio >= 0.9 },
  };
}

async function caseLoginStorm(env: Env, s: Settings, state: State): Promise<CaseResult> {
  const { phone, token } = await ensureAccount(env, state);
  const me = { url: `${env.url}/api/v1/me`, connections: s.connections, durationSeconds: s.duration, headers: { authorization: `Bearer ${token}` } };
  const calm = await warmAndRun(me);
  assertAllOk('me (calm)', calm);
  // The storm: twice the libuv pool's worth of concurrent logins, so hashing is saturated throughout.
  const storm = runLoad({ url: `${env.url}/api/v1/sessions`, connections: s.loginConcurrency * 2, durationSeconds: s.duration + 2, method: 'POST', body: JSON.stringify({ login: phone, password: PASSWORD }), headers: { 'content-type': 'application/json' } });
  await new Promise((r) => setTimeout(r, 1000));
  const during = await runLoad(me);
  const stormResult = await storm;
  assertAllOk('me (during storm)', during);
  assertAllOk('login storm', stormResult);
  const ratio = during.p99Ms / Math.max(calm.p99Ms, 1);
  return {
    name: 'login-storm',
    rps: round(during.rps),
    p50Ms: during.p50Ms,
    p99Ms: during.p99Ms,
    ratio: round(ratio, 2),
    ratioMeans: 'GET /api/v1/me p99 during a login storm ÷ p99 when calm (max(calm, 1 ms))',
    baseline: { what: 'GET /api/v1/me, calm', rps: round(calm.rps), p50Ms: calm.p50Ms, p99Ms: calm.p99Ms },
    bar: { rule: 'ratio ≤ 2', pass: ratio <= 2 },
    details: { stormLoginRps: round(stormResult.rps), stormLoginP99Ms: stormResult.p99Ms },
  };
}

/** Samples memory every 50 ms while `fn` runs. */
async function withMemory<T>(fn: () => Promise<T>): Promise<{ value: T; rssGrowthMiB: number; heapGrowthMiB: number; peakRssMiB: number }> {
  const start = process.memoryUsage();
  let peakRss = start.rss;
  let peakHeap = start.heapUsed;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 50);
  try {
    const value = await fn();
    return { value, rssGrowthMiB: round((peakRss - start.rss) / 2 ** 20), heapGrowthMiB: round((peakHeap - start.heapUsed) / 2 ** 20), peakRssMiB: round(peakRss / 2 ** 20) };
  } finally {
    clearInterval(timer);
  }
}

async function caseRegistryImport(env: Env, s: Settings, state: State): Promise<CaseResult> {
  if (state.personsImported > 0) throw new Error('registry-import must run on an empty registry (it runs first)');
  const mixCounts = importMix(s.importLines);
  const gen = generatorFor(env, mixCounts.persons);
  const lines = mixCounts.persons + mixCounts.licences + mixCounts.vehicles + mixCounts.violations;
  const ctx = env.app.ctx;

  const t0 = performance.now();
  const imported = await withMemory(() => importRegistry(ctx, asLines(gen.lines(mixCounts))));
  const importSeconds = (performance.now() - t0) / 1000;
  const r = imported.value;
  if (r.rejected) throw new Error(`the importer rejected ${r.rejected} generated lines: ${JSON.stringify(r.errors.slice(0, 3))}`);
  state.personsImported = mixCounts.persons;

  // Baseline: the same rows COPYed into scratch copies of the registry tables (indexes included, no foreign keys).
  const scratch = (t: RegistryTable) => `bench_scratch_${t}`;
  const tables = Object.keys(REGISTRY_COLUMNS) as RegistryTable[];
  for (const t of tables) await ctx.db.execute(sql.raw(`create table "${scratch(t)}" (like "${t}" including defaults including indexes)`));
  try {
    const rows = new RowBuilder(ctx.crypto.lookupHash);
    const uuid = (i: number) => personUuid(i, 1);
    const copy = (t: RegistryTable, src: () => Generator<CopyValue[]>) => copyInto(ctx.database, scratch(t), [...REGISTRY_COLUMNS[t]], chunked(src()));
    const t1 = performance.now();
    const copied = await withMemory(async () => {
      await copy('registry_persons', function* () {
        for (let i = 0; i < mixCounts.persons; i++) yield rows.person(gen.person(i), uuid(i)).person;
      });
      await copy('registry_person_documents', function* () {
        for (let i = 0; i < mixCounts.persons; i++) yield* rows.person(gen.person(i), uuid(i)).documents;
      });
      await copy('registry_licences', function* () {
        for (let i = 0; i < mixCounts.licences; i++) yield rows.licence(gen.licence(i), uuid(i));
      });
      await copy('registry_vehicles', function* () {
        for (let v = 0; v < mixCounts.vehicles; v++) yield rows.vehicle(gen.vehicle(v), uuid(gen.ownerOf(v)));
      });
      await copy('registry_violations', function* () {
        for (let k = 0; k < mixCounts.violations; k++) yield rows.violation(gen.violation(k));
      });
    });
    const copySeconds = (performance.now() - t1) / 1000;
    const importRate = lines / importSeconds;
    const copyRate = lines / copySeconds;
    const ratio = importRate / copyRate;
    return {
      name: 'registry-import',
      rps: round(importRate),
      p50Ms: null,
      p99Ms: null,
      ratio: round(ratio, 3),
      ratioMeans: 'importRegistry lines/s ÷ raw COPY of the same rows into scratch tables, lines/s',
      baseline: { what: 'raw COPY of the same rows', rps: round(copyRate) },
      bar: { rule: 'ratio ≥ 0.7', pass: ratio >= 0.7 },
      details: {
        lines,
        created: r.created,
        importSeconds: round(importSeconds, 2),
        copySeconds: round(copySeconds, 2),
        importPeakRssGrowthMiB: imported.rssGrowthMiB,
        importPeakHeapGrowthMiB: imported.heapGrowthMiB,
        importPeakRssMiB: imported.peakRssMiB,
        copyPeakRssGrowthMiB: copied.rssGrowthMiB,
      },
    };
  } finally {
    for (const t of tables) await ctx.db.execute(sql.raw(`drop table if exists "${scratch(t)}"`));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Starts `node --import tsx src/server/main.ts` and measures the time until /healthz answers 200. */
async function timeStart(dataDir: string): Promise<{ ms: number; child: ChildProcess }> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', NODE_ENV: 'development', DEMO_SEED: 'auto' };
  delete env.DATABASE_URL;
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/server/main.ts')], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const deadline = t0 + 60_000;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}: ${stderr.length > 800 ? `${stderr.slice(0, 400)} … ${stderr.slice(-400)}` : stderr}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.status === 200) return { ms: performance.now() - t0, child };
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  child.kill('SIGKILL');
  throw new Error('server did not answer /healthz within 60 s');
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

async function caseStartup(): Promise<CaseResult> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jiaoguan-bench-start-'));
  try {
    const first = await timeStart(dataDir);
    await stop(first.child);
    const second = await timeStart(dataDir);
    await stop(second.child);
    return {
      name: 'startup',
      rps: null,
      p50Ms: null,
      p99Ms: null,
      ratio: round(first.ms / 10_000, 3),
      ratioMeans: 'first start (fresh DATA_DIR, migrations and demo seed) ÷ the 10 s budget',
      baseline: { what: '10 s budget' },
      bar: { rule: 'first start ≤ 10 s (ratio ≤ 1)', pass: first.ms <= 10_000 },
      details: { firstStartMs: Math.round(first.ms), secondStartMs: Math.round(second.ms) },
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------
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
    log(`bench: ${env.databaseKind}, cases ${args.cases.join(', ')}`);
    baseline = await bareBaseline(settings);
    // The import case needs an empty registry, so it runs first whatever the order asked.
    const order = [...args.cases].sort((a, b) => Number(b === 'registry-import') - Number(a === 'registry-import'));
    for (const name of order) {
      log(`… ${name}`);
      const started = performance.now();
      if (name === 'healthz') results.push(await caseHealthz(env, settings, baseline));
      else if (name === 'login') results.push(await caseLogin(env, settings, state));
      else if (name === 'login-storm') results.push(await caseLoginStorm(env, settings, state));
      else if (name === 'registry-import') results.push(await caseRegistryImport(env, settings, state));
      else if (name === 'startup') results.push(await caseStartup());
      else if (name === 'elicence') results.push(await (await import('./cases/elicence.ts')).caseElicence(env.app, { seconds: settings.quick ? 2 : 5, concurrency: settings.loginConcurrency }));
      log(`  done in ${round((performance.now() - started) / 1000)} s`);
    }
  } finally {
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
