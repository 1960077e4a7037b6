import cluster from 'node:cluster';
import { pino } from 'pino';
import { loadConfig, ConfigError, type Config } from './config.ts';
import { loggerOptions } from './platform/logging.ts';

/**
 * Starts the server: configuration, migrations, demo seed, listen, and a clean shutdown.
 * With WORKERS > 1 this process becomes the cluster primary: it does the once-only work
 * (migrations, demo seed) and then forks the API processes, which run this same file.
 */
async function main() {
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  if (cluster.isPrimary && config.workers > 1) await primary(config);
  else await serve(config);
}

function banner(url: string) {
  console.log(`\n  Jiaoguan is running at ${url}\n  Staff console: ${url}/console · Verifier: ${url}/verify · API docs: ${url}/api/docs\n`);
}

const displayUrl = (config: Config, address: string) => config.http.publicUrl ?? address.replace('127.0.0.1', 'localhost');

/** One API process: the whole app. In a cluster worker the primary has already migrated and seeded. */
async function serve(config: Config) {
  const { buildApp } = await import('./app.ts');
  const worker = cluster.isWorker;
  const app = await buildApp({ config, migrate: !worker });
  if (!worker && config.demoSeed) {
    const { seedDemoIfEmpty } = await import('../cli/demo.ts');
    await seedDemoIfEmpty(app.ctx);
  }
  const address = await app.listen({ host: config.http.host, port: config.http.port });
  const url = displayUrl(config, address);
  if (worker) {
    app.log.info({ worker: cluster.worker?.id }, `API worker ready: ${url}`);
  } else {
    app.log.info(`Jiaoguan is ready: ${url}  (console ${url}/console, API docs ${url}/api/docs, database ${app.ctx.database.kind})`);
    banner(url);
  }
  const stop = async () => {
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/**
 * The cluster primary. Migrations and the demo seed run here, once, before any worker
 * exists: N workers racing through the migrator or the seed would apply them N times.
 */
async function primary(config: Config) {
  const log = pino(loggerOptions(config.logLevel) as object);
  const { openDatabase, runMigrations } = await import('./db/client.ts');
  if (config.demoSeed) {
    // The seed goes through the app's own services (import, staff creation, audit).
    const { buildApp } = await import('./app.ts');
    const { seedDemoIfEmpty } = await import('../cli/demo.ts');
    const app = await buildApp({ config, startWorkers: false });
    try {
      await seedDemoIfEmpty(app.ctx);
    } finally {
      await app.close();
    }
  } else {
    const database = await openDatabase(config.database);
    try {
      await runMigrations(database);
    } finally {
      await database.close();
    }
  }
  log.info({ workers: config.workers, pid: process.pid }, `cluster primary: database ready, starting ${config.workers} API workers`);
  const { runPrimary } = await import('./cluster.ts');
  runPrimary({
    workers: config.workers,
    log,
    onListening: ({ port }) => {
      const url = displayUrl(config, `http://${config.http.host}:${port}`);
      log.info(`Jiaoguan is ready: ${url}  (${config.workers} API processes, database postgres)`);
      banner(url);
    },
  });
}

await main();
