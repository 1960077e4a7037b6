/**
 * Where the home, violation-list and growth cases run, and how latency is sampled.
 *
 * By default they run on the run's own fresh database, with the benchmark driver
 * (bench/driver.ts) written into it. At national scale they run on databases seeded once
 * with `jiaoguan bench seed` and kept between runs:
 *
 *   BENCH_SCALE_DB=postgres://…/jg_scale_10m   home and violation-list run there; growth's large end
 *   BENCH_SMALL_DB=postgres://…/jg_scale_100k  growth's small end
 *
 * The app is started on each such database like `npm start` would (migrations applied, so a
 * new index is built once on first use), and only the benchmark driver is added to it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { count } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { registryViolations } from '../src/server/features/registry/tables.ts';
import { ensureBenchDriver, type BenchDriver } from './driver.ts';
import { round, type CaseContext } from './harness.ts';

export interface Target {
  /** `run` (the run's own database) or the database's name. */
  label: string;
  app: FastifyInstance;
  url: string;
  driver: BenchDriver;
  violations: number;
}

/** Hides the password of a database URL for reports. */
export function databaseName(url: string): string {
  return new URL(url).pathname.replace(/^\//, '') || url;
}

async function openApp(url: string): Promise<{ app: FastifyInstance; address: string; close(): Promise<void> }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jiaoguan-bench-scale-'));
  const config = loadConfig({ NODE_ENV: 'development', LOG_LEVEL: 'silent', DATA_DIR: dataDir, DEMO_SEED: 'off', DATABASE_URL: url });
  const app = await buildApp({ config, logger: false });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    app,
    address,
    close: async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function countViolations(app: FastifyInstance): Promise<number> {
  const [row] = await app.ctx.db.select({ n: count() }).from(registryViolations);
  return Number(row?.n ?? 0);
}

/**
 * The app and benchmark driver for `which` end: `scale` is BENCH_SCALE_DB when set (else the
 * run's own database), `small` is BENCH_SMALL_DB (null when unset). Opened once per run.
 */
export async function target(c: CaseContext, which: 'scale' | 'small'): Promise<Target | null> {
  const url = which === 'scale' ? process.env.BENCH_SCALE_DB : process.env.BENCH_SMALL_DB;
  if (which === 'small' && !url) return null;
  const key = `target:${url ?? 'run'}`;
  const shared = (c.state.shared ??= new Map());
  const known = shared.get(key) as Promise<Target> | undefined;
  if (known) return known;
  const opening = (async (): Promise<Target> => {
    if (!url) {
      const driver = await ensureBenchDriver(c.env.app);
      return { label: 'run', app: c.env.app, url: c.env.url, driver, violations: await countViolations(c.env.app) };
    }
    const opened = await openApp(url);
    (c.state.cleanups ??= []).push(opened.close);
    const driver = await ensureBenchDriver(opened.app);
    return { label: databaseName(url), app: opened.app, url: opened.address, driver, violations: await countViolations(opened.app) };
  })();
  shared.set(key, opening);
  return opening;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function getOnce(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.get(url, { agent, headers }, (res) => {
      res.resume();
      res.on('end', () => {
        if (res.statusCode !== 200) reject(new Error(`${url}: ${res.statusCode}`));
        else resolve(performance.now() - started);
      });
    });
    req.on('error', reject);
  });
}

/**
 * Latency of one request at a time (no queueing): what the database and the app do for
 * one screen, to 0.01 ms, where autocannon's histogram counts whole milliseconds.
 */
export async function sampleLatency(url: string, headers: Record<string, string>, samples: number): Promise<{ p50Ms: number; p99Ms: number; meanMs: number }> {
  for (let i = 0; i < Math.min(20, samples); i++) await getOnce(url, headers);
  const t: number[] = [];
  for (let i = 0; i < samples; i++) t.push(await getOnce(url, headers));
  t.sort((a, b) => a - b);
  const at = (q: number) => t[Math.min(t.length - 1, Math.floor(q * t.length))]!;
  return { p50Ms: round(at(0.5), 2), p99Ms: round(at(0.99), 2), meanMs: round(t.reduce((a, b) => a + b, 0) / t.length, 2) };
}
