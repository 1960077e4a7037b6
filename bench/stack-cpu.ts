/**
 * CPU of the server process per HTTP request for the stack's cheapest routes — `GET /healthz`,
 * an authenticated `GET /api/v1/me` (bearer token) and the cached home screen — beside a bare Fastify 5 `GET /` in the
 * same process, under load from autocannon in a child process (bench/load.ts). Rounds are
 * interleaved so a change in the machine's load hits every target alike. CPU is the server
 * process's own (`process.cpuUsage`): with PGlite that includes the database, on PostgreSQL not.
 * With STACK_PROFILE=<dir> each target's measured loads are also profiled (V8 CPU profile,
 * only while that target is under load) into <dir>/<target>.cpuprofile:
 *
 *   npx tsx bench/stack-cpu.ts [rounds] [seconds] [only: e.g. healthz,me/home]
 *   STACK_PROFILE=/tmp/prof npx tsx bench/stack-cpu.ts 1 6 healthz
 *   STACK_INJECT=1 npx tsx bench/stack-cpu.ts 5 2 healthz     # see injectLoad
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { ensureBenchDriver } from './driver.ts';
import { startEnv } from './harness.ts';
import { runLoad, type LoadResult } from './load.ts';

const rounds = Number(process.argv[2] ?? 3);
const seconds = Number(process.argv[3] ?? 3);
const connections = 10;
/** Optional substrings, comma-separated: measure only the targets whose name ends with one (besides bare), e.g. for a profile of one route. */
const only = process.argv[4]?.split(',');
/**
 * STACK_INJECT=1: requests through `app.inject` in this process instead of sockets from
 * autocannon — no kernel, no load generator sharing the cores, so a difference of a
 * microsecond or two between two builds of the stack shows through the noise of a busy machine.
 */
const inProcess = process.env.STACK_INJECT === '1';

/** `connections` concurrent request loops through inject for `seconds`. */
async function injectLoad(app: FastifyInstance, url: string, headers: Record<string, string>, seconds: number): Promise<LoadResult> {
  const until = performance.now() + seconds * 1000;
  let requests = 0;
  let non2xx = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < until) {
        const r = await app.inject({ method: 'GET', url, headers });
        requests++;
        if (r.statusCode >= 300) non2xx++;
      }
    }),
  );
  return { rps: requests / seconds, p50Ms: 0, p99Ms: 0, requests, non2xx, errors: 0 };
}

const env = await startEnv();
const bare = Fastify({ logger: false });
bare.get('/', async () => ({ status: 'ok' }));
const bareUrl = await bare.listen({ host: '127.0.0.1', port: 0 });
try {
  const picked = (name: string) => !only || only.some((o) => name.endsWith(o));
  const wantsMe = picked('GET /api/v1/me') || picked('GET /api/v1/me/home');
  const token = wantsMe ? (await ensureBenchDriver(env.app)).token : '';
  const all: Array<{ name: string; app: FastifyInstance; path: string; headers: Record<string, string> }> = [
    { name: 'bare GET /', app: bare, path: '/', headers: {} },
    { name: 'GET /healthz', app: env.app, path: '/healthz', headers: {} },
    { name: 'GET /api/v1/me', app: env.app, path: '/api/v1/me', headers: { authorization: `Bearer ${token}` } },
    // The home screen from the read cache (the first request of the warm-up computes it).
    { name: 'GET /api/v1/me/home', app: env.app, path: '/api/v1/me/home', headers: { authorization: `Bearer ${token}` } },
  ];
  const targets = all
    .filter((t, i) => i === 0 || picked(t.name))
    .map((t) => ({ ...t, url: `${t.app === bare ? bareUrl : env.url}${t.path}` }));
  const load = (t: (typeof targets)[number], durationSeconds: number) =>
    inProcess ? injectLoad(t.app, t.path, t.headers, durationSeconds) : runLoad({ url: t.url, headers: t.headers, connections, durationSeconds });
  const cpu = new Map<string, number[]>();
  const rps = new Map<string, number[]>();
  const user = new Map<string, number[]>();
  for (const t of targets) await load(t, 1);
  const profileDir = process.env.STACK_PROFILE;
  const inspector = profileDir ? new Session() : undefined;
  inspector?.connect();
  await inspector?.post('Profiler.enable');
  for (let round = 0; round < rounds; round++) {
    for (const t of targets) {
      await inspector?.post('Profiler.start');
      const before = process.cpuUsage();
      const r = await load(t, seconds);
      const used = process.cpuUsage(before);
      if (inspector && profileDir) {
        const { profile } = await inspector.post('Profiler.stop');
        writeFileSync(path.join(profileDir, `${t.name.replace(/[^a-z0-9]+/gi, '_')}.r${round}.cpuprofile`), JSON.stringify(profile));
      }
      if (r.non2xx > 0 || r.errors > 0) throw new Error(`${t.name}: ${r.non2xx} non-2xx, ${r.errors} errors`);
      cpu.set(t.name, [...(cpu.get(t.name) ?? []), (used.user + used.system) / r.requests]);
      rps.set(t.name, [...(rps.get(t.name) ?? []), r.rps]);
      user.set(t.name, [...(user.get(t.name) ?? []), used.user / r.requests]);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const bareCpu = median(cpu.get(targets[0]!.name)!);
  console.log(`${env.databaseKind}, ${inProcess ? 'in-process inject' : 'autocannon'}, ${rounds} interleaved rounds of ${seconds} s, ${connections} connections`);
  for (const t of targets) {
    const c = median(cpu.get(t.name)!);
    const cs = cpu.get(t.name)!.map((x) => x.toFixed(0)).join(' ');
    console.log(`${t.name.padEnd(16)} ${c.toFixed(1).padStart(7)} µs CPU/request (${cs}) = ${(c / bareCpu).toFixed(2)} × bare, of which user ${median(user.get(t.name)!).toFixed(1)} µs; rps median ${median(rps.get(t.name)!).toFixed(0)}`);
  }
} finally {
  await bare.close();
  await env.close();
}
