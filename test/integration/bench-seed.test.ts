import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { benchSeed, BenchSeedRefused } from '../../src/cli/bench-seed.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';

const TABLES = ['registry_persons', 'registry_person_documents', 'registry_licences', 'registry_vehicles', 'registry_violations'];

async function indexes(t: TestApp): Promise<string[]> {
  const r = await t.app.ctx.db.execute(sql`select tablename || '.' || indexdef as d from pg_indexes where schemaname = current_schema() and tablename in ${sql.raw(`(${TABLES.map((x) => `'${x}'`).join(', ')})`)} order by 1`);
  return (r as unknown as { rows: Array<{ d: string }> }).rows.map((x) => x.d);
}

describe('bench seed', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  it('fills an empty registry by COPY and leaves every index as it found it', async () => {
    const before = await indexes(t);
    expect(before.length).toBeGreaterThan(TABLES.length);
    const result = await benchSeed(t.app.ctx, { drivers: 300, violations: 2000 });
    expect(result.rows).toMatchObject({ registry_persons: 300, registry_licences: 300, registry_vehicles: 300, registry_violations: 2000 });
    expect(result.rows.registry_person_documents).toBeGreaterThanOrEqual(300);
    // The deferred indexes are built again after the COPY, exactly as they were defined.
    expect(await indexes(t)).toEqual(before);
    const counted = await t.app.ctx.db.execute(sql`select count(*)::int as n from registry_violations`);
    expect((counted as unknown as { rows: Array<{ n: number }> }).rows[0]!.n).toBe(2000);
  });

  it('refuses a registry that already holds people', async () => {
    await expect(benchSeed(t.app.ctx, { drivers: 10, violations: 10 })).rejects.toBeInstanceOf(BenchSeedRefused);
  });
});
