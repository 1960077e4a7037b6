import cluster from 'node:cluster';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { answerMetricsRequests, clusterMetrics } from '../cluster.ts';
import type { ReadCacheStats } from './read-cache.ts';
import { RequestDurations } from './request-durations.ts';

/**
 * Liveness, readiness and Prometheus metrics. In cluster mode (WORKERS > 1) a scrape reaches
 * whichever worker the connection landed on, so /metrics answers for the whole cluster: the
 * worker asks the primary, which sums every worker's registry; `jiaoguan_process_info` keeps
 * one series per process so a scrape shows how many are alive.
 */
export async function healthPlugin(app: FastifyInstance) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  new Gauge({
    name: 'jiaoguan_process_info',
    help: 'One series per API process (pid; worker is 0 outside cluster mode)',
    labelNames: ['pid', 'worker'] as const,
    registers: [registry],
  }).set({ pid: String(process.pid), worker: String(cluster.worker?.id ?? 0) }, 1);
  if (cluster.isWorker) answerMetricsRequests(registry);
  registerReadCacheMetrics(registry, () => app.ctx.readCache.stats());
  const durations = new RequestDurations(
    'http_request_duration_seconds',
    'HTTP request duration by route and status',
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registry,
  );
  // A plain callback hook: an async one would cost a promise and a microtask per request.
  app.addHook('onResponse', (request, reply, done) => {
    durations.observe(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
    done();
  });

  const hide = { hide: true } as const;
  app.get('/healthz', { schema: hide, logLevel: 'warn' }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: hide, logLevel: 'warn' }, async (_request, reply) => {
    try {
      await app.ctx.db.execute(sql`select 1`);
      return { status: 'ready', database: app.ctx.database.kind };
    } catch {
      return reply.status(503).send({ status: 'unavailable' });
    }
  });
  app.get('/metrics', { schema: hide, logLevel: 'warn' }, async (_request, reply) => {
    reply.type(registry.contentType);
    if (!cluster.isWorker) return registry.metrics();
    try {
      return await clusterMetrics();
    } catch (e) {
      // A partial answer would look like a drop in traffic; a failed scrape is honest.
      app.log.warn({ err: e }, 'cluster metrics unavailable');
      return reply.status(503).type('text/plain').send('cluster metrics unavailable');
    }
  });
}

/** The read cache's own counters, read at scrape time (the cache stays free of prom-client). */
function registerReadCacheMetrics(registry: Registry, stats: () => ReadCacheStats): void {
  const counter = (name: string, help: string, pick: (s: ReadCacheStats) => number) =>
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        this.reset();
        this.inc(pick(stats()));
      },
    });
  counter('jiaoguan_read_cache_hits_total', 'Read cache lookups answered from memory', (s) => s.hits);
  counter('jiaoguan_read_cache_misses_total', 'Read cache lookups that computed (including while bypassed)', (s) => s.misses);
  counter('jiaoguan_read_cache_invalidations_total', 'Read cache entries dropped by change notifications', (s) => s.invalidations);
  counter('jiaoguan_read_cache_notifications_total', 'Change notifications applied to the read cache', (s) => s.notifications);
  counter('jiaoguan_read_cache_discarded_total', 'Computed values not stored because their data changed meanwhile', (s) => s.discarded);
  const gauge = (name: string, help: string, pick: (s: ReadCacheStats) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(pick(stats()));
      },
    });
  gauge('jiaoguan_read_cache_entries', 'Entries in the read cache', (s) => s.entries);
  gauge('jiaoguan_read_cache_live', '1 while change notifications are received (the cache is in use), 0 while bypassed', (s) => (s.enabled ? 1 : 0));
}

// Not encapsulated (what fastify-plugin does): the duration hook above must see every route
// registered after this plugin, not only the three routes inside it.
(healthPlugin as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;
