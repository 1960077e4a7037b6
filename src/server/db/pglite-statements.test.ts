import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { createTestDatabase } from '../../../test/helpers/database.ts';
import type { Database } from './client.ts';
import { useNamedStatement } from './pglite-statements.ts';

const probes = pgTable('named_statement_probes', {
  id: integer('id').primaryKey(),
  label: text('label').notNull(),
  note: text('note'),
  at: timestamp('at', { withTimezone: true }).notNull(),
});

describe('named statements (drizzle .prepare on PGlite runs as a server-side prepared statement)', () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
    await database.exec('create table named_statement_probes (id integer primary key, label text not null, note text, at timestamptz not null)');
  });
  afterAll(async () => {
    await database?.close();
  });

  const prepareBoth = (db: Database['db']) => {
    const p = (name: string) => sql.placeholder(name);
    const insert = db.insert(probes).values({ id: p('id'), label: p('label'), note: p('note'), at: p('at') }).prepare('jg_probe_insert');
    const read = db
      .select({ id: probes.id, label: probes.label, note: probes.note, at: probes.at, labels: sql<string[]>`array[${probes.label}, 'x']` })
      .from(probes)
      .where(sql`${probes.label} = any(${p('labels')}::text[]) and ${probes.at} <= ${p('until')}`)
      .orderBy(probes.id)
      .prepare('jg_probe_read');
    useNamedStatement(db, insert);
    useNamedStatement(db, read);
    return { insert, read };
  };

  it('gives the same rows, types and errors as the unnamed path, and plans once', async () => {
    const { db } = database;
    const { insert, read } = prepareBoth(db);
    const at = new Date('2026-11-26T01:00:00.000Z');
    for (let id = 1; id <= 6; id++) await insert.execute({ id, label: id % 2 ? 'odd' : 'even', note: id === 3 ? null : `n${id}`, at });
    const until = new Date('2026-11-26T02:00:00.000Z').toISOString();
    const rows = await read.execute({ labels: ['odd', 'none'], until });
    expect(rows).toEqual([
      { id: 1, label: 'odd', note: 'n1', at, labels: ['odd', 'x'] },
      { id: 3, label: 'odd', note: null, at, labels: ['odd', 'x'] },
      { id: 5, label: 'odd', note: 'n5', at, labels: ['odd', 'x'] },
    ]);
    // The same statement built by drizzle each time (unnamed) agrees.
    const plain = await db
      .select({ id: probes.id, label: probes.label, note: probes.note, at: probes.at, labels: sql<string[]>`array[${probes.label}, 'x']` })
      .from(probes)
      .where(sql`${probes.label} = any(array[${'odd'}, ${'none'}]::text[]) and ${probes.at} <= ${until}`)
      .orderBy(probes.id);
    expect(rows).toEqual(plain);
    expect(await read.execute({ labels: [], until })).toEqual([]);

    // A failing execution reports the database's error and leaves the session usable.
    const duplicate = await insert.execute({ id: 1, label: 'odd', note: null, at }).catch((e: unknown) => e);
    expect(duplicate).toBeInstanceOf(Error);
    const code = (e: unknown): unknown => (e && typeof e === 'object' ? ((e as { code?: unknown }).code ?? code((e as { cause?: unknown }).cause)) : undefined);
    expect(code(duplicate)).toBe('23505');
    expect(await read.execute({ labels: ['even'], until })).toHaveLength(3);

    // Inside a transaction the statements run through the transaction's handle and see its writes.
    await db.transaction(async (tx) => {
      await tx.insert(probes).values({ id: 7, label: 'odd', at });
      expect(await tx.select({ id: probes.id }).from(probes).where(sql`${probes.id} = 7`)).toEqual([{ id: 7 }]);
    });
    expect((await read.execute({ labels: ['odd'], until })).map((r) => r.id)).toEqual([1, 3, 5, 7]);

    if (database.kind === 'pglite') {
      // One session: both statements are there, and every execution above used them (4 reads; 6 inserts and the failed one).
      const result = (await db.execute(sql`select statement, generic_plans + custom_plans as runs from pg_prepared_statements where statement like '%named_statement_probes%' order by runs`)) as unknown as { rows: Array<{ statement: string; runs: number }> };
      expect(result.rows.map((r) => Number(r.runs))).toEqual([4, 7]);
    }
  });
});
