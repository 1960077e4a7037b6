/**
 * CPU of the API process per request for the home screen and the violation list, measured
 * in-process (inject, no sockets from a load generator) on a fresh database with the
 * benchmark driver, with the read cache serving the answers and with it off (as READ_CACHE=off),
 * interleaved. Run under `node --cpu-prof` to see where that CPU goes:
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/cpu-per-request.ts [n]
 */
import pg from 'pg';
import { ensureBenchDriver } from './driver.ts';
import { startEnv } from './harness.ts';
import { MemoryReadCache } from '../src/server/platform/read-cache.ts';

const n = Number(process.argv[2] ?? 200);
// Counts the statements a request sends (PostgreSQL only: PGlite does not go through pg).
let statements: string[] = [];
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const q = args[0] as string | { text?: string };
  statements.push(typeof q === 'string' ? q : (q?.text ?? '?'));
  return (query as (...a: unknown[]) => unknown).apply(this, args);
} as typeof pg.Client.prototype.query;
const env = await startEnv();
try {
  const driver = await ensureBenchDriver(env.app);
  const headers = { authorization: `Bearer ${driver.token}` };
  const cache = env.app.ctx.readCache;
  const runs = [1, 2].flatMap((round) =>
    (['cached', 'uncached'] as const).flatMap((mode) =>
      [
        ['home', '/api/v1/me/home'],
        ['violation-list', '/api/v1/me/violations'],
      ].map(([caseName, url]) => ({ name: `${caseName} (${mode}, round ${round})`, url: url!, mode })),
    ),
  );
  for (const { name, url, mode } of runs) {
    // Off: every request computes, as with READ_CACHE=off (sessions included).
    if (cache instanceof MemoryReadCache) cache.setLive(mode === 'cached');
    for (let i = 0; i < 30; i++) await env.app.inject({ method: 'GET', url, headers });
    statements = [];
    await env.app.inject({ method: 'GET', url, headers });
    console.log(`${name}: ${statements.length} statements per request`);
    if (process.env.SHOW_STATEMENTS) for (const q of statements) console.log('  ', q.slice(0, 160));
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const r = await env.app.inject({ method: 'GET', url, headers });
      if (r.statusCode !== 200) throw new Error(`${name}: ${r.statusCode} ${r.body}`);
    }
    const used = process.cpuUsage(cpu);
    const wall = performance.now() - t0;
    console.log(`${env.databaseKind} ${name}: ${((used.user + used.system) / 1000 / n).toFixed(2)} ms CPU/request (user ${(used.user / 1000 / n).toFixed(2)}), ${(wall / n).toFixed(2)} ms wall/request, ${n} requests, records ${driver.records}`);
  }
} finally {
  await env.close();
}
