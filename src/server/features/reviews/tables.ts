import { sql } from 'drizzle-orm';
import { check, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const REVIEW_KINDS = ['identity', 'elicence', 'objection'] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];
export const REVIEW_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/**
 * The manual review queue shared by features: identity documents, e-licence photos and
 * violation objections. A feature creates a review and registers a decision handler for
 * its kind; staff decide here. `subject_id` is the feature's own record (opaque to us).
 */
export const reviews = pgTable(
  'reviews',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: REVIEW_KINDS }).notNull(),
    subjectId: text('subject_id').notNull(),
    applicantAccountId: text('applicant_account_id').notNull(),
    status: text('status', { enum: REVIEW_STATUSES }).notNull().default('pending'),
    /** What the reviewer needs to see, chosen by the creating feature (already masked where it should be). */
    summary: jsonb('summary').$type<Record<string, unknown>>().notNull(),
    /** Storage keys of the photos, in upload order (e.g. document front, then back). */
    photoKeys: jsonb('photo_keys').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    /** staff_users.id of the deciding reviewer. */
    decidedBy: uuid('decided_by'),
    reason: text('reason'),
  },
  (t) => [
    check('reviews_kind_check', sql`${t.kind} in ('identity', 'elicence', 'objection')`),
    check('reviews_status_check', sql`${t.status} in ('pending', 'approved', 'rejected')`),
    // The queue is read by kind and status, oldest first.
    index('reviews_queue_idx').on(t.kind, t.status, t.createdAt),
    // At most one pending review per subject and kind; later photos (a document's back) join it.
    uniqueIndex('reviews_one_pending_per_subject').on(t.kind, t.subjectId).where(sql`${t.status} = 'pending'`),
    index('reviews_applicant_idx').on(t.applicantAccountId),
  ],
);
