/**
 * CPU per request of an authenticated request (default GET /api/v1/me with a bearer token)
 * with the session read cache on and off, interleaved in one process on one database so that
 * load from other processes hits both alike: two apps share the database, one with
 * READ_CACHE=off (every request looks its session up, as before the cache).
 *
 *   [DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres] npx tsx bench/cpu-session-cache.ts [requests per block] [rounds] [url]
 */
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { ensureBenchDriver } from './driver.ts';
import { startEnv } from './harness.ts';

const n = Number(process.argv[2] ?? 500);
const rounds = Number(process.argv[3] ?? 10);
const url = process.argv[4] ?? '/api/v1/me';

let statements = 0;
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  statements++;
  return (query as (...a: unknown[]) => unknown).apply(this, args);
} as typeof pg.Client.prototype.query;

const env = await startEnv();
const source = env.app.ctx.database.notifications;
const off = await buildApp({
  config: loadConfig({ NODE_ENV: 'development', LOG_LEVEL: 'silent', DATA_DIR: env.dataDir, DEMO_SEED: 'off', READ_CACHE: 'off', ...(source.kind === 'postgres' ? { DATABASE_URL: source.url } : {}) }),
  database: env.app.ctx.database,
  migrate: false,
  startWorkers: false,
  logger: false,
});
await off.ready();
try {
  const driver = await ensureBenchDriver(env.app);
  const headers = { authorization: `Bearer ${driver.token}` };
  const variants: Array<[string, FastifyInstance]> = [
    ['cache on', env.app],
    ['cache off', off],
  ];
  const totals = new Map<string, { cpuUs: number; requests: number; statements: number; wallMs: number }>();
  async function block(app: FastifyInstance, count: number) {
    for (let i = 0; i < count; i++) {
      const r = await app.inject({ method: 'GET', url, headers });
      if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode} ${r.body}`);
    }
  }
  for (const [, app] of variants) await block(app, 200);
  for (let round = 0; round < rounds; round++) {
    for (const [name, app] of round % 2 ? [...variants].reverse() : variants) {
      statements = 0;
      const cpu = process.cpuUsage();
      const t0 = performance.now();
      await block(app, n);
      const used = process.cpuUsage(cpu);
      const t = totals.get(name) ?? { cpuUs: 0, requests: 0, statements: 0, wallMs: 0 };
      t.cpuUs += used.user + used.system;
      t.requests += n;
      t.statements += statements;
      t.wallMs += performance.now() - t0;
      totals.set(name, t);
    }
  }
  for (const [name, t] of totals) {
    const perStatement = env.databaseKind === 'postgres' ? `, ${(t.statements / t.requests).toFixed(2)} statements/request` : '';
    console.log(`${env.databaseKind} ${url} ${name}: ${(t.cpuUs / 1000 / t.requests).toFixed(3)} ms CPU/request, ${(t.wallMs / t.requests).toFixed(3)} ms wall/request${perStatement} (${t.requests} requests in ${rounds} interleaved blocks)`);
  }
  console.log('read cache', JSON.stringify(env.app.ctx.readCache.stats()));
} finally {
  await off.close();
  await env.close();
}
