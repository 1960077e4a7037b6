/**
 * One citizen screen of the app on a seeded database, alone: its size on the wire and its
 * maximum and half rates under the bench's load, with or without the client's
 * Accept-Encoding (AE). The full case is bench/cases/home.ts; this isolates one route.
 *
 *   BENCH_SCALE_DB=postgres://postgres@127.0.0.1:5432/jg_scale_10m npx tsx bench/screen-probe.ts /api/v1/me/violations
 *   AE='gzip, deflate, br' BENCH_SCALE_DB=… npx tsx bench/screen-probe.ts /api/v1/me/violations
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { ensureBenchDriver } from './driver.ts';
import { runLoad } from './load.ts';

const url = process.env.BENCH_SCALE_DB!;
const config = loadConfig({ NODE_ENV: 'development', LOG_LEVEL: 'silent', DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'p-')), DEMO_SEED: 'off', DATABASE_URL: url });
const app = await buildApp({ config, logger: false });
const address = await app.listen({ host: '127.0.0.1', port: 0 });
const driver = await ensureBenchDriver(app);
const route = process.argv[2] ?? '/api/v1/me/violations';
const ae = process.env.AE;
const r = await fetch(`${address}${route}`, { headers: { authorization: `Bearer ${driver.token}`, 'accept-encoding': ae ?? 'identity' } });
const body = Buffer.from(await r.arrayBuffer());
console.log('status', r.status, 'bytes', body.length, [...r.headers.entries()].map(([k, v]) => `${k}: ${v.slice(0, 60)}`).join(' | '));
const headers: Record<string, string> = { authorization: `Bearer ${driver.token}`, ...(ae ? { 'accept-encoding': ae } : {}) };
const max = await runLoad({ url: `${address}${route}`, connections: 10, durationSeconds: 8, headers });
console.log('max', max.rps, max.p50Ms, max.p99Ms);
for (let i = 0; i < 2; i++) {
  const half = await runLoad({ url: `${address}${route}`, connections: 10, durationSeconds: 8, headers, rate: max.rps / 2 });
  console.log('half', half.rps, half.p50Ms, half.p99Ms);
}
await app.close();
