/**
 * CPU per request of two builds of the app in one process — another checkout (e.g. a
 * `git archive` of the previous commit, with node_modules linked) and this one — each on its
 * own fresh database with the benchmark driver: `GET /healthz` and the cached home screen
 * through `inject`, in blocks of requests interleaved (order reversed every other block).
 * On a shared machine whose load swings, the minimum and lower quartile of the blocks are the
 * figures to compare: a block hit by another process's burst only ever looks slower.
 *
 *   git archive <commit> | tar -x -C /tmp/before && ln -s "$PWD/node_modules" /tmp/before/
 *   npx tsx bench/stack-ab.ts /tmp/before [blocks] [requests per block]
 */
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { ensureBenchDriver } from './driver.ts';
import { startEnv } from './harness.ts';

const otherDir = path.resolve(process.argv[2] ?? '');
const blocks = Number(process.argv[3] ?? 30);
const perBlock = Number(process.argv[4] ?? 200);

type Harness = { startEnv: typeof startEnv };
type Driver = { ensureBenchDriver: typeof ensureBenchDriver };
const other = (await import(path.join(otherDir, 'bench/harness.ts'))) as Harness;
const otherDriver = (await import(path.join(otherDir, 'bench/driver.ts'))) as Driver;

const envs = { other: await other.startEnv(), this: await startEnv() };
try {
  const tokens = { other: (await otherDriver.ensureBenchDriver(envs.other.app)).token, this: (await ensureBenchDriver(envs.this.app)).token };
  const targets: Array<{ name: string; app: FastifyInstance; url: string; headers: Record<string, string> }> = [];
  for (const build of ['other', 'this'] as const) {
    targets.push({ name: `${build} GET /healthz`, app: envs[build].app, url: '/healthz', headers: {} });
    targets.push({ name: `${build} GET /api/v1/me/home`, app: envs[build].app, url: '/api/v1/me/home', headers: { authorization: `Bearer ${tokens[build]}` } });
  }
  const once = async (t: (typeof targets)[number]) => {
    const r = await t.app.inject({ method: 'GET', url: t.url, headers: t.headers });
    if (r.statusCode !== 200) throw new Error(`${t.name}: ${r.statusCode} ${r.body}`);
  };
  // Warm-up: JIT, and the first home request computes the answer into the cache.
  for (const t of targets) for (let i = 0; i < 200; i++) await once(t);
  const cpu = new Map<string, number[]>();
  for (let b = 0; b < blocks; b++) {
    for (const t of b % 2 ? [...targets].reverse() : targets) {
      const before = process.cpuUsage();
      for (let i = 0; i < perBlock; i++) await once(t);
      const used = process.cpuUsage(before);
      cpu.set(t.name, [...(cpu.get(t.name) ?? []), (used.user + used.system) / perBlock]);
    }
  }
  console.log(`${envs.this.databaseKind}, inject, ${blocks} interleaved blocks of ${perBlock} requests; other = ${otherDir}`);
  for (const [name, xs] of cpu) {
    const s = [...xs].sort((a, b) => a - b);
    const at = (q: number) => s[Math.floor(q * (s.length - 1))]!.toFixed(1);
    console.log(`${name.padEnd(28)} µs CPU/request: min ${at(0)}  p25 ${at(0.25)}  median ${at(0.5)}`);
  }
} finally {
  await envs.other.close();
  await envs.this.close();
}
