/**
 * Paying fines (API.md "Violations, fines, payments"): creating a payment with a provider,
 * confirming it from the provider's signed callback or from reconciliation, and the
 * electronic receipt. The fine itself belongs to the violations feature; this feature only
 * asks it for the amount due and tells it, inside the confirming transaction, that the fine
 * is paid.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, lt, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.ts';
import type { DbOrTx, Tx } from '../../db/client.ts';
import { Problem } from '../../platform/problems.ts';
import { translator } from '../../platform/i18n.ts';
import type { Language } from '../../../i18n/languages.ts';
import { addDays, shanghaiDate } from '../../../domain/dates.ts';
import { maskDocNumber } from '../../../domain/id-documents.ts';
import { getAccount } from '../accounts/service.ts';
import { getFineForAccount, markFinePaid } from '../violations/service.ts';
import { createAlipayProvider } from './alipay.ts';
import type { PaymentNotice, PaymentProvider } from './provider.ts';
import { createSandboxProvider } from './sandbox.ts';
import { paymentEvents, paymentIdempotencyKeys, paymentReceiptCounters, payments, type PaymentProviderName } from './tables.ts';

export type PaymentRow = typeof payments.$inferSelect;

/** Pending payments older than this are asked about at the provider by reconciliation. */
export const RECONCILE_AFTER_MS = 2 * 60_000;
export const RECONCILE_EVERY_MS = 60_000;
export const RECONCILE_JOB = 'payments.reconcile';
/** An order at the provider lives this long, and never past the Shanghai midnight when the late fee grows. */
export const ORDER_TTL_MS = 30 * 60_000;
const RECONCILE_BATCH = 100;

// ---------------------------------------------------------------------------------------
// Providers

const providerCache = new WeakMap<AppContext, Map<PaymentProviderName, PaymentProvider>>();

/** The configured provider, or a 422 naming the one that is. */
export function providerFor(ctx: AppContext, name: PaymentProviderName): PaymentProvider {
  const configured = ctx.config.payments;
  if (configured.provider !== name) throw new Problem('payment_provider_unavailable', { field: 'provider', suggestion: configured.provider, params: { provider: configured.provider } });
  let cache = providerCache.get(ctx);
  if (!cache) providerCache.set(ctx, (cache = new Map()));
  let provider = cache.get(name);
  if (!provider) {
    if (configured.provider === 'alipay') {
      const base = (ctx.config.http.publicUrl ?? '').replace(/\/$/, '');
      provider = createAlipayProvider({ ...configured.alipay, notifyUrl: `${base}/api/v1/payments/callbacks/alipay` }, { now: () => ctx.clock.now() });
    } else provider = createSandboxProvider(ctx);
    cache.set(name, provider);
  }
  return provider;
}

// ---------------------------------------------------------------------------------------
// Views

export interface PaymentView {
  paymentId: string;
  status: PaymentRow['status'];
  amountFen: number;
  decisionNo: string;
  closedReason?: string;
}

const view = (p: PaymentRow): PaymentView => ({
  paymentId: p.id,
  status: p.status,
  amountFen: p.amountFen,
  decisionNo: p.decisionNo,
  ...(p.status === 'failed' && p.closedReason ? { closedReason: p.closedReason } : {}),
});

async function recordEvent(db: DbOrTx, ctx: AppContext, paymentId: string, kind: string, detail: Record<string, unknown> = {}): Promise<void> {
  await db.insert(paymentEvents).values({ paymentId, kind, at: ctx.clock.now(), detail });
}

async function findPayment(db: DbOrTx, id: string): Promise<PaymentRow | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
  const [row] = await db.select().from(payments).where(eq(payments.id, id.toLowerCase())).limit(1);
  return row ?? null;
}

/**
 * The caller's own payment; anyone else's is indistinguishable from none (404). A pending
 * one is first asked about at its provider, as a citizen back from the cashier is owed the
 * outcome now, not after the callback or the next reconciliation run (a provider sends no
 * callback at all for a failed or cancelled order).
 */
export async function getPaymentForAccount(ctx: AppContext, accountId: string, paymentId: string): Promise<PaymentView> {
  const p = await findPayment(ctx.db, paymentId);
  if (!p || p.accountId !== accountId) throw new Problem('payment_not_found', { status: 404 });
  if (p.status !== 'pending' || p.provider !== ctx.config.payments.provider) return view(p);
  try {
    return view(await settleWithProvider(ctx, p));
  } catch (e) {
    // The provider cannot answer now: the payment is still pending as far as anyone knows.
    ctx.log.warn({ err: e instanceof Error ? e.message : String(e), paymentId: p.id }, 'payment status query failed');
    return view(p);
  }
}

/**
 * Applies what the provider says about a pending payment: paid → confirmed (a callback may
 * still be on its way and then finds it paid), failed → closed with the provider's reason,
 * still open → unchanged. Answers the payment as it now stands.
 */
async function settleWithProvider(ctx: AppContext, p: PaymentRow): Promise<PaymentRow> {
  const answer = await providerFor(ctx, p.provider).queryPayment(p.id);
  if (answer.status === 'paid') {
    await confirmPayment(ctx, p.provider, { paymentId: p.id, tradeNo: answer.tradeNo ?? '', amountFen: answer.amountFen ?? p.amountFen, paidAt: answer.paidAt ?? ctx.clock.now() }, 'query');
  } else if (answer.status === 'failed') {
    await closePayment(ctx, p.id, answer.reason ?? 'failed');
  } else return p;
  return (await findPayment(ctx.db, p.id)) ?? p;
}

export async function getPaymentRow(ctx: AppContext, paymentId: string): Promise<PaymentRow | null> {
  return findPayment(ctx.db, paymentId);
}

// ---------------------------------------------------------------------------------------
// Creating

function isUniqueViolation(e: unknown): boolean {
  for (let cur: unknown = e, depth = 0; cur && depth < 5; cur = (cur as { cause?: unknown }).cause, depth++) {
    if ((cur as { code?: string }).code === '23505') return true;
  }
  return false;
}

/** End of the order's life: 30 minutes, cut at the next Shanghai midnight (the amount is only right for today). */
export function orderExpiresAt(now: Date): Date {
  const midnight = new Date(`${addDays(shanghaiDate(now), 1)}T00:00:00+08:00`);
  return new Date(Math.min(now.getTime() + ORDER_TTL_MS, midnight.getTime()));
}

export interface CreatedPayment {
  paymentId: string;
  amountFen: number;
  redirectUrl: string;
}

/** Asks the provider for the cashier address once, and again after a crash left none. */
async function ensureRedirect(ctx: AppContext, p: PaymentRow, lang: Language): Promise<CreatedPayment> {
  if (p.redirectUrl) return { paymentId: p.id, amountFen: p.amountFen, redirectUrl: p.redirectUrl };
  const provider = providerFor(ctx, p.provider);
  const subject = translator(lang)('payments:subject', { decisionNo: p.decisionNo });
  const { redirectUrl } = await provider.createPayment({
    paymentId: p.id,
    amountFen: p.amountFen,
    subject,
    returnUrl: p.returnUrl,
    expiresAt: orderExpiresAt(p.createdAt),
  });
  await ctx.db.update(payments).set({ redirectUrl, updatedAt: ctx.clock.now() }).where(eq(payments.id, p.id));
  return { paymentId: p.id, amountFen: p.amountFen, redirectUrl };
}

async function findPendingForFine(db: DbOrTx, decisionNo: string): Promise<PaymentRow | null> {
  const [row] = await db.select().from(payments).where(and(eq(payments.decisionNo, decisionNo), eq(payments.status, 'pending'))).limit(1);
  return row ?? null;
}

/**
 * `POST /fines/{decisionNo}/payments`. The amount is what the fine costs today. One pending
 * payment per fine is reused while it still stands for today's amount; an older one is
 * first settled with its provider (it may have been paid meanwhile) and then closed.
 */
export async function createFinePayment(
  ctx: AppContext,
  accountId: string,
  decisionNo: string,
  input: { provider: PaymentProviderName; idempotencyKey?: string },
  lang: Language,
): Promise<CreatedPayment> {
  const provider = providerFor(ctx, input.provider);
  const key = input.idempotencyKey;
  if (key !== undefined) {
    const [seen] = await ctx.db
      .select()
      .from(paymentIdempotencyKeys)
      .where(and(eq(paymentIdempotencyKeys.accountId, accountId), eq(paymentIdempotencyKeys.key, key)))
      .limit(1);
    if (seen) {
      if (seen.decisionNo !== decisionNo) throw new Problem('idempotency_key_reused', { status: 409 });
      const first = await findPayment(ctx.db, seen.paymentId);
      if (first) return ensureRedirect(ctx, first, lang);
    }
  }

  const fine = await getFineForAccount(ctx, accountId, decisionNo);
  if (!fine) throw new Problem('fine_not_found', { status: 404 });
  if (fine.status === 'paid') throw new Problem('fine_already_paid', { status: 409 });
  const amountFen = fine.payableFen;
  if (amountFen <= 0) throw new Problem('nothing_to_pay');
  const now = ctx.clock.now();

  let payment: PaymentRow | null = null;
  for (let attempt = 0; attempt < 3 && !payment; attempt++) {
    const pending = await findPendingForFine(ctx.db, decisionNo);
    if (pending) {
      const current = pending.accountId === accountId && pending.provider === provider.name && pending.amountFen === amountFen && orderExpiresAt(pending.createdAt) > now;
      if (current) {
        // A pay-again after the cashier failed or was cancelled needs a new order, not the dead one.
        let settled = pending;
        try {
          settled = await settleWithProvider(ctx, pending);
        } catch (e) {
          // The provider cannot answer now: the open order stands, as it did before asking.
          ctx.log.warn({ err: e instanceof Error ? e.message : String(e), paymentId: pending.id }, 'payment status query failed');
        }
        if (settled.status === 'paid') throw new Problem('fine_already_paid', { status: 409 });
        if (settled.status === 'pending') {
          payment = pending;
          break;
        }
        continue;
      }
      await settleStalePayment(ctx, pending);
      continue;
    }
    try {
      const id = randomUUID();
      // Back from the cashier the app's result screen follows this payment to its outcome.
      const returnUrl = `/payments/${id}`;
      payment = await ctx.db.transaction(async (tx) => {
        const [row] = await tx
          .insert(payments)
          .values({ id, accountId, decisionNo, provider: provider.name, amountFen, status: 'pending', returnUrl, createdAt: now, updatedAt: now })
          .returning();
        await recordEvent(tx, ctx, id, 'created', { amountFen, provider: provider.name });
        return row!;
      });
    } catch (e) {
      // Another request for this fine created its pending payment first: reuse that one.
      if (!isUniqueViolation(e)) throw e;
    }
  }
  if (!payment) throw new Problem('payment_in_progress', { status: 409 });

  if (key !== undefined) {
    await ctx.db.insert(paymentIdempotencyKeys).values({ accountId, key, paymentId: payment.id, decisionNo, createdAt: now }).onConflictDoNothing();
    const [kept] = await ctx.db
      .select()
      .from(paymentIdempotencyKeys)
      .where(and(eq(paymentIdempotencyKeys.accountId, accountId), eq(paymentIdempotencyKeys.key, key)))
      .limit(1);
    // A concurrent retry with the same key got there first: answer what it answered.
    if (kept && kept.paymentId !== payment.id) payment = (await findPayment(ctx.db, kept.paymentId)) ?? payment;
  }
  return ensureRedirect(ctx, payment, lang);
}

/**
 * A pending payment that no longer stands for today's amount. Its provider decides: paid
 * (a callback may still be on its way) → confirmed now and the fine is paid; failed or
 * expired → closed; still open → the citizen is in the middle of paying it.
 */
async function settleStalePayment(ctx: AppContext, p: PaymentRow): Promise<void> {
  const answer = await providerFor(ctx, p.provider).queryPayment(p.id);
  if (answer.status === 'paid') {
    await confirmPayment(ctx, p.provider, { paymentId: p.id, tradeNo: answer.tradeNo ?? '', amountFen: answer.amountFen ?? p.amountFen, paidAt: answer.paidAt ?? ctx.clock.now() }, 'query');
    throw new Problem('fine_already_paid', { status: 409 });
  }
  if (answer.status === 'pending') throw new Problem('payment_in_progress', { status: 409 });
  await closePayment(ctx, p.id, answer.reason ?? 'expired');
}

async function closePayment(ctx: AppContext, paymentId: string, reason: string): Promise<boolean> {
  return ctx.db.transaction(async (tx) => {
    const closed = await tx
      .update(payments)
      .set({ status: 'failed', closedReason: reason, updatedAt: ctx.clock.now() })
      .where(and(eq(payments.id, paymentId), eq(payments.status, 'pending')))
      .returning({ id: payments.id });
    if (closed.length) await recordEvent(tx, ctx, paymentId, 'closed', { reason });
    return closed.length > 0;
  });
}

// ---------------------------------------------------------------------------------------
// Confirming

/** `R` + Shanghai date + the day's 6-digit sequence, e.g. R20261125000001. */
async function nextReceiptNo(tx: Tx, paidAt: Date): Promise<string> {
  const day = shanghaiDate(paidAt).replace(/-/g, '');
  const [row] = await tx
    .insert(paymentReceiptCounters)
    .values({ day, last: 1 })
    .onConflictDoUpdate({ target: paymentReceiptCounters.day, set: { last: sql`${paymentReceiptCounters.last} + 1` } })
    .returning({ last: paymentReceiptCounters.last });
  return `R${day}${String(row!.last).padStart(6, '0')}`;
}

export type ConfirmOutcome = 'paid' | 'already_paid' | 'closed';

/**
 * The one transition from pending to paid, shared by callbacks and reconciliation. The row
 * lock makes concurrent duplicates queue; the first pays, the rest find it paid. An amount
 * that is not the payment's refuses and changes nothing.
 */
export async function confirmPayment(ctx: AppContext, providerName: PaymentProviderName, notice: PaymentNotice, source: 'callback' | 'reconciliation' | 'query'): Promise<ConfirmOutcome> {
  const outcome = await ctx.db.transaction(async (tx): Promise<ConfirmOutcome | Problem> => {
    const [p] = await tx.select().from(payments).where(eq(payments.id, notice.paymentId)).for('update');
    if (!p || p.provider !== providerName) return new Problem('payment_not_found', { status: 404 });
    if (p.amountFen !== notice.amountFen) return new Problem('amount_mismatch');
    if (p.status === 'paid') {
      if (p.tradeNo !== notice.tradeNo) await recordEvent(tx, ctx, p.id, 'duplicate_trade', { tradeNo: notice.tradeNo, source });
      return 'already_paid';
    }
    if (p.status !== 'pending') {
      // Money arrived for a payment we had closed: keep it on record for the refund desk.
      await recordEvent(tx, ctx, p.id, 'paid_after_close', { tradeNo: notice.tradeNo, amountFen: notice.amountFen, source });
      await ctx.audit.record(tx, { actor: { type: 'system' }, action: 'payment.paid_after_close', subject: { type: 'payment', id: p.id }, detail: { amountFen: notice.amountFen, source } });
      return 'closed';
    }
    const receiptNo = await nextReceiptNo(tx, notice.paidAt);
    const now = ctx.clock.now();
    await tx.update(payments).set({ status: 'paid', paidAt: notice.paidAt, tradeNo: notice.tradeNo, receiptNo, updatedAt: now }).where(eq(payments.id, p.id));
    const fine = await markFinePaid(tx, p.decisionNo, { paidAt: notice.paidAt, receiptNo, paymentId: p.id });
    await recordEvent(tx, ctx, p.id, 'paid', { tradeNo: notice.tradeNo, amountFen: notice.amountFen, receiptNo, source });
    // The fine was settled another way meanwhile: the money is kept on record for a refund.
    if (fine === 'already_paid') await recordEvent(tx, ctx, p.id, 'fine_paid_elsewhere', { receiptNo });
    await ctx.audit.record(tx, { actor: { type: 'system' }, action: 'payment.paid', subject: { type: 'payment', id: p.id }, detail: { amountFen: notice.amountFen, receiptNo, source } });
    return 'paid';
  });
  if (outcome instanceof Problem) throw outcome;
  return outcome;
}

/** A provider callback: verified by the provider, then confirmed. */
export async function handleCallback(ctx: AppContext, providerName: PaymentProviderName, rawBody: Buffer, headers: Record<string, string | string[] | undefined>): Promise<ConfirmOutcome> {
  // A callback of a provider that is not configured cannot be checked, so it is refused the same way.
  let provider: PaymentProvider;
  try {
    provider = providerFor(ctx, providerName);
  } catch {
    throw new Problem('invalid_signature', { status: 401 });
  }
  const notice = provider.verifyCallback(rawBody, headers);
  if (!notice) {
    ctx.log.warn({ provider: providerName }, 'payment callback refused: bad signature');
    throw new Problem('invalid_signature', { status: 401 });
  }
  return confirmPayment(ctx, providerName, notice, 'callback');
}

// ---------------------------------------------------------------------------------------
// Reconciliation

/**
 * Asks the provider about every payment pending for over 2 minutes: a lost or delayed
 * callback then still pays the fine, and orders that expired unpaid are closed.
 */
export async function reconcilePendingPayments(ctx: AppContext): Promise<{ paid: number; closed: number; pending: number }> {
  const cutoff = new Date(ctx.clock.now().getTime() - RECONCILE_AFTER_MS);
  const due = await ctx.db
    .select()
    .from(payments)
    .where(and(eq(payments.status, 'pending'), lt(payments.createdAt, cutoff)))
    .orderBy(asc(payments.createdAt))
    .limit(RECONCILE_BATCH);
  const counts = { paid: 0, closed: 0, pending: 0 };
  for (const p of due) {
    if (p.provider !== ctx.config.payments.provider) {
      counts.pending++;
      continue;
    }
    try {
      const answer = await providerFor(ctx, p.provider).queryPayment(p.id);
      if (answer.status === 'paid') {
        const outcome = await confirmPayment(
          ctx,
          p.provider,
          { paymentId: p.id, tradeNo: answer.tradeNo ?? '', amountFen: answer.amountFen ?? p.amountFen, paidAt: answer.paidAt ?? ctx.clock.now() },
          'reconciliation',
        );
        if (outcome === 'paid') counts.paid++;
      } else if (answer.status === 'failed') {
        if (await closePayment(ctx, p.id, 'expired')) counts.closed++;
      } else counts.pending++;
    } catch (e) {
      // One payment the provider cannot answer for must not hold up the others.
      ctx.log.warn({ err: e instanceof Error ? e.message : String(e), paymentId: p.id }, 'payment reconciliation failed for one payment');
      counts.pending++;
    }
  }
  return counts;
}

/** Minute slots give every process the same dedupe key, so chains started anywhere merge into one. */
const slotKey = (at: Date) => `${RECONCILE_JOB}:${new Date(Math.floor(at.getTime() / RECONCILE_EVERY_MS) * RECONCILE_EVERY_MS).toISOString()}`;

/** Puts the next reconciliation run on the outbox (the first one, or the one after this). */
export async function scheduleReconciliation(ctx: AppContext, after = 0): Promise<void> {
  const runAt = new Date(ctx.clock.now().getTime() + after);
  await ctx.jobs.enqueue(ctx.db, RECONCILE_JOB, {}, { runAt, dedupeKey: slotKey(runAt) });
}

export function registerReconciliation(ctx: AppContext): void {
  ctx.jobs.register(RECONCILE_JOB, async () => {
    // Next run first: a failing run must not end the chain.
    await scheduleReconciliation(ctx, RECONCILE_EVERY_MS);
    await reconcilePendingPayments(ctx);
  });
}

// ---------------------------------------------------------------------------------------
// Receipts

export interface Receipt {
  receiptNo: string;
  paymentId: string;
  decisionNo: string;
  amountFen: number;
  paidAt: string;
  payer: { name: string; docNumberMasked: string };
  authority: string;
}

async function receiptOf(ctx: AppContext, p: PaymentRow, lang: Language): Promise<Receipt> {
  if (p.status !== 'paid' || !p.receiptNo || !p.paidAt) throw new Problem('receipt_not_ready', { status: 409 });
  const account = await getAccount(ctx.db, p.accountId);
  return {
    receiptNo: p.receiptNo,
    paymentId: p.id,
    decisionNo: p.decisionNo,
    amountFen: p.amountFen,
    paidAt: p.paidAt.toISOString(),
    payer: { name: account?.name ?? '', docNumberMasked: account ? maskDocNumber(account.docNumber) : '' },
    authority: translator(lang)('payments:receipt.authority'),
  };
}

export async function getReceiptForPayment(ctx: AppContext, accountId: string, paymentId: string, lang: Language): Promise<Receipt> {
  const p = await findPayment(ctx.db, paymentId);
  if (!p || p.accountId !== accountId) throw new Problem('payment_not_found', { status: 404 });
  return receiptOf(ctx, p, lang);
}

export async function getReceiptByNo(ctx: AppContext, accountId: string, receiptNo: string, lang: Language): Promise<Receipt> {
  const [p] = /^R\d{14}$/.test(receiptNo) ? await ctx.db.select().from(payments).where(eq(payments.receiptNo, receiptNo)).limit(1) : [];
  if (!p || p.accountId !== accountId) throw new Problem('receipt_not_found', { status: 404 });
  return receiptOf(ctx, p, lang);
}
