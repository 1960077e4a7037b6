import { and, asc, count, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.ts';
import type { DbOrTx, Tx } from '../../db/client.ts';
import { Problem } from '../../platform/problems.ts';
import { translator } from '../../platform/i18n.ts';
import type { Language } from '../../../i18n/languages.ts';
import { REVIEW_KINDS, reviews, type ReviewKind, type ReviewStatus } from './tables.ts';

export { REVIEW_KINDS, type ReviewKind, type ReviewStatus } from './tables.ts';

export type ReviewRow = typeof reviews.$inferSelect;
export type ReviewDecision = 'approve' | 'reject';

/** What a feature's decision handler is told about the review being decided. */
export interface ReviewForHandler {
  id: string;
  kind: ReviewKind;
  subjectId: string;
  applicantAccountId: string;
  summary: Record<string, unknown>;
}

/**
 * Applies a decision to the feature's own records and tells the applicant (SMS with
 * purpose `review_result` and an in-app message). Runs inside the decision's transaction:
 * if it throws, the decision is not taken.
 */
export type ReviewDecisionHandler = (
  ctx: AppContext,
  tx: Tx,
  review: ReviewForHandler,
  decision: { decision: ReviewDecision; reason?: string; staffId: string },
) => Promise<void>;

/** kind → handler; features register theirs when their module loads or their plugin registers. */
const decisionHandlers = new Map<ReviewKind, ReviewDecisionHandler>();

export function registerReviewDecisionHandler(kind: ReviewKind, handler: ReviewDecisionHandler): void {
  decisionHandlers.set(kind, handler);
}

/**
 * The whole personal number behind a review, for a reviewer who must compare it with the
 * document photo. The owning feature answers (reviews stores only masked numbers); null
 * when the subject no longer has one.
 */
export type ReviewNumberRevealer = (ctx: AppContext, review: ReviewForHandler) => Promise<{ label: string; value: string } | null>;

const numberRevealers = new Map<ReviewKind, ReviewNumberRevealer>();

export function registerReviewNumberRevealer(kind: ReviewKind, revealer: ReviewNumberRevealer): void {
  numberRevealers.set(kind, revealer);
}

/** Review ids are UUIDs; anything else cannot exist (and must not reach a uuid cast as a 500). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Puts something in front of a reviewer. If a review of the same kind and subject is still
 * pending, the new photo keys are appended to it (a document's back arrives after its
 * front) and its id returned; concurrent calls meet on the partial unique index.
 * `createdAt` defaults to the database's clock; callers holding `ctx` pass `ctx.clock.now()`.
 */
export async function createReview(
  db: DbOrTx,
  input: { kind: ReviewKind; subjectId: string; applicantAccountId: string; summary: Record<string, unknown>; photoKeys: string[]; createdAt?: Date },
): Promise<{ id: string }> {
  const photoKeys = [...new Set(input.photoKeys)];
  const [row] = await db
    .insert(reviews)
    .values({
      kind: input.kind,
      subjectId: input.subjectId,
      applicantAccountId: input.applicantAccountId,
      summary: input.summary,
      photoKeys,
      createdAt: input.createdAt ?? sql`now()`,
    })
    .onConflictDoUpdate({
      target: [reviews.kind, reviews.subjectId],
      targetWhere: sql`${reviews.status} = 'pending'`,
      set: {
        // Keep upload order, skip keys already attached (a retried upload must not show a photo twice).
        photoKeys: sql`${reviews.photoKeys} || coalesce((select jsonb_agg(k.value order by k.ordinality) from jsonb_array_elements(excluded.photo_keys) with ordinality as k(value, ordinality) where not ${reviews.photoKeys} @> jsonb_build_array(k.value)), '[]'::jsonb)`,
        // Later facts about the same subject win, earlier ones stay.
        summary: sql`${reviews.summary} || excluded.summary`,
      },
    })
    .returning({ id: reviews.id });
  return { id: row!.id };
}

function minutesBetween(from: Date, to: Date): number {
  return Math.max(0, Math.floor((to.getTime() - from.getTime()) / 60_000));
}

function toItem(row: ReviewRow, now: Date) {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    waitingSince: row.createdAt.toISOString(),
    waitingMinutes: minutesBetween(row.createdAt, row.decidedAt ?? now),
    summary: row.summary,
    photoCount: row.photoKeys.length,
  };
}

export function photoUrl(reviewId: string, index: number): string {
  return `/api/v1/staff/reviews/${reviewId}/photos/${index}`;
}

function toDetail(row: ReviewRow, now: Date) {
  return {
    ...toItem(row, now),
    subjectId: row.subjectId,
    applicantAccountId: row.applicantAccountId,
    photos: row.photoKeys.map((_, index) => ({ index, url: photoUrl(row.id, index) })),
    decidedAt: row.decidedAt?.toISOString() ?? null,
    decidedBy: row.decidedBy ?? null,
    reason: row.reason ?? null,
  };
}
export type ReviewDetail = ReturnType<typeof toDetail>;

/** The queue, oldest first: applicants are served first come, first served. */
export async function listReviews(ctx: AppContext, query: { kind?: ReviewKind; status: ReviewStatus; limit: number; offset: number }) {
  const where = and(eq(reviews.status, query.status), query.kind ? eq(reviews.kind, query.kind) : undefined);
  const [rows, [totalRow]] = await Promise.all([
    ctx.db.select().from(reviews).where(where).orderBy(asc(reviews.createdAt), asc(reviews.id)).limit(query.limit).offset(query.offset),
    ctx.db.select({ n: count() }).from(reviews).where(where),
  ]);
  const now = ctx.clock.now();
  return { items: rows.map((r) => toItem(r, now)), total: Number(totalRow?.n ?? 0) };
}

async function loadReview(db: DbOrTx, id: string): Promise<ReviewRow> {
  if (!UUID.test(id)) throw new Problem('not_found', { status: 404 });
  const [row] = await db.select().from(reviews).where(eq(reviews.id, id)).limit(1);
  if (!row) throw new Problem('not_found', { status: 404 });
  return row;
}

/**
 * A reviewer may quote a phone or document number in a free-text reason; the audit log must
 * not hold it whole, so long runs of digits keep only their first 3 and last 4 characters.
 */
export function maskDigitRuns(text: string): string {
  return text.replace(/[0-9][0-9Xx]{9,}/g, (run) => `${run.slice(0, 3)}${'*'.repeat(run.length - 7)}${run.slice(-4)}`);
}

type StaffActor = { id: string; username: string };
const actorOf = (staff: StaffActor) => ({ type: 'staff' as const, id: staff.id, name: staff.username });

/** A review with its photo links. Opening one is staff access to personal data, so it is audited. */
export async function viewReview(ctx: AppContext, id: string, staff: StaffActor): Promise<ReviewDetail> {
  const row = await loadReview(ctx.db, id);
  await ctx.audit.record(ctx.db, {
    actor: actorOf(staff),
    action: 'review.viewed',
    subject: { type: 'review', id: row.id },
    detail: { kind: row.kind, status: row.status },
  });
  return toDetail(row, ctx.clock.now());
}

/**
 * The whole document number of a review's applicant. Shown only on a reviewer's explicit
 * request and audited each time, so masked numbers stay the default everywhere else.
 */
export async function revealReviewNumber(ctx: AppContext, id: string, staff: StaffActor): Promise<{ label: string; value: string }> {
  const row = await loadReview(ctx.db, id);
  const revealer = numberRevealers.get(row.kind);
  const revealed = revealer
    ? await revealer(ctx, { id: row.id, kind: row.kind, subjectId: row.subjectId, applicantAccountId: row.applicantAccountId, summary: row.summary as Record<string, unknown> })
    : null;
  if (!revealed) throw new Problem('not_found', { status: 404 });
  await ctx.audit.record(ctx.db, {
    actor: actorOf(staff),
    action: 'review.number_revealed',
    subject: { type: 'review', id: row.id },
    detail: { kind: row.kind, field: revealed.label },
  });
  return revealed;
}

/** One photo of a review, read from storage; audited like the review itself. */
export async function readReviewPhoto(ctx: AppContext, id: string, index: number, staff: StaffActor): Promise<{ data: Buffer; contentType: string }> {
  const row = await loadReview(ctx.db, id);
  const key = row.photoKeys[index];
  if (key === undefined) throw new Problem('not_found', { status: 404 });
  const file = await ctx.storage.get(key);
  if (!file) {
    // The row names a file that storage lost: an operator must know, the reviewer sees 404.
    ctx.log.error({ reviewId: row.id, index }, 'review photo missing from storage');
    throw new Problem('not_found', { status: 404 });
  }
  await ctx.audit.record(ctx.db, {
    actor: actorOf(staff),
    action: 'review.photo_viewed',
    subject: { type: 'review', id: row.id },
    detail: { kind: row.kind, index },
  });
  return file;
}

/**
 * Decides a pending review in one transaction: lock the row, refuse a second decision,
 * record the outcome, let the owning feature act on it and tell the applicant, audit it.
 * Of two reviewers deciding at once, the one who takes the lock first wins; the other gets
 * `review_already_decided`.
 */
export async function decideReview(
  ctx: AppContext,
  input: { id: string; decision: ReviewDecision; reason?: string | null; staff: StaffActor },
): Promise<ReviewDetail> {
  const reason = input.reason?.trim() || undefined;
  if (input.decision === 'reject' && !reason) throw new Problem('reason_required', { field: 'reason' });
  if (!UUID.test(input.id)) throw new Problem('not_found', { status: 404 });

  const decided = await ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(reviews).where(eq(reviews.id, input.id)).for('update');
    if (!row) throw new Problem('not_found', { status: 404 });
    if (row.status !== 'pending') {
      throw new Problem('review_already_decided', { status: 409, extra: { reviewStatus: row.status, decidedAt: row.decidedAt?.toISOString() ?? null } });
    }
    const handler = decisionHandlers.get(row.kind);
    if (!handler) {
      // Deciding without the owning feature would leave its records and the applicant untold.
      throw new Problem('review_kind_unavailable', { status: 503, problemClass: 'bug', params: { kind: row.kind } });
    }
    const now = ctx.clock.now();
    const status: ReviewStatus = input.decision === 'approve' ? 'approved' : 'rejected';
    const [updated] = await tx
      .update(reviews)
      .set({ status, decidedAt: now, decidedBy: input.staff.id, reason: reason ?? null })
      .where(eq(reviews.id, row.id))
      .returning();
    await handler(
      ctx,
      tx as Tx,
      { id: row.id, kind: row.kind, subjectId: row.subjectId, applicantAccountId: row.applicantAccountId, summary: row.summary },
      { decision: input.decision, ...(reason ? { reason } : {}), staffId: input.staff.id },
    );
    await ctx.audit.record(tx, {
      actor: actorOf(input.staff),
      action: status === 'approved' ? 'review.approved' : 'review.rejected',
      subject: { type: 'review', id: row.id },
      detail: { kind: row.kind, subjectId: row.subjectId, staffId: input.staff.id, ...(reason ? { reason: maskDigitRuns(reason) } : {}) },
    });
    return updated!;
  });
  return toDetail(decided, ctx.clock.now());
}

/** Standard rejection reasons per kind, offered to reviewers with one click (texts in reviews.json). */
export const REJECTION_REASONS: Record<ReviewKind, readonly string[]> = {
  identity: ['photo_unclear', 'document_mismatch', 'name_mismatch', 'document_expired', 'other'],
  elicence: ['photo_unclear', 'photo_not_compliant', 'not_the_holder', 'other'],
  objection: ['evidence_confirms_violation', 'insufficient_evidence', 'other'],
};

export function rejectionReasons(kind: ReviewKind, lang: Language) {
  const t = translator(lang);
  return REJECTION_REASONS[kind].map((key) => ({ key, text: t(`reviews:reasons.${kind}.${key}`) }));
}

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Midnight of the current Asia/Shanghai business day (UTC+8 all year, no daylight saving). */
export function startOfShanghaiDay(now: Date): Date {
  return new Date(Math.floor((now.getTime() + SHANGHAI_OFFSET_MS) / DAY_MS) * DAY_MS - SHANGHAI_OFFSET_MS);
}

/** Counts per kind and status for the console's dashboard. */
export async function reviewStats(ctx: AppContext) {
  const now = ctx.clock.now();
  const dayStart = startOfShanghaiDay(now);
  const rows = await ctx.db
    .select({
      kind: reviews.kind,
      status: reviews.status,
      n: count(),
      decidedToday: sql<number>`count(*) filter (where ${reviews.decidedAt} >= ${dayStart.toISOString()}::timestamptz)`.mapWith(Number),
      oldest: sql<string | null>`min(${reviews.createdAt})`,
    })
    .from(reviews)
    .groupBy(reviews.kind, reviews.status);
  const kinds = Object.fromEntries(
    REVIEW_KINDS.map((k) => [k, { pending: 0, approved: 0, rejected: 0, decidedToday: 0, oldestPendingSince: null as string | null }]),
  ) as Record<ReviewKind, { pending: number; approved: number; rejected: number; decidedToday: number; oldestPendingSince: string | null }>;
  for (const r of rows) {
    const k = kinds[r.kind];
    if (!k) continue;
    k[r.status] = Number(r.n);
    if (r.status !== 'pending') k.decidedToday += Number(r.decidedToday);
    else if (r.oldest) k.oldestPendingSince = new Date(r.oldest).toISOString();
  }
  return { kinds, generatedAt: now.toISOString() };
}
