import { sql } from 'drizzle-orm';
import { bigint, bigserial, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const PAYMENT_STATUSES = ['pending', 'paid', 'failed', 'refunded'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
export const PAYMENT_PROVIDERS = ['sandbox', 'alipay'] as const;
export type PaymentProviderName = (typeof PAYMENT_PROVIDERS)[number];

/**
 * One attempt to pay one fine through one provider. The partial unique indexes are the
 * last line of defence: a fine has at most one pending payment and is paid at most once,
 * whatever races the application code loses.
 */
export const payments = pgTable(
  'payments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id').notNull(),
    decisionNo: text('decision_no').notNull(),
    provider: text('provider', { enum: PAYMENT_PROVIDERS }).notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    status: text('status', { enum: PAYMENT_STATUSES }).notNull().default('pending'),
    /** Where the provider sends the citizen to pay; set once the provider accepted the order. */
    redirectUrl: text('redirect_url'),
    returnUrl: text('return_url').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    paidAt: timestamp('paid_at', { withTimezone: true }),
    tradeNo: text('trade_no'),
    receiptNo: text('receipt_no').unique(),
    /** Why a payment ended without money: `cancelled`, `failed`, `expired`, `superseded`. */
    closedReason: text('closed_reason'),
  },
  (t) => [
    check('payments_status_check', sql`${t.status} in ('pending', 'paid', 'failed', 'refunded')`),
    check('payments_amount_check', sql`${t.amountFen} > 0`),
    uniqueIndex('payments_one_pending_per_fine').on(t.decisionNo).where(sql`${t.status} = 'pending'`),
    uniqueIndex('payments_one_paid_per_fine').on(t.decisionNo).where(sql`${t.status} = 'paid'`),
    index('payments_pending_created_idx').on(t.createdAt).where(sql`${t.status} = 'pending'`),
    index('payments_account_idx').on(t.accountId, t.createdAt),
  ],
);

/** `Idempotency-Key` of payment creation → the payment it answered with the first time. */
export const paymentIdempotencyKeys = pgTable(
  'payment_idempotency_keys',
  {
    accountId: uuid('account_id').notNull(),
    key: text('key').notNull(),
    paymentId: uuid('payment_id').notNull(),
    decisionNo: text('decision_no').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.key] })],
);

/** What happened to a payment and why: the trail an auditor or a refund desk reads. */
export const paymentEvents = pgTable(
  'payment_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    paymentId: uuid('payment_id').notNull(),
    kind: text('kind').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('payment_events_payment_idx').on(t.paymentId, t.id)],
);

/** Receipt numbers `R` + Shanghai date + a 6-digit sequence of that day. */
export const paymentReceiptCounters = pgTable('payment_receipt_counters', {
  day: text('day').primaryKey(),
  last: integer('last').notNull(),
});

export const SANDBOX_TRADE_STATUSES = ['open', 'paid', 'failed', 'cancelled'] as const;
export type SandboxTradeStatus = (typeof SANDBOX_TRADE_STATUSES)[number];

/**
 * The sandbox provider's own books: the order it accepted and what the citizen did on its
 * cashier page, so `queryPayment` answers like a real provider would.
 */
export const sandboxTrades = pgTable(
  'sandbox_trades',
  {
    paymentId: uuid('payment_id').primaryKey(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    subject: text('subject').notNull(),
    returnUrl: text('return_url').notNull(),
    status: text('status', { enum: SANDBOX_TRADE_STATUSES }).notNull().default('open'),
    tradeNo: text('trade_no').unique(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    paidAt: timestamp('paid_at', { withTimezone: true }),
  },
  (t) => [check('sandbox_trades_status_check', sql`${t.status} in ('open', 'paid', 'failed', 'cancelled')`)],
);
