import type { FastifyInstance } from 'fastify';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A citizen who handles a record and reloads the list must see it handled. The read cache
 * learns of a commit asynchronously (docs/performance/read-cache.md: on PostgreSQL up to
 * tens of milliseconds under load), so a successful write request waits, before its answer
 * leaves, until this process has applied every change notification committed so far
 * (`settled()`: one round trip through the database). The next request to this process then
 * reads nothing older than the write. Reads pay nothing; writes one fence.
 */
export function registerReadYourWrites(app: FastifyInstance): void {
  // A callback hook: it runs on every answer, and as an async hook it cost every read a
  // promise and a microtask for nothing.
  app.addHook('onSend', (request, reply, payload, done) => {
    if (READS.has(request.method) || reply.statusCode >= 400 || !app.ctx.readCache.enabled) return done(null, payload);
    app.ctx.readCache.settled().then(() => done(null, payload), done);
  });
}
