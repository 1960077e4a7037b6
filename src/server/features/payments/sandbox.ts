/**
 * The sandbox payment provider: a stand-in for a real provider that runs inside the app, so
 * a newcomer can pay a fine end to end. It keeps its own books (sandbox_trades), shows its
 * own cashier page, and tells the app about money exactly like a real provider would: a
 * signed callback to `POST /api/v1/payments/callbacks/sandbox` (API.md), delivered by a
 * job so a crash between "paid" and "told" loses nothing.
 */
import { createHmac } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../context.ts';
import { safeEqual } from '../../platform/crypto.ts';
import type { PaymentNotice, PaymentProvider, PaymentQueryResult } from './provider.ts';
import { sandboxTrades } from './tables.ts';

export const SANDBOX_CALLBACK_JOB = 'payments.sandbox.callback';
export const SANDBOX_CALLBACK_PATH = '/api/v1/payments/callbacks/sandbox';
export const SANDBOX_SIGNATURE_HEADER = 'x-sandbox-signature';

/** Hex HMAC-SHA256 of the raw callback body (API.md). */
export function signSandboxBody(secret: string, rawBody: Buffer | string): string {
  return createHmac('sha256', secret).update(rawBody).digest('hex');
}

/** Parses and checks a sandbox callback; null unless the signature and every field are right. */
export function verifySandboxCallback(secret: string, rawBody: Buffer, headers: Record<string, string | string[] | undefined>): PaymentNotice | null {
  const header = headers[SANDBOX_SIGNATURE_HEADER];
  const sent = Array.isArray(header) ? header[0] : header;
  if (!sent || !/^[0-9a-f]{64}$/i.test(sent)) return null;
  if (!safeEqual(sent.toLowerCase(), signSandboxBody(secret, rawBody))) return null;
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString('utf8'));
  } catch {
    return null;
  }
  const b = body as Record<string, unknown>;
  if (!b || typeof b !== 'object') return null;
  const { paymentId, tradeNo, amountFen, paidAt } = b;
  if (typeof paymentId !== 'string' || !/^[0-9a-f-]{36}$/i.test(paymentId)) return null;
  if (typeof tradeNo !== 'string' || tradeNo.length === 0 || tradeNo.length > 64) return null;
  if (typeof amountFen !== 'number' || !Number.isSafeInteger(amountFen) || amountFen <= 0) return null;
  if (typeof paidAt !== 'string' || Number.isNaN(Date.parse(paidAt))) return null;
  return { paymentId: paymentId.toLowerCase(), tradeNo, amountFen, paidAt: new Date(paidAt) };
}

export type SandboxTrade = typeof sandboxTrades.$inferSelect;

export function createSandboxProvider(ctx: AppContext): PaymentProvider {
  const secret = ctx.config.secrets.sandboxPayment;
  return {
    name: 'sandbox',
    async createPayment({ paymentId, amountFen, subject, returnUrl, expiresAt }) {
      await ctx.db
        .insert(sandboxTrades)
        .values({ paymentId, amountFen, subject, returnUrl, status: 'open', createdAt: ctx.clock.now(), expiresAt })
        .onConflictDoNothing();
      return { redirectUrl: `/sandbox-pay/${paymentId}` };
    },
    verifyCallback: (rawBody, headers) => verifySandboxCallback(secret, rawBody, headers),
    async queryPayment(paymentId): Promise<PaymentQueryResult> {
      const trade = await findSandboxTrade(ctx, paymentId);
      if (!trade) return { status: 'pending' };
      if (trade.status === 'paid' && trade.tradeNo && trade.paidAt) return { status: 'paid', tradeNo: trade.tradeNo, amountFen: trade.amountFen, paidAt: trade.paidAt };
      if (trade.status === 'failed' || trade.status === 'cancelled') return { status: 'failed', reason: trade.status };
      // An order nobody paid before it expired can never be paid any more.
      return trade.expiresAt <= ctx.clock.now() ? { status: 'failed', reason: 'expired' } : { status: 'pending' };
    },
  };
}

export async function findSandboxTrade(ctx: AppContext, paymentId: string): Promise<SandboxTrade | null> {
  const [trade] = await ctx.db.select().from(sandboxTrades).where(eq(sandboxTrades.paymentId, paymentId)).limit(1);
  return trade ?? null;
}

export type CashierAction = 'pay' | 'fail' | 'cancel';

/**
 * What the citizen did on the cashier page. Only an open, unexpired order moves; the move
 * and the callback job are one transaction, so a paid trade always gets its callback.
 * Returns the trade afterwards, or null when there is no such order.
 */
export async function actOnSandboxTrade(ctx: AppContext, paymentId: string, action: CashierAction): Promise<{ trade: SandboxTrade; changed: boolean } | null> {
  return ctx.db.transaction(async (tx) => {
    const [trade] = await tx.select().from(sandboxTrades).where(eq(sandboxTrades.paymentId, paymentId)).for('update');
    if (!trade) return null;
    const now = ctx.clock.now();
    if (trade.status !== 'open' || trade.expiresAt <= now) return { trade, changed: false };
    if (action !== 'pay') {
      const status = action === 'fail' ? 'failed' : 'cancelled';
      const [updated] = await tx.update(sandboxTrades).set({ status }).where(and(eq(sandboxTrades.paymentId, paymentId), eq(sandboxTrades.status, 'open'))).returning();
      return { trade: updated ?? trade, changed: true };
    }
    const tradeNo = `SBX${now.toISOString().slice(0, 10).replace(/-/g, '')}${ctx.crypto.randomToken(9).replace(/[^A-Za-z0-9]/g, '0').toUpperCase()}`;
    const [updated] = await tx.update(sandboxTrades).set({ status: 'paid', tradeNo, paidAt: now }).where(eq(sandboxTrades.paymentId, paymentId)).returning();
    const body = JSON.stringify({ paymentId, tradeNo, amountFen: trade.amountFen, paidAt: now.toISOString() });
    await ctx.jobs.enqueue(tx, SANDBOX_CALLBACK_JOB, { body }, { dedupeKey: `sandbox-callback:${paymentId}` });
    return { trade: updated ?? trade, changed: true };
  });
}
