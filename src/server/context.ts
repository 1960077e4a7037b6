import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config.ts';
import type { Database, Db } from './db/client.ts';
import type { Clock } from './platform/clock.ts';

/**
 * Everything a feature needs from the world, built once per app: configuration, the
 * database, the clock, and the platform services. Platform modules add their service to
 * this interface by declaration merging (`declare module '../context.ts'`) and register a
 * factory in `platform/index.ts`; features read them from `app.ctx`.
 */
export interface AppContext {
  config: Config;
  database: Database;
  db: Db;
  clock: Clock;
  log: FastifyBaseLogger;
  /** Functions to run when the app closes (stop pollers, flush). Run in reverse order. */
  onClose: Array<() => Promise<void> | void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
  }
}
