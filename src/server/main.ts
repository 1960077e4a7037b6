import { loadConfig, ConfigError } from './config.ts';
import { buildApp } from './app.ts';
import { seedDemoIfEmpty } from '../cli/demo.ts';

/** Starts the server: configuration, migrations, demo seed, listen, and a clean shutdown. */
async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  const app = await buildApp({ config });
  if (config.demoSeed) await seedDemoIfEmpty(app.ctx);
  const address = await app.listen({ host: config.http.host, port: config.http.port });
  const url = config.http.publicUrl ?? address.replace('127.0.0.1', 'localhost');
  app.log.info(`Jiaoguan is ready: ${url}  (console ${url}/console, API docs ${url}/api/docs, database ${app.ctx.database.kind})`);
  console.log(`\n  Jiaoguan is running at ${url}\n  Staff console: ${url}/console · Verifier: ${url}/verify · API docs: ${url}/api/docs\n`);
  const stop = async () => {
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

await main();
