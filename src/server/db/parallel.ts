import { PgTransaction } from 'drizzle-orm/pg-core';
import type { DbOrTx } from './client.ts';

/**
 * Independent queries of one request, run at once where the driver allows it: on
 * PostgreSQL outside a transaction each goes to its own pool connection, so a request
 * costs its slowest query instead of the sum. Inside a transaction there is one
 * connection, which takes one query at a time (node-postgres deprecates queueing on it),
 * and PGlite is one WASM process whose transaction handle must not interleave two
 * queries: there they run one after another, with the same result.
 */
export type DatabaseKind = 'pglite' | 'postgres';

export async function inParallel<T extends readonly unknown[]>(
  on: { kind: DatabaseKind; db: DbOrTx },
  thunks: { [K in keyof T]: () => Promise<T[K]> },
): Promise<T> {
  if (on.kind === 'postgres' && !(on.db instanceof PgTransaction)) return (await Promise.all(thunks.map((f) => f()))) as unknown as T;
  const out: unknown[] = [];
  for (const f of thunks) out.push(await f());
  return out as unknown as T;
}
