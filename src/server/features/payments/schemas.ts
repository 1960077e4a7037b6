import { z } from 'zod';
import { PAYMENT_PROVIDERS, PAYMENT_STATUSES } from './tables.ts';

export { problemSchema } from '../messages/schemas.ts';

export const decisionParams = z.object({ decisionNo: z.string().min(1).max(32).describe('Penalty decision number (16 digits; old ones 15)') });
export const paymentParams = z.object({ paymentId: z.string().min(1).max(64) });
export const receiptParams = z.object({ receiptNo: z.string().min(1).max(32) });

export const createPaymentBody = z.object({ provider: z.enum(PAYMENT_PROVIDERS).describe('Which provider to pay with; only the configured one is available') });
export const idempotencyHeaders = z.looseObject({
  'idempotency-key': z.string().min(1).max(200).optional().describe('A retry with the same key returns the first answer and changes nothing'),
});

export const createdPaymentSchema = z.object({
  paymentId: z.string().uuid(),
  amountFen: z.number().int().describe('Fine plus late fee today, in fen'),
  redirectUrl: z.string().describe('Send the citizen here to pay (the provider’s cashier)'),
});

export const paymentSchema = z.object({
  paymentId: z.string().uuid(),
  status: z.enum(PAYMENT_STATUSES),
  amountFen: z.number().int(),
  decisionNo: z.string().describe('The fine this payment is for'),
  closedReason: z.string().optional().describe('Why a failed payment ended: `failed`, `cancelled` (at the cashier), `expired`'),
});

export const receiptSchema = z.object({
  receiptNo: z.string().describe('Electronic receipt number: R + date + sequence'),
  paymentId: z.string().uuid(),
  decisionNo: z.string(),
  amountFen: z.number().int(),
  paidAt: z.string().describe('ISO 8601 instant'),
  payer: z.object({ name: z.string(), docNumberMasked: z.string() }),
  authority: z.string().describe('The authority the money was paid to'),
  printUrl: z.string().describe('Printable HTML version (GET, same authentication)'),
});

export const callbackAnswerSchema = z.object({ received: z.literal(true), outcome: z.enum(['paid', 'already_paid', 'closed']) });
