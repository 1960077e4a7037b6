import { sql } from 'drizzle-orm';
import { bigint, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * Violation handling, fines, objections and notices. The registry's violation rows are the
 * authority's and are never written here: what the citizen does with them (an online
 * penalty decision, a payment, an upheld objection, a notice sent) lives in these tables,
 * keyed by the registry's `ref` or decision number.
 */

/**
 * Penalty decisions made online (网上处理). `ref` is unique: of two handlers racing for one
 * record, the second insert meets the first and loses (409 `already_handled`).
 */
export const violationDecisions = pgTable(
  'violation_decisions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ref: text('ref').notNull(),
    decisionNo: text('decision_no').notNull(),
    accountId: uuid('account_id').notNull(),
    /** The handler's registry person: the points land on their licence. */
    personId: uuid('person_id').notNull(),
    relation: text('relation').notNull(),
    plate: text('plate').notNull(),
    plateType: text('plate_type').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    code: text('code').notNull(),
    description: text('description').notNull(),
    fineFen: bigint('fine_fen', { mode: 'number' }).notNull(),
    points: integer('points').notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true }).notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
  },
  (t) => [
    uniqueIndex('violation_decisions_ref_uq').on(t.ref),
    uniqueIndex('violation_decisions_no_uq').on(t.decisionNo),
    index('violation_decisions_account_idx').on(t.accountId),
    index('violation_decisions_person_idx').on(t.personId),
  ],
);

/** Per region and Shanghai day, the last sequence used in decision numbers. */
export const violationDecisionCounters = pgTable(
  'violation_decision_counters',
  {
    regionCode: text('region_code').notNull(),
    day: text('day').notNull(),
    last: integer('last').notNull(),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.day] })],
);

/**
 * Payments of fines, online decisions and the registry's on-site ones alike. The primary
 * key makes paying twice impossible: a second confirmation finds the row and changes nothing.
 */
export const finePayments = pgTable('fine_payments', {
  decisionNo: text('decision_no').primaryKey(),
  paidAt: timestamp('paid_at', { withTimezone: true }).notNull(),
  receiptNo: text('receipt_no').notNull(),
  paymentId: text('payment_id').notNull(),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Idempotency-Key of handling requests, scoped to the account; the first answer is kept. */
export const violationIdempotencyKeys = pgTable(
  'violation_idempotency_keys',
  {
    accountId: uuid('account_id').notNull(),
    key: text('key').notNull(),
    ref: text('ref').notNull(),
    response: jsonb('response').$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.key] })],
);

export const OBJECTION_STATUSES = ['pending_review', 'upheld', 'rejected'] as const;
export type ObjectionStatus = (typeof OBJECTION_STATUSES)[number];

/** Objections (申诉) to camera records; one pending per record. */
export const violationObjections = pgTable(
  'violation_objections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ref: text('ref').notNull(),
    accountId: uuid('account_id').notNull(),
    reason: text('reason').notNull(),
    photoKeys: jsonb('photo_keys').$type<string[]>().notNull(),
    status: text('status').$type<ObjectionStatus>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    rejectReason: text('reject_reason'),
  },
  (t) => [
    uniqueIndex('violation_objections_pending_uq').on(t.ref).where(sql`${t.status} = 'pending_review'`),
    index('violation_objections_account_idx').on(t.accountId),
  ],
);

/** Records withdrawn after an upheld objection: gone from every citizen list; the registry row stays. */
export const violationWithdrawals = pgTable('violation_withdrawals', {
  ref: text('ref').primaryKey(),
  objectionId: uuid('objection_id').notNull(),
  withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }).notNull(),
});

/** Camera records the notice job has looked at, so each import scans only what is new. */
export const violationNoticeScans = pgTable('violation_notice_scans', {
  ref: text('ref').primaryKey(),
  scannedAt: timestamp('scanned_at', { withTimezone: true }).notNull(),
});

/** Notices sent (one SMS and one in-app message per record and account, at most once). */
export const violationNotices = pgTable(
  'violation_notices',
  {
    ref: text('ref').notNull(),
    accountId: uuid('account_id').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.ref, t.accountId] })],
);
