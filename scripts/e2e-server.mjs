// Starts a throw-away Jiaoguan for the browser journeys: a fresh embedded database in a
// temporary DATA_DIR, or (--postgres) a fresh database on TEST_DATABASE_URL's server,
// with the demo registry seeded and the clock fixed, so every run starts from the same world.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const port = process.argv[process.argv.indexOf('--port') + 1] ?? '3101';
const usePostgres = process.argv.includes('--postgres');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jiaoguan-e2e-'));
const env = {
  ...process.env,
  NODE_ENV: 'development',
  PORT: port,
  HOST: '127.0.0.1',
  DATA_DIR: dataDir,
  DEMO_SEED: 'on',
  LOG_LEVEL: 'warn',
  JIAOGUAN_NOW: process.env.E2E_NOW ?? '2026-11-25T10:00:00+08:00',
  JOBS_POLL_MS: '200',
};
delete env.DATABASE_URL;
let dropDb = async () => {};
if (usePostgres) {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error('--postgres needs TEST_DATABASE_URL');
  const name = `jg_e2e_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  env.DATABASE_URL = url.toString();
  dropDb = async () => {
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  };
}
const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/server/main.ts')], { cwd: root, env, stdio: 'inherit' });
const cleanup = async () => {
  rmSync(dataDir, { recursive: true, force: true });
  await dropDb().catch(() => {});
};
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', async (code) => {
  await cleanup();
  process.exit(code ?? 0);
});
