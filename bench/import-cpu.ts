/**
 * Where the importer's CPU goes, per line: the bench's generated lines (the mix of the
 * `registry-import` case) are built as JSON text first, then
 *
 * 1. the pure stages are timed alone on those lines, warm: JSON.parse, validation, the
 *    document hashes;
 * 2. `importRegistry` runs on them on a fresh database, with this process's CPU and, on
 *    PostgreSQL, the CPU of the database's backends (from /proc), plus peak heap growth.
 *
 * With PROFILE=<file> the import alone is recorded as a V8 CPU profile (node:inspector):
 *
 *   npx tsx bench/import-cpu.ts [lines]                          # PGlite
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/import-cpu.ts [lines]
 *   PROFILE=/tmp/import.cpuprofile npx tsx bench/import-cpu.ts 60000
 *
 * Steady state, as the bench case measures it (registry-import.md, sixth pass):
 *
 *   FROM_FILE=1 WARM=60000 WARM_TIMES=2 SKIP_PURE=1 DATABASE_URL=… npx tsx bench/import-cpu.ts 60000
 */
import { spawn } from 'node:child_process';
import { createReadStream, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { getHeapStatistics } from 'node:v8';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { shanghaiDate } from '../src/domain/dates.ts';
import { importRegistry } from '../src/server/features/registry/service.ts';
import { ndjsonLines } from '../src/server/features/registry/ndjson-lines.ts';
import { validateRecord } from '../src/server/features/registry/validate.ts';
import { importMix, RegistryGenerator } from './generate.ts';

const total = Number(process.argv[2] ?? 60_000);
const server = process.env.DATABASE_URL;
const dbName = `jg_import_cpu_${process.pid}`;

async function admin(sqlText: string): Promise<void> {
  const c = new pg.Client({ connectionString: server });
  await c.connect();
  try {
    await c.query(sqlText);
  } finally {
    await c.end();
  }
}

/** CPU seconds of the backends of our database (PostgreSQL on this machine), or 0. */
async function dbCpu(pool: pg.Pool | undefined): Promise<number> {
  if (!pool) return 0;
  const r = await pool.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database()');
  let s = 0;
  for (const { pid } of r.rows) {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      s += (Number(f[11]) + Number(f[12])) / 100;
    } catch {
      // A backend that ended meanwhile.
    }
  }
  return s;
}

/** CPU seconds of this process's main thread alone (Linux): what bounds the import when the other threads have cores. */
const mainThreadCpu = () => {
  const f = readFileSync(`/proc/${process.pid}/task/${process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
};

/** CPU seconds per thread name of this process (Linux): V8's GC helpers, libuv's pool, the main thread. */
function threadCpu(): Map<string, number> {
  const out = new Map<string, number>();
  for (const tid of readdirSync(`/proc/${process.pid}/task`)) {
    try {
      const raw = readFileSync(`/proc/${process.pid}/task/${tid}/stat`, 'utf8');
      const name = tid === String(process.pid) ? 'main' : `${raw.slice(raw.indexOf('(') + 1, raw.lastIndexOf(')'))}#${tid}`;
      const f = raw.slice(raw.lastIndexOf(') ') + 2).split(' ');
      out.set(name, (out.get(name) ?? 0) + (Number(f[11]) + Number(f[12])) / 100);
    } catch {
      // A thread that ended meanwhile.
    }
  }
  return out;
}

const appCpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

function perLine(label: string, lines: number, fn: () => void): number {
  const c = appCpu();
  fn();
  const us = ((appCpu() - c) * 1e6) / lines;
  console.log(`${label.padEnd(28)} ${us.toFixed(2)} µs/line`);
  return us;
}

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jiaoguan-import-cpu-'));
let url: string | undefined;
if (server) {
  await admin(`create database "${dbName}"`);
  const u = new URL(server);
  u.pathname = `/${dbName}`;
  url = u.toString();
}
const app = await buildApp({ config: loadConfig({ NODE_ENV: 'development', LOG_LEVEL: 'silent', DATA_DIR: dataDir, DEMO_SEED: 'off', ...(url ? { DATABASE_URL: url } : {}) }), logger: false });
try {
  const ctx = app.ctx;
  // PERSONS_ONLY=1: a file of person lines alone (the part of the mix whose checking costs most).
  const mix = process.env.PERSONS_ONLY ? { persons: total, licences: 0, vehicles: 0, violations: 0 } : importMix(total);
  const gen = new RegistryGenerator({ drivers: mix.persons, now: ctx.clock.now(), seed: 1 });
  const t0 = appCpu();
  const lines = Array.from(gen.lines(mix), (l) => JSON.stringify(l));
  console.log(`${ctx.database.kind}, ${lines.length} lines, generator + stringify ${(((appCpu() - t0) * 1e6) / lines.length).toFixed(2)} µs/line, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);

  const now = ctx.clock.now();
  const today = shanghaiDate(now);
  // SKIP_PURE=1: straight to the import (A/B runs of the write path).
  for (let round = process.env.SKIP_PURE ? 2 : 0; round < 2; round++) {
    // Round 0 warms the JIT; round 1 is reported.
    const values: unknown[] = [];
    const parse = perLine('JSON.parse', lines.length, () => {
      for (const l of lines) values.push(JSON.parse(l));
    });
    const records: ReturnType<typeof validateRecord>[] = [];
    const validate = perLine('validateRecord', lines.length, () => {
      for (const v of values) records.push(validateRecord(v, now, today));
    });
    const hash = perLine('document hashes (1 per doc)', lines.length, () => {
      for (const r of records) {
        if (r.kind === 'person') for (const d of r.documents) ctx.crypto.lookupHash(`${d.docType}:${d.docNumber}`);
        else if (r.kind === 'licence') ctx.crypto.lookupHash(`${r.holder.docType}:${r.holder.docNumber}`);
        else if (r.kind === 'vehicle') ctx.crypto.lookupHash(`${r.owner.docType}:${r.owner.docNumber}`);
        else if (r.kind === 'violation' && r.driver) ctx.crypto.lookupHash(`${r.driver.docType}:${r.driver.docNumber}`);
      }
    });
    if (round === 1) console.log(`pure stages total            ${(parse + validate + hash).toFixed(2)} µs/line`);
  }

  const pool = ctx.database.kind === 'postgres' ? ((ctx.database.db as unknown as { $client: pg.Pool }).$client) : undefined;
  async function* source() {
    for (const l of lines) yield l;
  }
  // WARM=<lines>: import that many lines first and empty the registry again, so the write
  // path (plan, COPY text, node-postgres) is compiled before the measured import.
  if (process.env.WARM) {
    const warm = lines.slice(0, Number(process.env.WARM));
    // WARM_TIMES=<n>: that many warm-up imports (V8 needs two or three of 60 000 lines).
    for (let k = 0; k < Number(process.env.WARM_TIMES ?? 1); k++) {
      const m = mainThreadCpu();
      const a = appCpu();
      const w = performance.now();
      await importRegistry(ctx, (async function* () { yield* warm; })());
      console.log(`warm-up ${k + 1}: ${((performance.now() - w) / 1000).toFixed(2)} s wall, CPU app ${(appCpu() - a).toFixed(2)} s, main thread ${(mainThreadCpu() - m).toFixed(2)} s`);
      await ctx.database.db.execute(sql.raw('truncate registry_violations, registry_rentals, registry_vehicles, registry_licences, registry_person_documents, registry_persons, registry_import_pending'));
    }
  }
  // PERF_OUT=<file>: `perf record` (cpu-clock, call graphs) of this process during the import
  // alone, every thread: V8's helper threads show up there and in no V8 profile.
  const perf = process.env.PERF_OUT
    ? spawn('perf', ['record', '-e', 'cpu-clock', '-F', '4000', '-g', '-p', String(process.pid), '-o', process.env.PERF_OUT], { stdio: 'ignore' })
    : undefined;
  if (perf) await new Promise((r) => setTimeout(r, 500));
  // FROM_FILE=1: the lines from a file on disk, read as the CLI, the staff route and the bench
  // case read them (ndjsonLines); FROM_FILE=readline: through readline, as until 2026-11-26.
  // Written, like perf started, before any clock or profiler starts (until 2026-11-26 13:00
  // both fell inside the measured window: ≈ 0.1 s of writing the file, 0.5 s of perf's start).
  const file = path.join(dataDir, 'lines.ndjson');
  if (process.env.FROM_FILE) writeFileSync(file, lines.join('\n') + '\n');
  // Opened only as the import starts: a readline interface drops the lines it reads before anyone iterates.
  const open = (): AsyncIterable<string | string[]> =>
    !process.env.FROM_FILE ? source() : process.env.FROM_FILE === 'readline' ? readline.createInterface({ input: createReadStream(file), crlfDelay: Infinity }) : ndjsonLines(createReadStream(file));
  const profile = process.env.PROFILE;
  const session = profile ? new Session() : undefined;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
  }
  // HEAP_PROFILE=<file>: where the import allocates (sampled, garbage included), for Chrome's memory tab.
  const heapProfile = process.env.HEAP_PROFILE;
  const heapSession = heapProfile ? new Session() : undefined;
  if (heapSession) {
    heapSession.connect();
    await heapSession.post('HeapProfiler.startSampling', { samplingInterval: 16384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true } as never);
  }
  (globalThis as { gc?: () => void }).gc?.();
  const heap0 = getHeapStatistics().used_heap_size;
  // Heap above the start every tenth of the file, to show there is no trend.
  const samples: string[] = [];
  let peakHeap = heap0;
  const d0 = await dbCpu(pool);
  const a0 = appCpu();
  const w0 = performance.now();
  const m0 = mainThreadCpu();
  const threads0 = threadCpu();
  const r = await importRegistry(ctx, open(), {
    // WORKER_AFTER=<line>: the checking worker from that line whatever the cores; Infinity: never.
    ...(process.env.WORKER_AFTER ? { workerAfterLines: Number(process.env.WORKER_AFTER) } : {}),
    // BATCH_LINES=<n>: lines per transaction instead of IMPORT_BATCH_LINES.
    ...(process.env.BATCH_LINES ? { batchLines: Number(process.env.BATCH_LINES) } : {}),
    onProgress: ({ lines: n }) => {
      // With --expose-gc, the tenths are measured after a full collection: live memory, not garbage awaiting collection.
      if (n % Math.round(lines.length / 10) === 0) (globalThis as { gc?: () => void }).gc?.();
      const heap = getHeapStatistics().used_heap_size;
      peakHeap = Math.max(peakHeap, heap);
      if (n % Math.round(lines.length / 10) === 0) samples.push(`${n}: ${((heap - heap0) / 2 ** 20).toFixed(0)}`);
    },
  });
  const wall = (performance.now() - w0) / 1000;
  if (perf) {
    perf.kill('SIGINT');
    await new Promise((r) => perf.on('exit', r));
  }
  // The rest of the app's CPU is the checking worker, libuv's threads and the garbage collector's helpers.
  const main1 = mainThreadCpu() - m0;
  const threads = [...threadCpu()].map(([name, s]) => `${name} ${(s - (threads0.get(name) ?? 0)).toFixed(2)}`).join(', ');
  const app1 = appCpu() - a0;
  const db1 = (await dbCpu(pool)) - d0;
  if (session && profile) {
    const { profile: recorded } = await session.post('Profiler.stop');
    writeFileSync(profile, JSON.stringify(recorded));
    session.disconnect();
  }
  if (heapSession && heapProfile) {
    const { profile: sampled } = await heapSession.post('HeapProfiler.stopSampling');
    writeFileSync(heapProfile, JSON.stringify(sampled));
    heapSession.disconnect();
  }
  console.log(`heap growth (MiB) at lines ${samples.join(', ')}`);
  console.log(`CPU seconds by thread: ${threads}`);
  if (r.rejected) throw new Error(`rejected ${r.rejected}: ${JSON.stringify(r.errors.slice(0, 3))}`);
  console.log(
    `importRegistry: ${wall.toFixed(2)} s wall, ${(lines.length / wall).toFixed(0)} lines/s; CPU app ${app1.toFixed(2)} s (${((app1 * 1e6) / lines.length).toFixed(1)} µs/line; main thread ${main1.toFixed(2)} s = ${((main1 * 1e6) / lines.length).toFixed(1)} µs/line)` +
      `, db ${db1.toFixed(2)} s (${((db1 * 1e6) / lines.length).toFixed(1)} µs/line); peak heap growth ${((peakHeap - heap0) / 2 ** 20).toFixed(1)} MiB; created ${r.created}`,
  );
} finally {
  await app.close();
  if (server) await admin(`drop database if exists "${dbName}" with (force)`);
  rmSync(dataDir, { recursive: true, force: true });
}
