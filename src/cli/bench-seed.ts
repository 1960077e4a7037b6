/**
 * `jiaoguan bench seed --drivers N --violations M [--vehicles V] [--seed S]`: fills the
 * registry of the configured database (DATABASE_URL, or the embedded one under DATA_DIR)
 * with realistic, valid scale data for benchmarks, written straight into the registry
 * tables with COPY (bench/copy.ts) instead of through the importer: 1M drivers and 10M
 * violations would take the importer far longer, and the importer's own speed is measured
 * by `npm run bench` (case registry-import).
 *
 * The rows are those the importer would store for the lines of bench/generate.ts (same
 * columns, same keyed document hashes), so the app reads them like imported ones.
 * Refused in production and on a registry that already holds people: generated keys would
 * collide with real ones, and benchmark data must never mix with real records.
 */
import { Command, InvalidArgumentError } from 'commander';
import cliProgress from 'cli-progress';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../server/context.ts';
import { registryIsEmpty } from '../server/features/registry/service.ts';
import { RegistryGenerator } from '../../bench/generate.ts';
import { chunked, copyInto, type CopyValue } from '../../bench/copy.ts';
import { personUuid, REGISTRY_COLUMNS, RowBuilder, type RegistryTable } from '../../bench/rows.ts';

export interface BenchSeedOptions {
  drivers: number;
  /** Default: one per driver. */
  vehicles?: number;
  violations: number;
  /** Another seed gives another world (default 1). */
  seed?: number;
  /** Progress of each table (the CLI draws bars from it). */
  onProgress?(table: RegistryTable, done: number, total: number): void;
}

export interface BenchSeedResult {
  rows: Record<RegistryTable, number>;
  seconds: number;
}

export class BenchSeedRefused extends Error {
  constructor(readonly reason: 'production' | 'registry_not_empty') {
    super(reason === 'production' ? 'bench seed is refused in production' : 'the registry already holds people: bench seed needs an empty registry (use a fresh database)');
    this.name = 'BenchSeedRefused';
  }
}

/** Writes the generated registry with COPY; returns rows per table and the time taken. */
export async function benchSeed(ctx: AppContext, opts: BenchSeedOptions): Promise<BenchSeedResult> {
  if (ctx.config.isProduction) throw new BenchSeedRefused('production');
  if (!(await registryIsEmpty(ctx.db))) throw new BenchSeedRefused('registry_not_empty');
  const started = process.hrtime.bigint();
  const seed = opts.seed ?? 1;
  const vehicles = opts.vehicles ?? opts.drivers;
  const gen = new RegistryGenerator({ drivers: opts.drivers, vehicles, now: ctx.clock.now(), seed });
  const rows = new RowBuilder(ctx.crypto.lookupHash);
  const uuid = (i: number) => personUuid(i, seed);

  // Documents per person are known only when the person is generated: counted as they go.
  const totals: Record<RegistryTable, number> = {
    registry_persons: opts.drivers,
    registry_person_documents: opts.drivers,
    registry_licences: opts.drivers,
    registry_vehicles: vehicles,
    registry_violations: opts.violations,
  };
  const result = { ...totals, registry_person_documents: 0 };

  const load = async (table: RegistryTable, source: () => Generator<CopyValue[]>) => {
    let done = 0;
    opts.onProgress?.(table, 0, totals[table]);
    // Random-key inserts into many B-trees larger than the buffer cache are what made a 10M
    // seed slow: the plain secondary indexes are dropped and built once, sorted, after the COPY.
    const deferred = await dropPlainIndexes(ctx, table);
    result[table] = await copyInto(
      ctx.database,
      table,
      [...REGISTRY_COLUMNS[table]],
      chunked(source(), 1 << 20, (n) => {
        done += n;
        opts.onProgress?.(table, done, Math.max(done, totals[table]));
      }),
    );
    for (const definition of deferred) await ctx.db.execute(sql.raw(definition));
  };

  await load('registry_persons', function* () {
    for (let i = 0; i < opts.drivers; i++) yield rows.person(gen.person(i), uuid(i)).person;
  });
  await load('registry_person_documents', function* () {
    for (let i = 0; i < opts.drivers; i++) yield* rows.person(gen.person(i), uuid(i)).documents;
  });
  await load('registry_licences', function* () {
    for (let i = 0; i < opts.drivers; i++) yield rows.licence(gen.licence(i), uuid(i));
  });
  await load('registry_vehicles', function* () {
    for (let v = 0; v < vehicles; v++) yield rows.vehicle(gen.vehicle(v), uuid(gen.ownerOf(v)));
  });
  await load('registry_violations', function* () {
    for (let k = 0; k < opts.violations; k++) yield rows.violation(gen.violation(k));
  });
  // Fresh statistics: without them the planner would treat the loaded tables as empty.
  for (const table of Object.keys(REGISTRY_COLUMNS)) await ctx.db.execute(sql.raw(`analyze "${table}"`));
  return { rows: result, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/**
 * Drops the table's secondary indexes that back no constraint (primary keys and unique
 * constraints stay: the COPY must still be checked) and returns their definitions.
 */
async function dropPlainIndexes(ctx: AppContext, table: RegistryTable): Promise<string[]> {
  const found = await ctx.db.execute<{ name: string; definition: string }>(sql`
    select i.indexname as name, i.indexdef as definition
    from pg_indexes i
    where i.schemaname = current_schema() and i.tablename = ${table}
      and not exists (select 1 from pg_constraint c where c.conname = i.indexname and c.conrelid = ${table}::regclass)`);
  // Both drivers (node-postgres and PGlite) answer raw SQL with `rows`.
  const rows = (found as unknown as { rows: Array<{ name: string; definition: string }> }).rows;
  for (const r of rows) await ctx.db.execute(sql.raw(`drop index "${r.name}"`));
  return rows.map((r) => r.definition);
}

function count(value: string): number {
  const n = Number(value.replace(/[_,]/g, '').replace(/k$/i, '000').replace(/m$/i, '000000'));
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError('a whole number (1000, 1_000_000, 10k or 1m)');
  return n;
}

/**
 * The `bench seed` command: parses its own options (the operator CLI registers it lazily,
 * so the generator is loaded only when asked for) and runs inside the CLI's app.
 * Messages are English: this is a developer tool for benchmark databases, not an operator task.
 */
export async function benchSeedCommand(args: string[], withApp: <T>(fn: (app: FastifyInstance) => Promise<T>) => Promise<T>): Promise<number> {
  const cmd = new Command('jiaoguan bench seed')
    .description('fill an empty registry with generated scale data through COPY (not in production)')
    .requiredOption('--drivers <n>', 'people, each with a licence', count)
    .requiredOption('--violations <n>', 'violations, spread over the last three years', count)
    .option('--vehicles <n>', 'vehicles (default: one per driver)', count)
    .option('--seed <n>', 'another seed gives another world', count, 1)
    .exitOverride();
  try {
    cmd.parse(args, { from: 'user' });
  } catch (e) {
    return (e as { exitCode?: number }).exitCode ?? 1;
  }
  const o = cmd.opts<{ drivers: number; violations: number; vehicles?: number; seed: number }>();
  return withApp(async (app) => {
    const showBar = Boolean(process.stderr.isTTY);
    const bars = showBar ? new cliProgress.MultiBar({ hideCursor: true, clearOnComplete: false, format: '{table} [{bar}] {percentage}% | {value}/{total} rows | {rate} rows/s | ETA {eta_formatted}' }, cliProgress.Presets.shades_classic) : undefined;
    const byTable = new Map<RegistryTable, { bar?: cliProgress.SingleBar; started: number }>();
    try {
      const result = await benchSeed(app.ctx, {
        drivers: o.drivers,
        violations: o.violations,
        ...(o.vehicles !== undefined ? { vehicles: o.vehicles } : {}),
        seed: o.seed,
        onProgress: (table, done, total) => {
          let entry = byTable.get(table);
          if (!entry) {
            entry = { started: Date.now(), ...(bars ? { bar: bars.create(total, 0, { table: table.padEnd(26), rate: 0 }) } : {}) };
            byTable.set(table, entry);
            if (!bars) console.log(`${table}: ${total} rows…`);
          }
          const rate = Math.round(done / Math.max((Date.now() - entry.started) / 1000, 0.001));
          entry.bar?.setTotal(total);
          entry.bar?.update(done, { table: table.padEnd(26), rate });
        },
      });
      bars?.stop();
      const total = Object.values(result.rows).reduce((a, b) => a + b, 0);
      for (const [table, n] of Object.entries(result.rows)) console.log(`${table.padEnd(26)} ${String(n).padStart(10)} rows`);
      console.log(`${total} rows in ${result.seconds.toFixed(1)} s (${Math.round(total / result.seconds)} rows/s) on ${app.ctx.database.kind}`);
      return 0;
    } catch (e) {
      bars?.stop();
      if (e instanceof BenchSeedRefused) {
        console.error(e.message);
        return 2;
      }
      throw e;
    }
  });
}
