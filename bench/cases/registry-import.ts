import { sql } from 'drizzle-orm';
import { importRegistry } from '../../src/server/features/registry/service.ts';
import { importMix } from '../generate.ts';
import { chunked, copyInto, type CopyValue } from '../copy.ts';
import { personUuid, REGISTRY_COLUMNS, RowBuilder, type RegistryTable } from '../rows.ts';
import { asLines, generatorFor, round, withMemory, type BenchCase, type CaseResult, type Env, type Settings, type State } from '../harness.ts';

async function caseRegistryImport(env: Env, s: Settings, state: State): Promise<CaseResult> {
  if (state.personsImported > 0) throw new Error('registry-import must run on an empty registry (it runs first)');
  const mixCounts = importMix(s.importLines);
  const gen = generatorFor(env, mixCounts.persons);
  const lines = mixCounts.persons + mixCounts.licences + mixCounts.vehicles + mixCounts.violations;
  const ctx = env.app.ctx;

  const t0 = performance.now();
  const imported = await withMemory(() => importRegistry(ctx, asLines(gen.lines(mixCounts))));
  const importSeconds = (performance.now() - t0) / 1000;
  const r = imported.value;
  if (r.rejected) throw new Error(`the importer rejected ${r.rejected} generated lines: ${JSON.stringify(r.errors.slice(0, 3))}`);
  state.personsImported = mixCounts.persons;

  // Baseline: the same rows COPYed into scratch copies of the registry tables (indexes included, no foreign keys).
  const scratch = (t: RegistryTable) => `bench_scratch_${t}`;
  const tables = Object.keys(REGISTRY_COLUMNS) as RegistryTable[];
  for (const t of tables) await ctx.db.execute(sql.raw(`create table "${scratch(t)}" (like "${t}" including defaults including indexes)`));
  try {
    const rows = new RowBuilder(ctx.crypto.lookupHash);
    const uuid = (i: number) => personUuid(i, 1);
    const copy = (t: RegistryTable, src: () => Generator<CopyValue[]>) => copyInto(ctx.database, scratch(t), [...REGISTRY_COLUMNS[t]], chunked(src()));
    const t1 = performance.now();
    const copied = await withMemory(async () => {
      await copy('registry_persons', function* () {
        for (let i = 0; i < mixCounts.persons; i++) yield rows.person(gen.person(i), uuid(i)).person;
      });
      await copy('registry_person_documents', function* () {
        for (let i = 0; i < mixCounts.persons; i++) yield* rows.person(gen.person(i), uuid(i)).documents;
      });
      await copy('registry_licences', function* () {
        for (let i = 0; i < mixCounts.licences; i++) yield rows.licence(gen.licence(i), uuid(i));
      });
      await copy('registry_vehicles', function* () {
        for (let v = 0; v < mixCounts.vehicles; v++) yield rows.vehicle(gen.vehicle(v), uuid(gen.ownerOf(v)));
      });
      await copy('registry_violations', function* () {
        for (let k = 0; k < mixCounts.violations; k++) yield rows.violation(gen.violation(k));
      });
    });
    const copySeconds = (performance.now() - t1) / 1000;
    const importRate = lines / importSeconds;
    const copyRate = lines / copySeconds;
    const ratio = importRate / copyRate;
    return {
      name: 'registry-import',
      rps: round(importRate),
      p50Ms: null,
      p99Ms: null,
      ratio: round(ratio, 3),
      ratioMeans: 'importRegistry lines/s ÷ raw COPY of the same rows into scratch tables, lines/s',
      baseline: { what: 'raw COPY of the same rows', rps: round(copyRate) },
      bar: { rule: 'ratio ≥ 0.7', pass: ratio >= 0.7 },
      details: {
        lines,
        created: r.created,
        importSeconds: round(importSeconds, 2),
        copySeconds: round(copySeconds, 2),
        importPeakRssGrowthMiB: imported.rssGrowthMiB,
        importPeakHeapGrowthMiB: imported.heapGrowthMiB,
        importPeakRssMiB: imported.peakRssMiB,
        copyPeakRssGrowthMiB: copied.rssGrowthMiB,
      },
    };
  } finally {
    for (const t of tables) await ctx.db.execute(sql.raw(`drop table if exists "${scratch(t)}"`));
  }
}

export const registryImportCase: BenchCase = { name: 'registry-import', quick: true, needsEmptyRegistry: true, run: ({ env, settings, state }) => caseRegistryImport(env, settings, state) };
