import { fileURLToPath } from 'node:url';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import * as schema from './schema.ts';
import { enableNamedStatements } from './pglite-statements.ts';
import { readTemplate, saveTemplate } from './pglite-template.ts';
import type { Config } from '../config.ts';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle; accepted wherever a `Db` is, so queries run inside or outside one. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export interface Database {
  kind: 'pglite' | 'postgres';
  db: Db;
  /** Runs parameterless SQL (several statements allowed). */
  exec(sqlText: string): Promise<void>;
  close(): Promise<void>;
  /**
   * Where LISTEN runs (platform/change-feed.ts): PGlite delivers notifications in-process on
   * its one connection; PostgreSQL needs a dedicated connection outside the pool, because a
   * pooled connection is handed to other queries and its LISTEN would come and go with it.
   */
  notifications: { kind: 'pglite'; listen(channel: string, callback: (payload: string) => void): Promise<() => Promise<void>> } | { kind: 'postgres'; url: string };
  /**
   * PGlite: how the cluster came to be — `existing` (a data directory opened again),
   * `template` (a new one copied from the cluster template, pglite-template.ts) or `initdb`.
   */
  origin?: 'existing' | 'template' | 'initdb';
}

export const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

export async function openDatabase(database: Config['database']): Promise<Database> {
  if (database.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: database.url, max: 10 });
    // An idle connection that the server drops (restart, failover) must not crash the
    // process: the pool replaces it on the next query.
    pool.on('error', () => {});
    const db = drizzlePg({ client: pool, schema }) as unknown as Db;
    return {
      kind: 'postgres',
      db,
      exec: async (text) => {
        await pool.query(text);
      },
      close: () => pool.end(),
      notifications: { kind: 'postgres', url: database.url },
    };
  }
  const { client, origin } = await openPglite(database.dir);
  const db = drizzlePglite({ client: enableNamedStatements(client), schema }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    exec: async (text) => {
      await client.exec(text);
    },
    close: () => client.close(),
    origin,
    notifications: {
      kind: 'pglite',
      listen: async (channel, callback) => {
        const unlisten = await client.listen(channel, callback);
        return async () => {
          // After close() there is nothing left to unlisten from.
          if (!client.closed) await unlisten();
        };
      },
    },
  };
}

/**
 * Opens PGlite: an existing cluster as it is; a new one (in memory, or in an empty
 * directory) from the cluster template when there is one (pglite-template.ts), else by
 * initdb, which then leaves a template for the next. A template that fails to load (a
 * damaged file) costs one initdb, never a failed start.
 */
async function openPglite(dir: string | null): Promise<{ client: PGlite; origin: NonNullable<Database['origin']> }> {
  if (dir) mkdirSync(dir, { recursive: true });
  const start = async (options: PGliteOptions = {}) => {
    const client = dir ? new PGlite(dir, options) : new PGlite(options);
    try {
      await client.waitReady;
      return client;
    } catch (e) {
      await client.close().catch(() => {});
      throw e;
    }
  };
  if (dir && existsSync(path.join(dir, 'PG_VERSION'))) return { client: await start(), origin: 'existing' };
  // Only into an empty directory: whatever else is there is not ours to overwrite or clean up.
  if (dir && readdirSync(dir).length > 0) return { client: await start(), origin: 'initdb' };
  const template = readTemplate();
  if (template) {
    try {
      return { client: await start({ loadDataDir: template }), origin: 'template' };
    } catch {
      // Half a cluster may have been unpacked into the (empty before) directory.
      if (dir) for (const entry of readdirSync(dir)) rmSync(path.join(dir, entry), { recursive: true, force: true });
    }
  }
  // No template, or a damaged one: this fresh cluster becomes the template.
  const client = await start();
  await saveTemplate(client);
  return { client, origin: 'initdb' };
}

/** Applies the committed SQL migrations (idempotent). */
export async function runMigrations(database: Database): Promise<void> {
  if (database.kind === 'postgres') {
    await migratePg(database.db as never, { migrationsFolder });
  } else {
    await migratePglite(database.db as never, { migrationsFolder });
  }
}
