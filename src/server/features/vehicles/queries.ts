import { and, asc, count, eq, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { isUuid } from '../accounts/queries.ts';
import { vehicleFilings } from './tables.ts';

export type FilingRow = typeof vehicleFilings.$inferSelect;
export type FilingStatus = 'awaiting_owner' | 'active' | 'ended';

const vehicleIs = (plate: string, plateType: string) => and(eq(vehicleFilings.plate, plate), eq(vehicleFilings.plateType, plateType));

/** The account's confirmed filings, oldest first. */
export async function listActiveFilings(db: DbOrTx, accountId: string): Promise<FilingRow[]> {
  return db
    .select()
    .from(vehicleFilings)
    .where(and(eq(vehicleFilings.accountId, accountId), eq(vehicleFilings.status, 'active')))
    .orderBy(asc(vehicleFilings.confirmedAt), asc(vehicleFilings.id));
}

/** The filer's not-ended filing of this vehicle, if any. */
export async function findLiveFiling(db: DbOrTx, accountId: string, plate: string, plateType: string): Promise<FilingRow | null> {
  const [row] = await db
    .select()
    .from(vehicleFilings)
    .where(and(eq(vehicleFilings.accountId, accountId), vehicleIs(plate, plateType), ne(vehicleFilings.status, 'ended')))
    .limit(1);
  return row ?? null;
}

/** A filing of this account, locked for the rest of the transaction. */
export async function lockFilingOfAccount(db: DbOrTx, accountId: string, filingId: string): Promise<FilingRow | null> {
  if (!isUuid(filingId)) return null;
  const [row] = await db
    .select()
    .from(vehicleFilings)
    .where(and(eq(vehicleFilings.id, filingId), eq(vehicleFilings.accountId, accountId)))
    .for('update');
  return row ?? null;
}

export async function countActiveFilingsOfAccount(db: DbOrTx, accountId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(vehicleFilings)
    .where(and(eq(vehicleFilings.accountId, accountId), eq(vehicleFilings.status, 'active')));
  return Number(row?.n ?? 0);
}

export async function countActiveFilersOfVehicle(db: DbOrTx, plate: string, plateType: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(vehicleFilings)
    .where(and(vehicleIs(plate, plateType), eq(vehicleFilings.status, 'active')));
  return Number(row?.n ?? 0);
}

/**
 * Creates the filer's live filing of this vehicle, or renews the code of the one awaiting
 * the owner. Returns null when the live filing is already confirmed (nothing changed).
 */
export async function upsertAwaitingFiling(
  db: DbOrTx,
  input: { accountId: string; plate: string; plateType: string; ownerPersonId: string; ownerAccountId: string; codeHash: string; codeExpiresAt: Date; now: Date },
): Promise<FilingRow | null> {
  const [row] = await db
    .insert(vehicleFilings)
    .values({
      accountId: input.accountId,
      plate: input.plate,
      plateType: input.plateType,
      ownerPersonId: input.ownerPersonId,
      ownerAccountId: input.ownerAccountId,
      status: 'awaiting_owner',
      codeHash: input.codeHash,
      codeExpiresAt: input.codeExpiresAt,
      codeTries: 0,
      codeSentAt: input.now,
      createdAt: input.now,
    })
    .onConflictDoUpdate({
      target: [vehicleFilings.accountId, vehicleFilings.plate, vehicleFilings.plateType],
      targetWhere: sql`${vehicleFilings.status} <> 'ended'`,
      set: {
        ownerPersonId: input.ownerPersonId,
        ownerAccountId: input.ownerAccountId,
        codeHash: input.codeHash,
        codeExpiresAt: input.codeExpiresAt,
        codeTries: 0,
        codeSentAt: input.now,
      },
      setWhere: sql`${vehicleFilings.status} = 'awaiting_owner'`,
    })
    .returning();
  return row ?? null;
}

export async function countCodeTry(db: DbOrTx, filingId: string): Promise<void> {
  await db
    .update(vehicleFilings)
    .set({ codeTries: sql`${vehicleFilings.codeTries} + 1` })
    .where(eq(vehicleFilings.id, filingId));
}

export async function activateFiling(db: DbOrTx, filingId: string, now: Date): Promise<FilingRow> {
  const [row] = await db
    .update(vehicleFilings)
    .set({ status: 'active', confirmedAt: now, codeHash: null, codeExpiresAt: null })
    .where(eq(vehicleFilings.id, filingId))
    .returning();
  return row!;
}

export async function endFiling(db: DbOrTx, filingId: string, now: Date): Promise<void> {
  await db.update(vehicleFilings).set({ status: 'ended', endedAt: now, codeHash: null, codeExpiresAt: null }).where(eq(vehicleFilings.id, filingId));
}
