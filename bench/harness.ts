/**
 * What every benchmark case shares: the run's settings, the result shape, the throw-away
 * database and app, the bare Fastify baseline, HTTP load helpers and the benchmark account.
 * Cases live in bench/cases/, one file each, listed in bench/cases/index.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { importRegistry } from '../src/server/features/registry/service.ts';
import { RegistryGenerator } from './generate.ts';
import { runLoad, type LoadResult } from './load.ts';

export const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

export interface Settings {
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
  name: string;
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

/** What a case gets: the shared app and database, the settings, state built up by earlier cases, and the bare baseline. */
export interface CaseContext {
  env: Env;
  settings: Settings;
  state: State;
  baseline: LoadResult;
}

export interface BenchCase {
  name: string;
  /** In the reduced set of `--quick`. */
  quick: boolean;
  /** Must run before anything is imported into the registry. */
  needsEmptyRegistry?: boolean;
  run(c: CaseContext): Promise<CaseResult>;
}

export function machine() {
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

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

// ---------------------------------------------------------------------------------------
// Database and app

export interface Env {
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

export async function startEnv(): Promise<Env> {
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
export async function bareBaseline(s: Settings, durationSeconds = s.duration): Promise<LoadResult> {
  const bare = Fastify({ logger: false });
  bare.get('/', async () => ({ status: 'ok' }));
  const url = await bare.listen({ host: '127.0.0.1', port: 0 });
  try {
    await runLoad({ url, connections: s.connections, durationSeconds: 1 });
    return await runLoad({ url, connections: s.connections, durationSeconds });
  } finally {
    await bare.close();
  }
}

/**
 * Runs `measure` between two halves of the bare baseline (half the case's duration each) and
 * returns both: the baseline the case's ratio is taken against. A full run lasts minutes, the
 * machine's other load drifts meanwhile, and the bench process itself changes (heap grown by
 * the import, apps on the seeded databases, their change feeds); a baseline taken minutes
 * earlier at the start of the run measures a different machine. Half before and half after
 * puts the same drift on both sides of the ratio (as the login case does for argon2id).
 */
export async function withAdjacentBaseline<T>(s: Settings, measure: () => Promise<T>): Promise<{ value: T; baseline: LoadResult }> {
  const half = Math.max(1, s.duration / 2);
  const before = await bareBaseline(s, half);
  const value = await measure();
  const after = await bareBaseline(s, half);
  const requests = before.requests + after.requests;
  const baseline: LoadResult = {
    rps: (before.rps + after.rps) / 2,
    p50Ms: round((before.p50Ms + after.p50Ms) / 2),
    p99Ms: Math.max(before.p99Ms, after.p99Ms),
    requests,
    non2xx: before.non2xx + after.non2xx,
    errors: before.errors + after.errors,
  };
  return { value, baseline };
}

export async function warmAndRun(o: Parameters<typeof runLoad>[0]): Promise<LoadResult> {
  await runLoad({ ...o, durationSeconds: 1 });
  return runLoad(o);
}

export function assertAllOk(what: string, r: LoadResult): void {
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${what}: ${r.non2xx} non-2xx answers and ${r.errors} errors out of ${r.requests}: the measurement would be of error paths`);
}

// ---------------------------------------------------------------------------------------
// Shared set-up: generated people in the registry and one registered account

export const PASSWORD = 'Bench-Lantern-Ferry-2026';
export const generatorFor = (env: Env, drivers: number) => new RegistryGenerator({ drivers, now: env.app.ctx.clock.now(), seed: 1 });

export interface State {
  /** Generated people imported so far (0..n-1), with their licences. */
  personsImported: number;
  account?: { phone: string; token: string };
  /** Run by the runner after the last case: things cases opened that outlive them (e.g. apps on pre-seeded databases). */
  cleanups?: Array<() => Promise<void>>;
  /** Shared between cases by name (e.g. the app on a pre-seeded database); see bench/scale.ts. */
  shared?: Map<string, unknown>;
}

export async function* asLines(gen: Iterable<unknown>): AsyncGenerator<string> {
  for (const line of gen) yield JSON.stringify(line);
}

export async function ensureAccount(env: Env, state: State): Promise<{ phone: string; token: string }> {
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

/** Samples memory every 50 ms while `fn` runs. */
export async function withMemory<T>(fn: () => Promise<T>): Promise<{ value: T; rssGrowthMiB: number; heapGrowthMiB: number; peakRssMiB: number }> {
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

