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
  app.addHook('onSend', async (request, reply, payload) => {
    if (READS.has(request.method) || reply.statusCode >= 400 || !app.ctx.readCache.enabled) return payload;
    await app.ctx.readCache.settled();
    return payload;
  });
}
