import { and, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { accounts, gestureCredentials } from './tables.ts';

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

export async function findLoginCandidates(db: DbOrTx, hashes: { phoneHashes: string[]; docHashes: string[] }): Promise<LoginCandidate[]> {
  const conds = [];
  if (hashes.phoneHashes.length) conds.push(inArray(accounts.phoneHash, hashes.phoneHashes));
  if (hashes.docHashes.length) conds.push(inArray(accounts.docHash, hashes.docHashes));
  if (!conds.length) return [];
  const rows = await db
    .select({ account: accounts, gestureEnabled: gestureEnabledColumn })
    .from(accounts)
    .where(and(isNull(accounts.deletedAt), or(...conds)))
    .orderBy(sql`case when ${accounts.status} = 'rejected' then 1 else 0 end`, desc(accounts.createdAt))
    .limit(5);
  return rows.map((r) => ({ ...r.account, gestureEnabled: Boolean(r.gestureEnabled) }));
}

export async function hasActiveGesture(db: DbOrTx, accountId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: gestureCredentials.id })
    .from(gestureCredentials)
    .where(and(eq(gestureCredentials.accountId, accountId), isNull(gestureCredentials.disabledAt)))
    .limit(1);
  return Boolean(row);
}
