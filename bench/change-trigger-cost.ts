/**
 * What the change-notification triggers (migration 0002_change_notifications.sql) cost a
 * registry import: the same generated import run with the triggers enabled and disabled,
 * interleaved (on, off, off, on …) on one fresh database, the registry emptied before each
 * run. Reports wall time and CPU of this process and of the database backends per run.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/change-trigger-cost.ts [lines] [rounds] [batchLines]
 *   npx tsx bench/change-trigger-cost.ts [lines] [rounds]      # PGlite (in this process: CPU is all "app")
 */
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { importRegistry } from '../src/server/features/registry/service.ts';
import { importMix } from './generate.ts';
import { asLines, generatorFor, startEnv, type Env } from './harness.ts';

const lines = Number(process.argv[2] ?? 60_000);
const rounds = Number(process.argv[3] ?? 3);
/** Lines per import transaction; below ~1 000 each statement's tags are computed instead of sending `*`. */
const batchLines = process.argv[4] ? Number(process.argv[4]) : undefined;
const REGISTRY = ['registry_rentals', 'registry_violations', 'registry_vehicles', 'registry_licences', 'registry_person_documents', 'registry_persons'];

async function cpu(env: Env): Promise<{ app: number; db: number }> {
  const own = process.cpuUsage();
  let db = 0;
  if (env.databaseKind === 'postgres') {
    const r = (await env.app.ctx.db.execute(sql`select pid from pg_stat_activity where datname = current_database()`)) as unknown as { rows: Array<{ pid: number }> };
    for (const { pid } of r.rows) {
      try {
        const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
        db += (Number(f[11]) + Number(f[12])) / 100;
      } catch {
        // a backend that ended meanwhile
      }
    }
  }
  return { app: (own.user + own.system) / 1e6, db };
}

const env = await startEnv();
try {
  const ctx = env.app.ctx;
  const mix = importMix(lines);
  const results: Record<'on' | 'off', Array<{ s: number; app: number; db: number }>> = { on: [], off: [] };
  for (let round = 0; round < rounds; round++) {
    // Alternating which goes first, so warming up (JIT, caches) favours neither.
    for (const mode of round % 2 === 0 ? (['on', 'off'] as const) : (['off', 'on'] as const)) {
      await ctx.database.exec(`truncate ${REGISTRY.join(', ')}`);
      for (const t of REGISTRY) await ctx.database.exec(`alter table ${t} ${mode === 'on' ? 'enable' : 'disable'} trigger user`);
      const gen = generatorFor(env, mix.persons);
      const c0 = await cpu(env);
      const t0 = performance.now();
      const r = await importRegistry(ctx, asLines(gen.lines(mix)), batchLines ? { batchLines } : {});
      const s = (performance.now() - t0) / 1000;
      const c1 = await cpu(env);
      if (r.rejected) throw new Error(`rejected ${r.rejected}`);
      results[mode].push({ s, app: c1.app - c0.app, db: c1.db - c0.db });
      console.log(`round ${round} triggers ${mode}: ${s.toFixed(2)} s wall, CPU app ${(c1.app - c0.app).toFixed(2)} s + db ${(c1.db - c0.db).toFixed(2)} s`);
    }
  }
  for (const t of REGISTRY) await ctx.database.exec(`alter table ${t} enable trigger user`);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  for (const mode of ['on', 'off'] as const) {
    const r = results[mode];
    console.log(
      `${mode}: median ${median(r.map((x) => x.s)).toFixed(2)} s wall, app ${median(r.map((x) => x.app)).toFixed(2)} s, db ${median(r.map((x) => x.db)).toFixed(2)} s ` +
        `(${lines} lines, ${((median(r.map((x) => x.app + x.db)) / lines) * 1e6).toFixed(1)} µs CPU per line)`,
    );
  }
} finally {
  await env.close();
}
