import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, runMigrations, type Database } from './client.ts';
import { templateFile } from './pglite-template.ts';

/** What initdb leaves, as far as the app can tell: databases, roles, encoding, settings, catalog size. */
async function clusterFacts(database: Database): Promise<unknown> {
  const { rows } = (await database.db.execute(
    `select (select string_agg(datname || ':' || pg_encoding_to_char(encoding) || ':' || datcollate, ',' order by datname) from pg_database) as databases,
            (select string_agg(rolname, ',' order by rolname) from pg_roles) as roles,
            current_setting('server_version') as version, current_setting('TimeZone') as tz, current_setting('DateStyle') as datestyle,
            (select count(*) from pg_class) as relations, (select count(*) from pg_proc) as functions` as never,
  )) as unknown as { rows: unknown[] };
  return rows[0];
}

describe('PGlite cluster template', () => {
  const previous = process.env.JG_PGLITE_TEMPLATE_DIR;
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'jg-template-'));
    process.env.JG_PGLITE_TEMPLATE_DIR = path.join(dir, 'cache');
  });
  afterAll(() => {
    if (previous === undefined) delete process.env.JG_PGLITE_TEMPLATE_DIR;
    else process.env.JG_PGLITE_TEMPLATE_DIR = previous;
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs initdb once, leaves a template, and later clusters made from it are the same cluster', async () => {
    expect(existsSync(templateFile())).toBe(false);
    const first = await openDatabase({ kind: 'pglite', dir: null });
    expect(first.origin).toBe('initdb');
    expect(existsSync(templateFile())).toBe(true);
    const fromInitdb = await clusterFacts(first);
    await first.close();

    const second = await openDatabase({ kind: 'pglite', dir: null });
    expect(second.origin).toBe('template');
    expect(await clusterFacts(second)).toEqual(fromInitdb);
    await runMigrations(second);
    await second.exec('insert into registry_persons (id, name, sex, birth_date) values (gen_random_uuid(), $$张伟$$, $$M$$, $$1985-03-02$$)');
    await second.close();
  });

  it('makes a new directory from the template and opens an existing one as it is', async () => {
    const dataDir = path.join(dir, 'data', 'pglite');
    const made = await openDatabase({ kind: 'pglite', dir: dataDir });
    expect(made.origin).toBe('template');
    await made.exec('create table kept (x int); insert into kept values (7)');
    await made.close();
    const reopened = await openDatabase({ kind: 'pglite', dir: dataDir });
    expect(reopened.origin).toBe('existing');
    const { rows } = (await reopened.db.execute('select x from kept' as never)) as unknown as { rows: Array<{ x: number }> };
    expect(rows).toEqual([{ x: 7 }]);
    await reopened.close();
  });

  it('never unpacks into a directory that holds something else', async () => {
    const dataDir = path.join(dir, 'occupied');
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(path.join(dataDir, 'notes.txt'), 'not a cluster');
    const db = await openDatabase({ kind: 'pglite', dir: dataDir });
    expect(db.origin).toBe('initdb');
    await db.close();
    expect(existsSync(path.join(dataDir, 'notes.txt'))).toBe(true);
  });

  it('falls back to initdb when the template is damaged, and replaces it', async () => {
    writeFileSync(templateFile(), 'not a tarball');
    const dataDir = path.join(dir, 'after-damage');
    const db = await openDatabase({ kind: 'pglite', dir: dataDir });
    expect(db.origin).toBe('initdb');
    await runMigrations(db);
    await db.close();
    const next = await openDatabase({ kind: 'pglite', dir: null });
    expect(next.origin).toBe('template');
    await next.close();
  });
});
