import Fastify, { type FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import cluster from 'node:cluster';
import { randomUUID } from 'node:crypto';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from './config.ts';
import { openDatabase, runMigrations, type Database } from './db/client.ts';
import type { AppContext } from './context.ts';
import { createClock, type Clock } from './platform/clock.ts';
import { loggerOptions } from './platform/logging.ts';
import { registerErrorHandling } from './platform/errors-plugin.ts';
import { healthPlugin } from './platform/health-plugin.ts';
import { webPlugin } from './platform/web-plugin.ts';
import { platformSetups } from './platform/index.ts';
import { registerAuth } from './platform/auth.ts';
import { registerSecurityHeaders } from './platform/security-headers.ts';
import { registerReadYourWrites } from './platform/read-your-writes.ts';
import { featurePlugins } from './features/index.ts';

export interface BuildOptions {
  config: Config;
  /** An already open database (tests share one per file); opened from config otherwise. */
  database?: Database;
  clock?: Clock;
  /** Apply migrations before serving (default true). */
  migrate?: boolean;
  /** Start background workers (job poller); tests may drive jobs by hand. */
  startWorkers?: boolean;
  logger?: boolean;
}

/** Maximum upload size; photo rules inside features are stricter. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/** Builds the whole application from configuration: used by `main.ts`, the CLI and tests. */
export async function buildApp(options: BuildOptions): Promise<FastifyInstance> {
  const { config } = options;
  const app = Fastify({
    logger: options.logger === false ? false : loggerOptions(config.logLevel),
    trustProxy: config.http.trustProxy,
    genReqId: () => randomUUID(),
    bodyLimit: 64 * 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();

  // Cluster mode: which API process answered (the worker number, not a pid), for operators
  // checking the balance and for the multi-process tests.
  const workerId = cluster.worker?.id;
  if (workerId !== undefined) {
    const worker = String(workerId);
    app.addHook('onRequest', (_request, reply, done) => {
      reply.header('x-jiaoguan-worker', worker);
      done();
    });
  }

  const database = options.database ?? (await openDatabase(config.database));
  const ownsDatabase = !options.database;
  if (options.migrate !== false) await runMigrations(database);

  // Platform services are added to ctx by platformSetups just below.
  const ctx = {
    config,
    database,
    db: database.db,
    clock: options.clock ?? createClock(config.now),
    log: app.log,
    onClose: [],
  } as Partial<AppContext> as AppContext;
  (ctx as AppContext & { startWorkers: boolean }).startWorkers = options.startWorkers !== false;
  app.decorate('ctx', ctx);
  for (const setup of platformSetups) await setup(ctx);
  app.addHook('onClose', async () => {
    for (const fn of [...ctx.onClose].reverse()) await fn();
    if (ownsDatabase) await database.close();
  });

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerSecurityHeaders(app);
  registerErrorHandling(app);

  await app.register(fastifyCookie, { secret: config.secrets.session });
  registerAuth(app);
  registerReadYourWrites(app);
  await app.register(fastifyMultipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 5, fields: 20 } });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Jiaoguan API',
        version: '1.0.0',
        description: 'Traffic-management citizen services. Errors are application/problem+json with a stable `code`.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'jg_session' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(healthPlugin);
  for (const { plugin, prefix } of featurePlugins) await app.register(plugin, { prefix: prefix ?? '/api/v1' });
  await app.register(webPlugin);
  return app;
}
