import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../src/server/config.ts';
import { buildApp } from '../../src/server/app.ts';
import { createManualClock } from '../../src/server/platform/clock.ts';
import { createTestDatabase } from './database.ts';

export interface TestApp {
  app: FastifyInstance;
  clock: ReturnType<typeof createManualClock>;
  close(): Promise<void>;
}

/**
 * The real app on a fresh database and a temporary DATA_DIR, for `app.inject`. The clock is manual (default
 * 2026-11-25T10:00:00+08:00) and background workers are off unless asked for: tests
 * drain jobs by hand (`app.ctx.jobs.drain()`).
 */
export async function createTestApp(options: { env?: Record<string, string>; now?: string; startWorkers?: boolean } = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jiaoguan-test-'));
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dataDir, ...options.env }, { inMemoryDb: true });
  const database = await createTestDatabase();
  const clock = createManualClock(new Date(options.now ?? '2026-11-25T10:00:00+08:00'));
  const app = await buildApp({ config, database, clock, migrate: false, startWorkers: options.startWorkers ?? false, logger: false });
  await app.ready();
  return {
    app,
    clock,
    close: async () => {
      await app.close();
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
