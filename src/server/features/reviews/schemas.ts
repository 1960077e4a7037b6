import { z } from 'zod';
import { REVIEW_KINDS, REVIEW_STATUSES } from './tables.ts';

export const reviewKind = z.enum(REVIEW_KINDS);
export const reviewStatus = z.enum(REVIEW_STATUSES);

export const listQuery = z.object({
  kind: reviewKind.optional(),
  status: reviewStatus.default('pending'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const reviewItem = z.object({
  id: z.string(),
  kind: reviewKind,
  status: reviewStatus,
  createdAt: z.string(),
  /** When the applicant started waiting (the review's creation): the queue is served first come, first served. */
  waitingSince: z.string(),
  /** Whole minutes waited so far (until the decision, once decided). */
  waitingMinutes: z.number().int(),
  summary: z.record(z.string(), z.unknown()),
  photoCount: z.number().int(),
});

export const listAnswer = z.object({ items: z.array(reviewItem), total: z.number().int() });

export const reviewDetail = reviewItem.extend({
  subjectId: z.string(),
  applicantAccountId: z.string(),
  photos: z.array(z.object({ index: z.number().int(), url: z.string() })),
  decidedAt: z.string().nullable(),
  decidedBy: z.string().nullable(),
  reason: z.string().nullable(),
});

export const idParams = z.object({ id: z.string().max(100) });
export const photoParams = z.object({ id: z.string().max(100), index: z.coerce.number().int().min(0).max(99) });

export const decisionBody = z.object({
  decision: z.enum(['approve', 'reject']),
  reason: z.string().max(500).nullish(),
});

export const reasonsQuery = z.object({ kind: reviewKind.default('identity') });
/** A plain list, as the console offers it: `key` is stable, `text` is in the request's language. */
export const reasonsAnswer = z.array(z.object({ key: z.string(), text: z.string() }));

const kindStats = z.object({
  pending: z.number().int(),
  approved: z.number().int(),
  rejected: z.number().int(),
  /** Decisions taken since midnight Asia/Shanghai. */
  decidedToday: z.number().int(),
  oldestPendingSince: z.string().nullable(),
});
export const statsAnswer = z.object({
  kinds: z.object({ identity: kindStats, elicence: kindStats, objection: kindStats }),
  generatedAt: z.string(),
});
