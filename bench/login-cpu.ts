/**
 * Where a password login's CPU goes beyond its argon2id verify (docs/performance/login-and-elicence.md).
 * One process, one throw-away database (PGlite, or PostgreSQL with DATABASE_URL), rounds of:
 *
 * - raw verifies ×4 the way the bench's baseline does them (@node-rs/argon2 on libuv), and the
 *   same through a HashingPool like the app's (same code, threads and priority as a login);
 * - logins over HTTP from autocannon ×4, as the `login` case;
 *
 * each with the CPU of every thread of this process from /proc (main thread, hashing workers,
 * the rest), of autocannon (reaped children) and of the run's PostgreSQL backends. Then the
 * main-thread CPU of each step of a login, sequentially, and a V8 profile of the main thread
 * during an HTTP login load, summed by package.
 *
 *   npx tsx bench/login-cpu.ts [seconds=3] [rounds=2]
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/login-cpu.ts
 */
import { readdirSync, readFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import { hash, verify } from '@node-rs/argon2';
import { sql } from 'drizzle-orm';
import { ARGON2_PARAMS } from '../src/server/platform/crypto.ts';
import { HashingPool } from '../src/server/platform/hashing-pool.ts';
import { accountView } from '../src/server/features/accounts/service.ts';
import { ADDRESS_FAILURE_RULE, ACCOUNT_FAILURE_RULE, loginHashes, passwordLogin, readLoginState } from '../src/server/features/accounts/logins.ts';
import { readProc } from './cpu.ts';
import { ensureAccount, PASSWORD, round, startEnv, type Env } from './harness.ts';
import { runLoad } from './load.ts';

const seconds = Number(process.argv[2] ?? 3);
const rounds = Number(process.argv[3] ?? 2);
const CONCURRENCY = 4;
const TICK_MS = 1000 / 100; // USER_HZ is 100 on Linux

interface ThreadSample {
  ns: number;
  user: number;
  sys: number;
  nice: number;
}

function threads(): Map<number, ThreadSample> {
  const out = new Map<number, ThreadSample>();
  for (const t of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${t}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ns = Number(readFileSync(`/proc/self/task/${t}/schedstat`, 'utf8').split(' ')[0]);
      out.set(Number(t), { ns, user: Number(f[11]), sys: Number(f[12]), nice: Number(f[16]) });
    } catch {
      // the thread ended meanwhile
    }
  }
  return out;
}

/** CPU of this process's reaped children (autocannon), in ticks: cutime + cstime of /proc/self/stat. */
function childTicks(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(f[13]) + Number(f[14]);
}

async function backendPids(env: Env): Promise<number[]> {
  if (env.databaseKind !== 'postgres') return [];
  const rows = (await env.app.ctx.db.execute(sql`select pid from pg_stat_activity where datname = current_database()`)) as unknown as { rows: Array<{ pid: number }> };
  return rows.rows.map((r) => Number(r.pid));
}

interface Split {
  main: number;
  hashing: number;
  other: number;
  /** user / system split of the hashing threads (of "other" when they did more: raw verifies on libuv), ms. */
  hashUser: number;
  hashSys: number;
  /** user / system split of the main thread, ms (ticks: coarse, read over many logins). */
  mainUser: number;
  mainSys: number;
  autocannon: number;
  postgres: number;
}

/** CPU ms of each group while `fn` runs. */
async function measure(env: Env, fn: () => Promise<void>): Promise<Split> {
  const mainNice = os.getPriority(0);
  const pidsBefore = await backendPids(env);
  const pgBefore = new Map(pidsBefore.map((p) => [p, readProc(p)?.ticks ?? 0]));
  const a = threads();
  const childA = childTicks();
  await fn();
  const b = threads();
  const childB = childTicks();
  let pgTicks = 0;
  for (const pid of new Set([...pidsBefore, ...(await backendPids(env))])) pgTicks += (readProc(pid)?.ticks ?? 0) - (pgBefore.get(pid) ?? 0);
  const s: Split = { main: 0, hashing: 0, other: 0, hashUser: 0, hashSys: 0, mainUser: 0, mainSys: 0, autocannon: (childB - childA) * TICK_MS, postgres: pgTicks * TICK_MS };
  let otherUser = 0;
  let otherSys = 0;
  for (const [tid, end] of b) {
    const start = a.get(tid) ?? { ns: 0, user: 0, sys: 0, nice: end.nice };
    const ms = (end.ns - start.ns) / 1e6;
    if (tid === process.pid) {
      s.main += ms;
      s.mainUser += (end.user - start.user) * TICK_MS;
      s.mainSys += (end.sys - start.sys) * TICK_MS;
    }
    else if (end.nice > mainNice) {
      s.hashing += ms;
      s.hashUser += (end.user - start.user) * TICK_MS;
      s.hashSys += (end.sys - start.sys) * TICK_MS;
    } else {
      s.other += ms;
      otherUser += (end.user - start.user) * TICK_MS;
      otherSys += (end.sys - start.sys) * TICK_MS;
    }
  }
  if (s.other > s.hashing) {
    s.hashUser = otherUser;
    s.hashSys = otherSys;
  }
  return s;
}

async function loop(concurrency: number, until: number, op: () => Promise<unknown>): Promise<number> {
  let count = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        await op();
        count++;
      }
    }),
  );
  return count;
}

function report(what: string, count: number, s: Split): void {
  const per = (ms: number) => round(ms / Math.max(1, count), 2);
  const total = s.main + s.hashing + s.other;
  console.log(
    `${what.padEnd(26)} n=${String(count).padStart(4)}  process ${per(total)} ms/op = main ${per(s.main)} + hashing ${per(s.hashing)} + other ${per(s.other)}` +
      ` | main user ${per(s.mainUser)} sys ${per(s.mainSys)} | hash user ${per(s.hashUser)} sys ${per(s.hashSys)} | autocannon ${per(s.autocannon)} | postgres ${per(s.postgres)} | all ${per(total + s.autocannon + s.postgres)}`,
  );
}

const env = await startEnv();
try {
  const { phone } = await ensureAccount(env, { personsImported: 0 });
  const ctx = env.app.ctx;
  const stored = await hash(PASSWORD, ARGON2_PARAMS);
  const pool = new HashingPool();
  const load = { url: `${env.url}/api/v1/sessions`, connections: CONCURRENCY, durationSeconds: seconds, method: 'POST' as const, body: JSON.stringify({ login: phone, password: PASSWORD }), headers: { 'content-type': 'application/json' } };
  console.log(`${env.databaseKind}; ${os.availableParallelism()} cores; load ${os.loadavg().map((l) => round(l, 2)).join(' ')}; ${seconds} s per load, ${rounds} rounds`);
  await runLoad({ ...load, durationSeconds: 1 });

  for (let r = 0; r < rounds; r++) {
    let n = 0;
    let s = await measure(env, async () => {
      n = await loop(CONCURRENCY, performance.now() + seconds * 1000, async () => {
        if (!(await verify(stored, PASSWORD))) throw new Error('verify failed');
      });
    });
    report('raw libuv ×4 (bench)', n, s);
    s = await measure(env, async () => {
      n = await loop(CONCURRENCY, performance.now() + seconds * 1000, async () => {
        if (!(await pool.verify(stored, PASSWORD))) throw new Error('verify failed');
      });
    });
    report(`raw pool ×4 (${pool.size} workers)`, n, s);
    s = await measure(env, async () => {
      const res = await runLoad(load);
      if (res.non2xx || res.errors) throw new Error(`login load: ${res.non2xx} non-2xx, ${res.errors} errors`);
      n = res.requests;
    });
    report('login HTTP ×4', n, s);
  }
  await pool.close();

  // Each step of a login, one at a time, on the main thread (workers idle).
  const steps: Array<[string, () => Promise<unknown>]> = [];
  const { candidates: [candidate] } = await readLoginState(ctx, loginHashes(ctx, phone), 'login:address:x');
  if (!candidate) throw new Error('benchmark account not found');
  steps.push(['both throttles (checkAll)', () => ctx.rateLimits.checkAll([{ key: 'login:address:x', rule: ADDRESS_FAILURE_RULE }, { key: `login:account:${candidate.id}`, rule: ACCOUNT_FAILURE_RULE }])]);
  // What passwordLogin sends before the hash: candidates and both throttles in one statement.
  steps.push(['candidates + throttles', () => readLoginState(ctx, loginHashes(ctx, phone), 'login:address:x')]);
  steps.push(['loginHashes (HMACs)', async () => loginHashes(ctx, phone)]);
  // The whole login without HTTP: read, hash (workers), insert is not in it.
  steps.push(['passwordLogin (no HTTP)', () => passwordLogin(ctx, { login: phone, password: PASSWORD, clientAddress: '127.0.0.9' })]);
  steps.push(['verify through ctx.crypto', () => ctx.crypto.verifySecret(candidate.passwordHash, PASSWORD)]);
  steps.push(['session insert', () => ctx.sessions.create({ subjectType: 'citizen', subjectId: candidate.id })]);
  steps.push(['account view', () => accountView(ctx.db, candidate, { gestureEnabled: candidate.gestureEnabled })]);
  steps.push(['select 1', () => ctx.db.execute(sql`select 1`)]);
  steps.push(['GET /healthz (inject)', () => env.app.inject({ method: 'GET', url: '/healthz' })]);
  steps.push(['POST /sessions (inject)', () => env.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { login: phone, password: PASSWORD } })]);
  for (const [name, fn] of steps) {
    const n = name.includes('POST') || name.includes('verify') || name.includes('passwordLogin') ? 100 : 300;
    for (let i = 0; i < 30; i++) await fn();
    const s = await measure(env, async () => {
      for (let i = 0; i < n; i++) await fn();
    });
    report(name, n, s);
  }

  // V8 profile of the main thread during a login load.
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  const res = await runLoad(load);
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  const byNode = new Map(profile.nodes.map((nd) => [nd.id, nd]));
  const selfUs = new Map<number, number>();
  const deltas = profile.timeDeltas ?? [];
  (profile.samples ?? []).forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (deltas[i] ?? 0)));
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const [id, us] of selfUs) {
    const cf = byNode.get(id)!.callFrame;
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(cf.url);
    const pkg = cf.url === '' ? cf.functionName || '(native)' : m ? m[1]! : cf.url.startsWith('node:') ? 'node:internals' : cf.url.includes('/src/') ? 'app src' : cf.url;
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
    const fn = `${cf.functionName || '(anonymous)'} ${pkg}:${cf.lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
    total += us;
  }
  const idle = byPackage.get('(idle)') ?? 0;
  const perLogin = (us: number) => round(us / 1000 / Math.max(1, res.requests), 3);
  console.log(`\nmain-thread profile during ${res.requests} logins (${round(res.rps)} rps): ${perLogin(total - idle)} ms busy per login`);
  for (const [k, us] of [...byPackage].filter(([k]) => k !== '(idle)').sort((x, y) => y[1] - x[1]).slice(0, 16)) console.log(`  ${k.padEnd(36)} ${perLogin(us)} ms/login`);
  const parent = new Map<number, number>();
  for (const nd of profile.nodes) for (const c of nd.children ?? []) parent.set(c, nd.id);
  const stackOf = (id: number) => {
    const names: string[] = [];
    for (let cur: number | undefined = parent.get(id); cur !== undefined && names.length < 6; cur = parent.get(cur)) {
      const cf = byNode.get(cur)!.callFrame;
      names.push(`${cf.functionName || '(anon)'}@${cf.url.split('/').slice(-2).join('/')}:${cf.lineNumber + 1}`);
    }
    return names.join(' < ');
  };
  if (process.env.STACKS) {
    for (const name of process.env.STACKS.split(',')) {
      const callers = new Map<string, number>();
      for (const [id, us] of selfUs) if (byNode.get(id)!.callFrame.functionName === name) callers.set(stackOf(id), (callers.get(stackOf(id)) ?? 0) + us);
      console.log(`callers of ${name}:`);
      for (const [k, us] of [...callers].sort((x, y) => y[1] - x[1]).slice(0, 6)) console.log(`  ${perLogin(us)} ${k.slice(0, 400)}`);
    }
  }
  console.log('top functions:');
  for (const [k, us] of [...byFunction].filter(([k]) => !k.startsWith('(idle)')).sort((x, y) => y[1] - x[1]).slice(0, 25)) console.log(`  ${k.slice(0, 90).padEnd(90)} ${perLogin(us)}`);
} finally {
  await env.close();
}
process.exit(0);
