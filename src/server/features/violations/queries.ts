import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { anyText } from '../../db/any.ts';
import type { DbOrTx } from '../../db/client.ts';
import { registryViolations } from '../registry/tables.ts';
import {
  finePayments,
  violationDecisionCounters,
  violationDecisions,
  violationIdempotencyKeys,
  violationNotices,
  violationNoticeScans,
  violationObjections,
  violationWithdrawals,
} from './tables.ts';

export type DecisionRow = typeof violationDecisions.$inferSelect;
export type PaymentRow = typeof finePayments.$inferSelect;
export type ObjectionRow = typeof violationObjections.$inferSelect;

export async function decisionsByRefs(db: DbOrTx, refs: string[]): Promise<DecisionRow[]> {
  if (refs.length === 0) return [];
  return db.select().from(violationDecisions).where(anyText(violationDecisions.ref, refs));
}

export async function decisionsOfAccount(db: DbOrTx, accountId: string): Promise<DecisionRow[]> {
  return db.select().from(violationDecisions).where(eq(violationDecisions.accountId, accountId));
}

export async function decisionsOfPerson(db: DbOrTx, personId: string): Promise<DecisionRow[]> {
  return db.select().from(violationDecisions).where(eq(violationDecisions.personId, personId)).orderBy(asc(violationDecisions.decidedAt));
}

export async function decisionByNo(db: DbOrTx, decisionNo: string): Promise<DecisionRow | null> {
  const [row] = await db.select().from(violationDecisions).where(eq(violationDecisions.decisionNo, decisionNo));
  return row ?? null;
}

/** Inserts the decision unless the record already has one; null when another handler won. */
export async function insertDecision(db: DbOrTx, row: typeof violationDecisions.$inferInsert): Promise<DecisionRow | null> {
  const [inserted] = await db.insert(violationDecisions).values(row).onConflictDoNothing({ target: violationDecisions.ref }).returning();
  return inserted ?? null;
}

/** The next sequence number for decision numbers of this region and day (atomic in the caller's transaction). */
export async function nextDecisionSequence(db: DbOrTx, regionCode: string, day: string): Promise<number> {
  const [row] = await db
    .insert(violationDecisionCounters)
    .values({ regionCode, day, last: 1 })
    .onConflictDoUpdate({ target: [violationDecisionCounters.regionCode, violationDecisionCounters.day], set: { last: sql`${violationDecisionCounters.last} + 1` } })
    .returning({ last: violationDecisionCounters.last });
  return row!.last;
}

export async function paymentsByDecisionNos(db: DbOrTx, decisionNos: string[]): Promise<Map<string, PaymentRow>> {
  if (decisionNos.length === 0) return new Map();
  const rows = await db.select().from(finePayments).where(anyText(finePayments.decisionNo, decisionNos));
  return new Map(rows.map((r) => [r.decisionNo, r]));
}

/** Records the payment; false when the fine was already recorded as paid. */
export async function insertPayment(db: DbOrTx, row: typeof finePayments.$inferInsert): Promise<boolean> {
  const inserted = await db.insert(finePayments).values(row).onConflictDoNothing().returning({ decisionNo: finePayments.decisionNo });
  return inserted.length > 0;
}

export async function withdrawnRefs(db: DbOrTx, refs: string[]): Promise<Set<string>> {
  if (refs.length === 0) return new Set();
  const rows = await db.select({ ref: violationWithdrawals.ref }).from(violationWithdrawals).where(anyText(violationWithdrawals.ref, refs));
  return new Set(rows.map((r) => r.ref));
}

export async function pendingObjectionRefs(db: DbOrTx, refs: string[]): Promise<Set<string>> {
  if (refs.length === 0) return new Set();
  const rows = await db
    .select({ ref: violationObjections.ref })
    .from(violationObjections)
    .where(and(anyText(violationObjections.ref, refs), eq(violationObjections.status, 'pending_review')));
  return new Set(rows.map((r) => r.ref));
}

export async function findIdempotentAnswer(db: DbOrTx, accountId: string, key: string) {
  const [row] = await db
    .select()
    .from(violationIdempotencyKeys)
    .where(and(eq(violationIdempotencyKeys.accountId, accountId), eq(violationIdempotencyKeys.key, key)));
  return row ?? null;
}

/** False when the key is already taken (by a concurrent request that committed first). */
export async function claimIdempotencyKey(db: DbOrTx, row: typeof violationIdempotencyKeys.$inferInsert): Promise<boolean> {
  const inserted = await db.insert(violationIdempotencyKeys).values(row).onConflictDoNothing().returning({ key: violationIdempotencyKeys.key });
  return inserted.length > 0;
}

export async function storeIdempotentAnswer(db: DbOrTx, accountId: string, key: string, response: Record<string, unknown>): Promise<void> {
  await db
    .update(violationIdempotencyKeys)
    .set({ response })
    .where(and(eq(violationIdempotencyKeys.accountId, accountId), eq(violationIdempotencyKeys.key, key)));
}

/**
 * Camera records the notice job has not looked at yet, oldest first.
 *
 * Ownership note: this reads the registry's violation table directly, because the registry
 * service offers lookups by plate and ref only, and the job must find what an import added
 * without knowing the plates. It reads the columns it needs and writes nothing there.
 */
export async function unscannedCameraRecords(db: DbOrTx, limit: number) {
  return db
    .select({
      ref: registryViolations.ref,
      plate: registryViolations.plate,
      plateType: registryViolations.plateType,
      occurredAt: registryViolations.occurredAt,
      location: registryViolations.location,
      code: registryViolations.code,
      fineFen: registryViolations.fineFen,
      points: registryViolations.points,
    })
    .from(registryViolations)
    .leftJoin(violationNoticeScans, eq(violationNoticeScans.ref, registryViolations.ref))
    .where(and(eq(registryViolations.source, 'camera'), isNull(registryViolations.decisionNo), isNull(violationNoticeScans.ref)))
    .orderBy(asc(registryViolations.occurredAt), asc(registryViolations.ref))
    .limit(limit);
}

export async function markScanned(db: DbOrTx, refs: string[], at: Date): Promise<void> {
  if (refs.length === 0) return;
  await db.insert(violationNoticeScans).values(refs.map((ref) => ({ ref, scannedAt: at }))).onConflictDoNothing();
}

/** True when this notice had not been sent yet (and is now recorded as sent). */
export async function claimNotice(db: DbOrTx, ref: string, accountId: string, at: Date): Promise<boolean> {
  const inserted = await db.insert(violationNotices).values({ ref, accountId, sentAt: at }).onConflictDoNothing().returning({ ref: violationNotices.ref });
  return inserted.length > 0;
}

export async function insertObjection(db: DbOrTx, row: typeof violationObjections.$inferInsert): Promise<ObjectionRow | null> {
  const [inserted] = await db.insert(violationObjections).values(row).onConflictDoNothing().returning();
  return inserted ?? null;
}

export async function lockObjection(db: DbOrTx, id: string): Promise<ObjectionRow | null> {
  const [row] = await db.select().from(violationObjections).where(eq(violationObjections.id, id)).for('update');
  return row ?? null;
}

export async function decideObjection(db: DbOrTx, id: string, set: { status: 'upheld' | 'rejected'; decidedAt: Date; rejectReason: string | null }): Promise<void> {
  await db.update(violationObjections).set(set).where(eq(violationObjections.id, id));
}

export async function insertWithdrawal(db: DbOrTx, row: typeof violationWithdrawals.$inferInsert): Promise<void> {
  await db.insert(violationWithdrawals).values(row).onConflictDoNothing();
}
