import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Readable } from 'node:stream';
import { requireStaff } from '../../platform/auth.ts';
import { activeStaff } from '../staff/guard.ts';
import { staffActor } from '../staff/service.ts';
import { useLookupHash } from './lookup-hash.ts';
import { ndjsonLines } from './ndjson-lines.ts';
import { importAnswer, NDJSON_TYPES } from './schemas.ts';
import { importRegistry, MAX_REPORTED_ERRORS } from './service.ts';

/** `POST /api/v1/staff/registry/imports`: an administrator feeds the registry an NDJSON file. */
export const registryRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const ctx = app.ctx;
  // Lookups elsewhere take only a database handle; they hash documents with this app's secret.
  useLookupHash(ctx.crypto.lookupHash);

  // The body stays a stream: a registry file may be far larger than any body limit, and the
  // importer reads it line by line. Scoped to this plugin, so no other route accepts NDJSON.
  app.addContentTypeParser(NDJSON_TYPES, (_request, payload, done) => done(null, payload));

  app.post(
    '/staff/registry/imports',
    {
      schema: {
        tags: ['registry'],
        summary: 'Import registry records (NDJSON, one object a line); admin only',
        description: 'Upserts persons, licences, vehicles, violations and rentals by natural key (REGISTRY-FORMAT.md). Send `Content-Type: application/x-ndjson`.',
        security: [{ bearer: [] }, { cookie: [] }],
        response: { 200: importAnswer },
      },
      preHandler: [requireStaff('admin'), activeStaff],
    },
    async (request) => {
      const staff = request.staff!;
      const started = Date.now();
      const result = await importRegistry(ctx, ndjsonLines(request.body as Readable), { lang: request.lang, maxErrors: MAX_REPORTED_ERRORS });
      await ctx.audit.record(ctx.db, {
        actor: staffActor(staff),
        action: 'registry.imported',
        detail: {
          created: result.created,
          updated: result.updated,
          unchanged: result.unchanged,
          rejected: result.rejected,
          lines: result.lines,
          ms: Date.now() - started,
        },
      });
      request.log.info({ lines: result.lines, created: result.created, updated: result.updated, unchanged: result.unchanged, rejected: result.rejected }, 'registry import');
      return { created: result.created, updated: result.updated, unchanged: result.unchanged, rejected: result.rejected, errors: result.errors, truncated: result.truncated };
    },
  );
};
