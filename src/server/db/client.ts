import { fileURLToPath } from 'node:url';
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import * as schema from './schema.ts';
import { enableNamedStatements } from './pglite-statements.ts';
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
  if (database.dir) mkdirSync(database.dir, { recursive: true });
  const client = database.dir ? new PGlite(database.dir) : new PGlite();
  await client.waitReady;
  const db = drizzlePglite({ client: enableNamedStatements(client), schema }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    exec: async (text) => {
      await client.exec(text);
    },
    close: () => client.close(),
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

/** Applies the committed SQL migrations (idempotent). */
export async function runMigrations(database: Database): Promise<void> {
  if (database.kind === 'postgres') {
    await migratePg(database.db as never, { migrationsFolder });
  } else {
    await migratePglite(database.db as never, { migrationsFolder });
  }
}
