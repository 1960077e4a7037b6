import { hash, verify } from '@node-rs/argon2';
import { ARGON2_PARAMS } from '../../src/server/platform/crypto.ts';
import { runLoad } from '../load.ts';
import { assertAllOk, ensureAccount, PASSWORD, round, warmAndRun, type BenchCase, type CaseResult, type Env, type Settings, type State } from '../harness.ts';

/** CPU time of this process (all its threads: event loop, PGlite, hashing) while `fn` runs, in ms. */
async function withCpu<T>(fn: () => Promise<T>): Promise<{ value: T; cpuMs: number }> {
  const start = process.cpuUsage();
  const value = await fn();
  const used = process.cpuUsage(start);
  return { value, cpuMs: (used.user + used.system) / 1000 };
}

/** `concurrency` loops of argon2id verify with the platform's parameters, for `seconds`. */
async function rawArgon2(concurrency: number, seconds: number): Promise<{ rps: number; p50Ms: number; p99Ms: number; count: number }> {
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
  return { rps: latencies.length / seconds, p50Ms: round(at(0.5)), p99Ms: round(at(0.99)), count: latencies.length };
}

async function caseLogin(env: Env, s: Settings, state: State): Promise<CaseResult> {
  const { phone } = await ensureAccount(env, state);
  const load = { url: `${env.url}/api/v1/sessions`, connections: s.loginConcurrency, durationSeconds: s.duration, method: 'POST' as const, body: JSON.stringify({ login: phone, password: PASSWORD }), headers: { 'content-type': 'application/json' } };
  await runLoad({ ...load, durationSeconds: 1 });
  const { value: r, cpuMs: loginCpuMs } = await withCpu(() => runLoad(load));
  assertAllOk('login', r);
  const { value: raw, cpuMs: rawCpuMs } = await withCpu(() => rawArgon2(s.loginConcurrency, s.duration));
  const ratio = r.rps / raw.rps;
  // Rates on a shared 2-core machine move with everyone else's load; CPU per operation
  // does not, so it shows how much a login costs beyond its hash whatever the noise.
  const cpuPerLogin = loginCpuMs / Math.max(1, r.requests);
  const cpuPerVerify = rawCpuMs / Math.max(1, raw.count);
  return {
    name: 'login',
    rps: round(r.rps),
    p50Ms: r.p50Ms,
    p99Ms: r.p99Ms,
    ratio: round(ratio, 3),
    ratioMeans: 'login rps ÷ raw argon2id verify rate (same parameters, same concurrency)',
    baseline: { what: `raw argon2id verify ×${s.loginConcurrency}`, rps: round(raw.rps), p50Ms: raw.p50Ms, p99Ms: raw.p99Ms },
    bar: { rule: 'ratio ≥ 0.9', pass: ratio >= 0.9 },
    details: {
      serverCpuMsPerLogin: round(cpuPerLogin, 2),
      cpuMsPerRawVerify: round(cpuPerVerify, 2),
      cpuRatio: round(cpuPerVerify / cpuPerLogin, 3),
      cpuRatioMeans: 'CPU ms of one raw argon2id verify ÷ CPU ms this process spends per login (autocannon excluded): the rate ratio on an otherwise idle machine',
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
