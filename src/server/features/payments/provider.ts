import type { PaymentProviderName } from './tables.ts';

/** What a provider reports about money it received. */
export interface PaymentNotice {
  paymentId: string;
  tradeNo: string;
  amountFen: number;
  paidAt: Date;
}

export interface PaymentQueryResult {
  status: 'paid' | 'pending' | 'failed';
  /** Why a failed order ended, when the provider says. */
  reason?: 'failed' | 'cancelled' | 'expired';
  tradeNo?: string;
  amountFen?: number;
  paidAt?: Date;
}

/**
 * A payment provider as the payments feature sees it. `createPayment` must be idempotent per
 * `paymentId` (a retry after a crash asks again); `verifyCallback` answers null for anything
 * it cannot prove came from the provider.
 */
export interface PaymentProvider {
  readonly name: PaymentProviderName;
  createPayment(input: { paymentId: string; amountFen: number; subject: string; returnUrl: string; expiresAt: Date }): Promise<{ redirectUrl: string }>;
  verifyCallback(rawBody: Buffer, headers: Record<string, string | string[] | undefined>): PaymentNotice | null;
  queryPayment(paymentId: string): Promise<PaymentQueryResult>;
}

/** "200.00" → 20000 without floating point; null for anything that is not a money amount. */
export function yuanToFen(text: string): number | null {
  const m = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** 20000 → "200.00". */
export function fenToYuan(fen: number): string {
  return `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}
