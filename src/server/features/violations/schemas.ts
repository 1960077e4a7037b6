import { z } from 'zod';

export { problemSchema } from '../messages/schemas.ts';

const isoDate = (what: string) => z.string().describe(`${what} (YYYY-MM-DD, Asia/Shanghai)`);

export const violationStatusSchema = z.enum(['unhandled', 'handled', 'paid']);

export const violationSchema = z.object({
  id: z.string().describe('The record’s reference (registry ref)'),
  plate: z.string(),
  plateType: z.string().describe('Plate type code (REFERENCE.md §5)'),
  occurredAt: z.string().describe('ISO 8601 instant'),
  location: z.string(),
  code: z.string().describe('Violation code, e.g. 1625'),
  description: z.string(),
  fineFen: z.number().int().describe('Fine in fen'),
  points: z.number().int(),
  source: z.enum(['camera', 'onsite']),
  status: violationStatusSchema,
  decisionNo: z.string().optional().describe('Penalty decision number, once handled (only the handler’s own)'),
  decidedAt: z.string().optional(),
  dueOn: isoDate('Last day to pay without a late fee').optional(),
  paidAt: z.string().optional(),
  receiptNo: z.string().optional(),
  lateFeeFen: z.number().int().describe('Late fee (加处罚款) today, or on the day it was paid'),
  payableFen: z.number().int().describe('Fine plus late fee still to pay; 0 once paid'),
  rental: z.boolean().describe('A camera record of a rented vehicle inside this person’s rental period'),
  relation: z.enum(['owner', 'driver', 'renter', 'filer']),
  overdue: z.boolean().describe('Unhandled past 30 days, or a fine unpaid past its due date'),
  handledByOther: z.boolean(),
  handleable: z.boolean().describe('Can be handled online by this account now'),
  notHandleableReason: z.string().optional(),
  notHandleableText: z.string().optional().describe('Why not and where to go instead, in the request language'),
  objectionPending: z.boolean(),
});

export const violationListQuery = z.object({ status: violationStatusSchema.optional() });
export const refParams = z.object({ id: z.string().min(1).max(64) });
export const decisionParams = z.object({ decisionNo: z.string().min(1).max(32) });

export const handlingResultSchema = z.object({
  decisionNo: z.string().describe('16-digit penalty decision number'),
  fineFen: z.number().int(),
  points: z.number().int(),
  dueOn: isoDate('Last day to pay without a late fee'),
  decidedAt: z.string(),
});

export const fineSchema = z.object({
  decisionNo: z.string(),
  status: z.enum(['unpaid', 'paid']),
  fineFen: z.number().int(),
  lateFeeFen: z.number().int(),
  payableFen: z.number().int(),
  dueOn: isoDate('Last day to pay without a late fee'),
  daysLate: z.number().int().describe('Days past the due date today (or on the day it was paid); the late fee is 3% of the fine for each, at most the fine'),
  paidAt: z.string().optional(),
  receiptNo: z.string().optional(),
});

export const objectionCreatedSchema = z.object({
  id: z.string(),
  status: z.literal('pending_review'),
  reviewId: z.string(),
});
