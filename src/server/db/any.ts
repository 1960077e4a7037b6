import { sql, type Column, type SQL } from 'drizzle-orm';

/**
 * `column = any($1::text[])` with the whole list as ONE parameter. drizzle's `inArray`
 * makes one placeholder per value and builds the SQL chunk by chunk: for the few hundred
 * refs or decision numbers of a driver's violation list that building cost more CPU than
 * the query itself (a CPU profile of GET /me/violations put ~4 ms of its ~30 ms there).
 * Both node-postgres and PGlite send a JS array as a text[] parameter.
 */
export function anyText(column: Column, values: readonly string[]): SQL {
  return sql`${column} = any(${sql.param([...values])}::text[])`;
}
