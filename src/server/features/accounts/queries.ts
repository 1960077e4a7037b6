import { and, desc, eq, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { accounts, gestureCredentials } from './tables.ts';
import { useNamedStatement } from '../../db/pglite-statements.ts';

export type AccountRow = typeof accounts.$inferSelect;
export type AccountStatus = 'active' | 'pending_review' | 'rejected' | 'deleted';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Ids come from URLs and tokens; anything not a UUID cannot exist and must not reach a uuid cast. */
export const isUuid = (v: string): boolean => UUID_RE.test(v);

/** Keyed-hash inputs. Prefixed so a phone and a document with the same digits never share a hash. */
export const phoneKey = (phone: string): string => `phone:${phone}`;
export const docKey = (docType: string, docNumber: string): string => `doc:${docType}:${docNumber}`;

export async function findAccountById(db: DbOrTx, id: string): Promise<AccountRow | null> {
  if (!isUuid(id)) return null;
  const [row] = await db.select().from(accounts).where(eq(accounts.id, id)).limit(1);
  return row ?? null;
}

export async function lockAccount(db: DbOrTx, id: string): Promise<AccountRow | null> {
  if (!isUuid(id)) return null;
  const [row] = await db.select().from(accounts).where(eq(accounts.id, id)).for('update');
  return row ?? null;
}

/** Live = holds its phone and document (the partial unique indexes' condition). */
const live = and(isNull(accounts.deletedAt), sql`${accounts.status} <> 'rejected'`);

export async function liveAccountExists(db: DbOrTx, by: { phoneHash: string } | { docHash: string }): Promise<boolean> {
  const cond = 'phoneHash' in by ? eq(accounts.phoneHash, by.phoneHash) : eq(accounts.docHash, by.docHash);
  const [row] = await db.select({ id: accounts.id }).from(accounts).where(and(cond, live)).limit(1);
  return Boolean(row);
}

/**
 * Accounts a login value may name: not deleted, matched by phone or document hash. Live
 * accounts come first, then the newest: a rejected applicant who registered again logs in
 * to the new account, and only someone with nothing but a rejected one hears why.
 */
export type LoginCandidate = AccountRow & { gestureEnabled: boolean };

/** Whether the account has a gesture turned on, as a column: the login answer shows it, and one round trip is cheaper than two. */
// Columns spelled out with their tables: drizzle leaves them unqualified in a one-table select, and inside the subquery "id" would be the gesture's.
const gestureEnabledColumn = sql<boolean>`exists (select 1 from "gesture_credentials" g where g."account_id" = "accounts"."id" and g."disabled_at" is null)`;

/** Which accounts a login value may name: by any of its phone or document hashes (placeholders, arrays). */
const candidateFilter = and(
  isNull(accounts.deletedAt),
  or(sql`${accounts.phoneHash} = any(${sql.placeholder('phoneHashes')}::text[])`, sql`${accounts.docHash} = any(${sql.placeholder('docHashes')}::text[])`),
)!;
const candidateOrder = () => [sql`case when ${accounts.status} = 'rejected' then 1 else 0 end`, desc(accounts.createdAt)];
const CANDIDATE_LIMIT = 5;

type Values<T extends Record<string, SQL>> = { [K in keyof T]: T[K] extends SQL<infer U> ? U : never };

/**
 * The login's whole read before its hash, as one prepared statement (built once; on
 * PostgreSQL also parsed and planned once per connection): the candidates (live accounts
 * first, then the newest) and the caller's `columns`, built from the first candidate's id
 * (null when none matches) — the login's throttles. The columns come back even when no
 * account matches: the candidates are left-joined to a single row. `columns` may hold
 * placeholders; `run` gets their values beside the login value's hashes.
 */
export function prepareLoginRead<T extends Record<string, SQL>>(db: DbOrTx, name: string, columns: (firstCandidateId: SQL<string | null>) => T) {
  // The inner "accounts" shadows the outer one, so the same filter reads the subquery's own rows.
  const firstId = sql<string | null>`(select ${accounts.id}::text from ${accounts} where ${candidateFilter} order by ${sql.join(candidateOrder(), sql`, `)} limit 1)`;
  const extra = columns(firstId);
  // Prefixed, so a caller's column name cannot shadow one of ours.
  const extraColumns = Object.fromEntries(Object.entries(extra).map(([k, v]) => [`extra_${k}`, v]));
  const query = db
    .select({ account: accounts, gestureEnabled: gestureEnabledColumn, ...extraColumns })
    .from(sql`(select 1) as "one"`)
    .leftJoin(accounts, candidateFilter)
    .orderBy(...candidateOrder())
    .limit(CANDIDATE_LIMIT)
    .prepare(name);
  useNamedStatement(db, query);
  return async (params: { phoneHashes: string[]; docHashes: string[] } & Record<string, unknown>): Promise<{ candidates: LoginCandidate[]; values: Values<T> }> => {
    const rows = (await query.execute(params)) as unknown as Array<{ account: AccountRow | null; gestureEnabled: boolean } & Record<string, unknown>>;
    const candidates = rows.flatMap((r) => (r.account ? [{ ...r.account, gestureEnabled: Boolean(r.gestureEnabled) }] : []));
    const values = Object.fromEntries(Object.keys(extra).map((k) => [k, rows[0]?.[`extra_${k}`] ?? null])) as Values<T>;
    return { candidates, values };
  };
}

export async function hasActiveGesture(db: DbOrTx, accountId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: gestureCredentials.id })
    .from(gestureCredentials)
    .where(and(eq(gestureCredentials.accountId, accountId), isNull(gestureCredentials.disabledAt)))
    .limit(1);
  return Boolean(row);
}
