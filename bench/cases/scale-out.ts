/**
 * Scale-out: the home screen served by the real server (`src/server/main.ts` in a child
 * process) with WORKERS=1 and then WORKERS=2, against the run's PostgreSQL database, with the
 * machine's CPU time split between the load generator, the API processes and PostgreSQL.
 * On a machine whose cores are shared by all three, a second API process cannot double the
 * rate; what it can do is let the API take more of the CPU than one event loop can use.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { runLoad, type LoadResult } from '../load.ts';
import { descendants, procAvailable, readProc, snapshot, ticksBetween, type Snapshot } from '../cpu.ts';
import { assertAllOk, ensureAccount, ROOT, round, type BenchCase, type CaseContext, type CaseResult } from '../harness.ts';
import { freePort, stop } from './startup.ts';

const HOME_PATH = '/api/v1/me/home';

const require = createRequire(import.meta.url);
const AUTOCANNON_CLI = path.join(path.dirname(require.resolve('autocannon/package.json')), 'autocannon.js');

/** Seconds of load before and after the CPU window, so the window sees steady load only. */
const EDGE_SECONDS = 1;

interface CpuSplit {
  /** Percent of the machine's CPU time (all cores) in the window. */
  loadGenerator: number;
  api: number;
  /** The cluster primary alone (part of `api`): it accepts connections and hands them to the workers. */
  apiPrimary: number;
  /** PostgreSQL backends serving the run's database. */
  database: number;
  /** The postmaster and its background processes (WAL writer, checkpointer, autovacuum …). */
  databaseShared: number;
  /** This bench process (it holds the idle in-process app of the other cases) and the idle server of the other setting. */
  benchRunner: number;
  /** Everything else that ran: other programs on this shared machine, other databases' backends. */
  other: number;
  idle: number;
  windowSeconds: number;
  /** Cores' worth of CPU the API processes used (at most 1 for one process, whatever the machine). */
  apiCores: number;
  /** CPU milliseconds per request: less sensitive to what else runs than the rates are. */
  apiMsPerRequest: number;
  databaseMsPerRequest: number;
  loadGeneratorMsPerRequest: number;
}

interface Measured {
  load: LoadResult;
  cpu: CpuSplit | null;
  workers: number;
}

/** GET on a fresh connection, for telling the workers apart by their x-jiaoguan-worker header. */
function probe(port: number, url: string): Promise<{ status: number; worker?: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: url, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, worker: res.headers['x-jiaoguan-worker'] as string | undefined }));
    });
    req.on('error', reject);
    req.setTimeout(5_000, () => req.destroy(new Error('no answer in 5 s')));
  });
}

async function startServer(databaseUrl: string, workers: number): Promise<{ child: ChildProcess; port: number; dataDir: string }> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jiaoguan-bench-scale-'));
  // Request logs off (warn): the in-process cases run without a logger too, and this case
  // compares process counts, not logging costs.
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl, WORKERS: String(workers), PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', NODE_ENV: 'development', DEMO_SEED: 'off' };
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/server/main.ts')], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString('utf8')).slice(-4000)));
  const deadline = Date.now() + 120_000;
  const seen = new Set<string>();
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server (WORKERS=${workers}) exited with ${child.exitCode}: ${stderr}`);
    try {
      const r = await probe(port, '/healthz');
      if (r.status === 200) {
        if (workers === 1) return { child, port, dataDir };
        if (r.worker) seen.add(r.worker);
        if (seen.size === workers) return { child, port, dataDir };
      }
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop(child);
  rmSync(dataDir, { recursive: true, force: true });
  throw new Error(`server (WORKERS=${workers}) not ready within 120 s (workers seen: ${seen.size}): ${stderr}`);
}

/** autocannon in a child process, like bench/load.ts, but with its pid so its CPU time can be sampled while it runs. */
function startLoad(o: { url: string; connections: number; durationSeconds: number; token: string }): { pid: number; done: Promise<LoadResult> } {
  const args = [AUTOCANNON_CLI, '-j', '-n', '-c', String(o.connections), '-d', String(o.durationSeconds), '-H', `authorization=Bearer ${o.token}`, o.url];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
  const done = new Promise<LoadResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited with ${code}: ${err.trim()}`));
      try {
        const r = JSON.parse(out) as { requests: { average: number; total: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number };
        resolve({ rps: r.requests.average, p50Ms: r.latency.p50, p99Ms: r.latency.p99, requests: r.requests.total, non2xx: r.non2xx, errors: r.errors });
      } catch (e) {
        reject(new Error(`autocannon output not understood: ${(e as Error).message}: ${out.slice(0, 200)}`));
      }
    });
  });
  return { pid: child.pid!, done };
}

/**
 * Home-screen requests answered so far, from the cluster-wide /metrics (summed over the
 * workers): the number of requests inside the CPU window, which autocannon cannot give.
 */
async function completedRequests(port: number): Promise<number | undefined> {
  const text = await new Promise<string>((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/metrics', agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error('no /metrics answer in 10 s')));
  });
  let n: number | undefined;
  for (const m of text.matchAll(/^http_request_duration_seconds_count\{([^}]*)\} (\d+)/gm)) {
    if (m[1]!.includes(`route="${HOME_PATH}"`) && m[1]!.includes('status="200"')) n = (n ?? 0) + Number(m[2]);
  }
  return n;
}

/** Pids of the run database's backends, and of the postmaster's processes that belong to no database. */
async function postgresGroups(client: pg.Client, snap: Snapshot, postmaster: number): Promise<{ ours: number[]; shared: number[] }> {
  const { rows } = await client.query<{ pid: number; datname: string | null }>('select pid, datname from pg_stat_activity');
  const byPid = new Map(rows.map((r) => [r.pid, r.datname]));
  const ours: number[] = [];
  const shared: number[] = [postmaster];
  const db = client.database;
  for (const p of snap.procs.values()) {
    if (p.ppid !== postmaster) continue;
    const datname = byPid.get(p.pid);
    if (datname === db) ours.push(p.pid);
    else if (datname === null || datname === undefined) shared.push(p.pid);
    // Backends of other databases (other people's tests on this server) count as "other".
  }
  return { ours, shared };
}

type Server = Awaited<ReturnType<typeof startServer>>;

async function measure(c: CaseContext, server: Server, idle: Server, token: string, workers: number, postmaster: number | undefined, client: pg.Client): Promise<Measured> {
  const { settings: s } = c;
  const url = `http://127.0.0.1:${server.port}${HOME_PATH}`;
  // Warm-up: JIT, connection pools of every worker, PostgreSQL's caches.
  await runLoad({ url, connections: s.connections, durationSeconds: 2, headers: { authorization: `Bearer ${token}` } });
  const load = startLoad({ url, connections: s.connections, durationSeconds: s.duration + 2 * EDGE_SECONDS, token });
  await new Promise((r) => setTimeout(r, EDGE_SECONDS * 1000));
  let cpu: CpuSplit | null = null;
  if (procAvailable) {
    const a = snapshot();
    const doneBefore = await completedRequests(server.port);
    await new Promise((r) => setTimeout(r, s.duration * 1000));
    const b = snapshot();
    const doneAfter = await completedRequests(server.port);
    const self = process.pid;
    const api = descendants(b, server.child.pid!);
    const gen = descendants(b, load.pid);
    const pgPids = postmaster ? await postgresGroups(client, b, postmaster) : { ours: [], shared: [] };
    const total = b.total - a.total;
    const pct = (ticks: number) => round((100 * ticks) / total, 1);
    const groups = {
      loadGenerator: ticksBetween(a, b, gen),
      api: ticksBetween(a, b, api),
      apiPrimary: workers > 1 ? ticksBetween(a, b, [server.child.pid!]) : 0,
      database: ticksBetween(a, b, pgPids.ours),
      databaseShared: ticksBetween(a, b, pgPids.shared),
      // The bench process itself and the other setting's server, idle meanwhile (it polls its job outbox).
      benchRunner: ticksBetween(a, b, [self, ...descendants(b, idle.child.pid!)]),
    };
    const busy = total - (b.idle - a.idle);
    const windowSeconds = (b.at - a.at) / 1000;
    // Ticks per core-second, from the machine's own total: no CLK_TCK needed.
    const hz = total / os.cpus().length / windowSeconds;
    const requests = doneAfter !== undefined && doneBefore !== undefined ? doneAfter - doneBefore : undefined;
    const msPerRequest = (ticks: number) => (requests ? round(((ticks / hz) * 1000) / requests, 2) : NaN);
    const counted = groups.loadGenerator + groups.api + groups.database + groups.databaseShared + groups.benchRunner;
    cpu = {
      loadGenerator: pct(groups.loadGenerator),
      api: pct(groups.api),
      apiPrimary: pct(groups.apiPrimary),
      database: pct(groups.database),
      databaseShared: pct(groups.databaseShared),
      benchRunner: pct(groups.benchRunner),
      other: pct(Math.max(0, busy - counted)),
      idle: pct(b.idle - a.idle),
      windowSeconds: round(windowSeconds, 2),
      apiCores: round(groups.api / hz / windowSeconds, 2),
      apiMsPerRequest: msPerRequest(groups.api),
      databaseMsPerRequest: msPerRequest(groups.database),
      loadGeneratorMsPerRequest: msPerRequest(groups.loadGenerator),
    };
  }
  const result = await load.done;
  assertAllOk(`${HOME_PATH} with WORKERS=${workers}`, result);
  return { load: result, cpu, workers };
}

/** Rounds of the 1-process / 2-process pair, alternating so that a burst of other work on this shared machine hits both alike. */
const ROUNDS = { quick: 1, full: 3 } as const;

function flat(m: Measured): Record<string, unknown> {
  const k = `w${m.workers}`;
  const out: Record<string, unknown> = { [`${k}Rps`]: round(m.load.rps), [`${k}P50Ms`]: m.load.p50Ms, [`${k}P99Ms`]: m.load.p99Ms };
  if (m.cpu) {
    for (const [name, v] of Object.entries(m.cpu)) {
      if (name === 'apiPrimary' && m.workers === 1) continue;
      const Name = `${name[0]!.toUpperCase()}${name.slice(1)}`;
      // Percentages of the machine unless the name says otherwise (cores, ms per request, seconds).
      const key = name === 'windowSeconds' ? 'CpuWindowS' : name === 'apiCores' ? 'ApiCores' : name.endsWith('MsPerRequest') ? `Cpu${Name}` : `Cpu${Name}Pct`;
      out[`${k}${key}`] = v;
    }
  }
  return out;
}

async function caseScaleOut(c: CaseContext): Promise<CaseResult> {
  const { env } = c;
  const database = env.app.ctx.config.database;
  if (database.kind !== 'postgres') {
    return {
      name: 'scale-out',
      rps: null,
      p50Ms: null,
      p99Ms: null,
      ratio: null,
      ratioMeans: 'not applicable: several API processes need PostgreSQL (run with DATABASE_URL)',
      baseline: { what: 'not applicable on the embedded database' },
      bar: null,
      details: { applicable: false },
    };
  }
  const { token } = await ensureAccount(env, c.state);
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    // The postmaster is the parent of any backend, ours included; only visible when PostgreSQL runs on this machine.
    const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
    const parent = readProc(readProc(rows[0]!.pid)?.ppid ?? -1);
    const postmaster = parent && /^postgres|^postmaster/.test(parent.comm) ? parent.pid : undefined;
    // Both servers run throughout (the idle one only polls its job outbox), so rounds need no restarts.
    const servers: Server[] = [];
    const rounds: Array<{ one: Measured; two: Measured }> = [];
    try {
      servers.push(await startServer(database.url, 1));
      servers.push(await startServer(database.url, 2));
      for (let r = 0; r < (c.settings.quick ? ROUNDS.quick : ROUNDS.full); r++) {
        const one = await measure(c, servers[0]!, servers[1]!, token, 1, postmaster, client);
        const two = await measure(c, servers[1]!, servers[0]!, token, 2, postmaster, client);
        rounds.push({ one, two });
      }
    } finally {
      for (const server of servers) {
        await stop(server.child);
        rmSync(server.dataDir, { recursive: true, force: true });
      }
    }
    // The round least disturbed by the rest of the machine is the one with the highest rate.
    const best = (k: 'one' | 'two') => rounds.map((r) => r[k]).reduce((a, b) => (b.load.rps > a.load.rps ? b : a));
    const one = best('one');
    const two = best('two');
    const ratio = two.load.rps / one.load.rps;
    return {
      name: 'scale-out',
      rps: round(two.load.rps),
      p50Ms: two.load.p50Ms,
      p99Ms: two.load.p99Ms,
      ratio: round(ratio, 3),
      ratioMeans: `${HOME_PATH} rps with WORKERS=2 ÷ rps with WORKERS=1 (real server in a child process, same load, best of alternating rounds); CPU split of those rounds in details (% of all cores)`,
      baseline: { what: `${HOME_PATH}, WORKERS=1`, rps: round(one.load.rps), p50Ms: one.load.p50Ms, p99Ms: one.load.p99Ms },
      bar: null,
      details: {
        homePath: HOME_PATH,
        cpus: os.cpus().length,
        databaseCpuVisible: postmaster !== undefined,
        rounds: rounds.length,
        w1RpsRounds: rounds.map((r) => round(r.one.load.rps)).join('/'),
        w2RpsRounds: rounds.map((r) => round(r.two.load.rps)).join('/'),
        w1ApiCoresRounds: rounds.map((r) => r.one.cpu?.apiCores ?? '—').join('/'),
        w2ApiCoresRounds: rounds.map((r) => r.two.cpu?.apiCores ?? '—').join('/'),
        ...flat(one),
        ...flat(two),
      },
    };
  } finally {
    await client.end();
  }
}

/** Home screen with 1 and 2 API processes, and where the CPU time went (PostgreSQL only). */
export const scaleOutCase: BenchCase = { name: 'scale-out', quick: false, run: (c) => caseScaleOut(c) };
