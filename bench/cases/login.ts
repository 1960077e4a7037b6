import { hash, verify } from '@node-rs/argon2';
import Fastify from 'fastify';
import { ARGON2_PARAMS } from '../../src/server/platform/crypto.ts';
import { HashingPool } from '../../src/server/platform/hashing-pool.ts';
import { runLoad } from '../load.ts';
import { assertAllOk, ensureAccount, PASSWORD, round, warmAndRun, type BenchCase, type CaseResult, type Env, type Settings, type State } from '../harness.ts';

/** CPU time of this process (all its threads: event loop, PGlite, hashing) while `fn` runs, in ms. */
async function withCpu<T>(fn: () => Promise<T>): Promise<{ value: T; cpuMs: number }> {
  const start = process.cpuUsage();
  const value = await fn();
  const used = process.cpuUsage(start);
  return { value, cpuMs: (used.user + used.system) / 1000 };
}

/**
 * `concurrency` loops of argon2id verify with the platform's parameters, for `seconds`, through
 * `verifyOnce`: @node-rs/argon2 on libuv's pool, or a HashingPool like the app's.
 */
async function rawArgon2(concurrency: number, seconds: number, verifyOnce: (stored: string) => Promise<boolean>): Promise<{ rps: number; p50Ms: number; p99Ms: number; count: number; cpuMs: number }> {
  const stored = await hash(PASSWORD, ARGON2_PARAMS);
  const latencies: number[] = [];
  const { cpuMs } = await withCpu(async () => {
    const end = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < end) {
          const t = performance.now();
          if (!(await verifyOnce(stored))) throw new Error('argon2 verify failed');
          latencies.push(performance.now() - t);
        }
      }),
    );
  });
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return { rps: latencies.length / seconds, p50Ms: round(at(0.5)), p99Ms: round(at(0.99)), count: latencies.length, cpuMs };
}

/** Two raw runs of half the time each, one before and one after the measured load: drift of a shared machine's load hits both sides alike. */
function combine(a: Awaited<ReturnType<typeof rawArgon2>>, b: Awaited<ReturnType<typeof rawArgon2>>, seconds: number) {
  const count = a.count + b.count;
  return { rps: count / seconds, p50Ms: round((a.p50Ms + b.p50Ms) / 2), p99Ms: Math.max(a.p99Ms, b.p99Ms), count, cpuMs: a.cpuMs + b.cpuMs };
}

/**
 * The raw verify behind a bare Fastify route, driven by the same autocannon load as the
 * logins: what a login would reach if the app, its database and its session cost nothing,
 * with the load generator and HTTP on the same 2 cores as the hashing (the raw baseline has
 * neither). Same pool, same parameters, same stored hash for every request.
 */
async function bareRouteVerify(s: Settings, pool: HashingPool, stored: string) {
  const bare = Fastify({ logger: false });
  bare.post('/verify', async (request) => {
    const { password } = request.body as { password: string };
    if (!(await pool.verify(stored, password))) throw new Error('argon2 verify failed');
    return { ok: true };
  });
  const url = await bare.listen({ host: '127.0.0.1', port: 0 });
  try {
    const load = { url: `${url}/verify`, connections: s.loginConcurrency, durationSeconds: s.duration, method: 'POST' as const, body: JSON.stringify({ login: 'x', password: PASSWORD }), headers: { 'content-type': 'application/json' } };
    await runLoad({ ...load, durationSeconds: 1 });
    const r = await runLoad(load);
    assertAllOk('bare verify route', r);
    return r;
  } finally {
    await bare.close();
  }
}

async function caseLogin(env: Env, s: Settings, state: State): Promise<CaseResult> {
  const { phone } = await ensureAccount(env, state);
  const load = { url: `${env.url}/api/v1/sessions`, connections: s.loginConcurrency, durationSeconds: s.duration, method: 'POST' as const, body: JSON.stringify({ login: phone, password: PASSWORD }), headers: { 'content-type': 'application/json' } };
  await runLoad({ ...load, durationSeconds: 1 });
  // The baseline hashes the way the app does: the same implementation in a HashingPool with
  // the app's defaults (one worker per core, lowered priority), so the ratio is the cost of
  // everything around the hash, not of a different thread count or priority. @node-rs/argon2
  // on libuv (4 threads at normal priority), the earlier baseline, is kept in the details.
  const pool = new HashingPool();
  const poolVerify = (stored: string) => pool.verify(stored, PASSWORD);
  let raw;
  let r;
  let loginCpuMs;
  let bareRoute;
  try {
    const before = await rawArgon2(s.loginConcurrency, s.duration / 2, poolVerify);
    ({ value: r, cpuMs: loginCpuMs } = await withCpu(() => runLoad(load)));
    const after = await rawArgon2(s.loginConcurrency, s.duration / 2, poolVerify);
    raw = combine(before, after, s.duration);
    bareRoute = await bareRouteVerify(s, pool, await hash(PASSWORD, ARGON2_PARAMS));
  } finally {
    await pool.close();
  }
  assertAllOk('login', r);
  const libuv = await rawArgon2(s.loginConcurrency, s.duration, (stored) => verify(stored, PASSWORD));
  const ratio = r.rps / raw.rps;
  // Rates on a shared 2-core machine move with everyone else's load; CPU per operation
  // does not, so it shows how much a login costs beyond its hash whatever the noise.
  const cpuPerLogin = loginCpuMs / Math.max(1, r.requests);
  const cpuPerVerify = raw.cpuMs / Math.max(1, raw.count);
  return {
    name: 'login',
    rps: round(r.rps),
    p50Ms: r.p50Ms,
    p99Ms: r.p99Ms,
    ratio: round(ratio, 3),
    ratioMeans: 'login rps ÷ raw argon2id verify rate (same parameters, same concurrency, same hashing pool as the app)',
    baseline: { what: `raw argon2id verify ×${s.loginConcurrency}, app's hashing pool`, rps: round(raw.rps), p50Ms: raw.p50Ms, p99Ms: raw.p99Ms },
    bar: { rule: 'ratio ≥ 0.9', pass: ratio >= 0.9 },
    details: {
      serverCpuMsPerLogin: round(cpuPerLogin, 2),
      cpuMsPerRawVerify: round(cpuPerVerify, 2),
      cpuRatio: round(cpuPerVerify / cpuPerLogin, 3),
      cpuRatioMeans: 'CPU ms of one raw argon2id verify ÷ CPU ms this process spends per login (autocannon and PostgreSQL excluded)',
      libuvVerifyRps: round(libuv.rps),
      ratioToLibuv: round(r.rps / libuv.rps, 3),
      cpuMsPerLibuvVerify: round(libuv.cpuMs / Math.max(1, libuv.count), 2),
      libuvMeans: 'the earlier baseline: @node-rs/argon2 verify on libuv (4 threads, normal priority), same concurrency',
      bareRouteVerifyRps: round(bareRoute.rps),
      ratioToBareRouteVerify: round(r.rps / bareRoute.rps, 3),
      bareRouteVerifyMeans: 'raw verify (same pool) behind a bare Fastify POST route under the same autocannon load, measured after the logins: the raw baseline with the load generator and HTTP on the same cores',
    },
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

export const loginCase: BenchCase = { name: 'login', quick: true, run: ({ env, settings, state }) => caseLogin(env, settings, state) };

export const loginStormCase: BenchCase = { name: 'login-storm', quick: true, run: ({ env, settings, state }) => caseLoginStorm(env, settings, state) };
