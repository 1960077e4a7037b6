import { call } from '../../api.ts';

/** Review kinds the console shows tabs for; elicence and objection queues fill as those features ship. */
export const REVIEW_KINDS = ['identity', 'elicence', 'objection'] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];
export const isReviewKind = (v: string | undefined): v is ReviewKind => (REVIEW_KINDS as readonly string[]).includes(v ?? '');

export interface ReviewSummary {
  name?: string;
  docType?: string;
  docNumberMasked?: string;
  regionCode?: string;
  submittedAt?: string;
  [key: string]: unknown;
}

export interface ReviewListItem {
  id: string;
  kind: string;
  status: string;
  createdAt: string;
  waitingSince: string;
  /** Whole minutes waited, by the server's clock (the desk's clock may differ). */
  waitingMinutes?: number;
  summary: ReviewSummary;
  photoCount: number;
}

export interface ReviewDetail {
  id: string;
  kind: string;
  status: 'pending' | 'approved' | 'rejected' | string;
  summary: ReviewSummary;
  photos: Array<{ index: number; url: string }>;
  createdAt: string;
  decidedAt?: string | null;
  reason?: string | null;
}

export interface ReviewReason {
  key: string;
  text: string;
}

export const reviewKeys = {
  queue: (kind: string, page: number, lang: string) => ['reviews', 'queue', kind, page, lang] as const,
  detail: (id: string, lang: string) => ['reviews', 'detail', id, lang] as const,
  reasons: (kind: string, lang: string) => ['reviews', 'reasons', kind, lang] as const,
  stats: () => ['reviews', 'stats'] as const,
};

export const QUEUE_PAGE_SIZE = 50;

/** One page of the pending queue; the server serves it oldest first. */
export const fetchQueue = (kind: string, page = 1, pageSize = QUEUE_PAGE_SIZE) =>
  call<{ items: ReviewListItem[]; total: number }>(
    'GET',
    `/api/v1/staff/reviews?kind=${encodeURIComponent(kind)}&status=pending&limit=${pageSize}&offset=${(page - 1) * pageSize}`,
  );

export const fetchReview = (id: string) => call<ReviewDetail>('GET', `/api/v1/staff/reviews/${encodeURIComponent(id)}`);

type ReasonsAnswer = Array<{ key?: string; code?: string; text: string }> | { items: Array<{ key?: string; code?: string; text: string }> };

/** Standard rejection reasons, in the console's language; accepts a bare list or `{ items }`. */
export async function fetchReasons(kind: string): Promise<ReviewReason[]> {
  const answer = await call<ReasonsAnswer>('GET', `/api/v1/staff/reviews/reasons?kind=${encodeURIComponent(kind)}`);
  const list = Array.isArray(answer) ? answer : answer.items;
  return list.map((r) => ({ key: r.key ?? r.code ?? r.text, text: r.text }));
}

/** The applicant's whole document number; the server audits every call. */
export const revealNumber = (id: string) => call<{ label: string; value: string }>('GET', `/api/v1/staff/reviews/${encodeURIComponent(id)}/number`);

export const decide = (id: string, decision: 'approve' | 'reject', reason?: string) =>
  call<unknown>('POST', `/api/v1/staff/reviews/${encodeURIComponent(id)}/decision`, { body: reason === undefined ? { decision } : { decision, reason } });

export interface ReviewStats {
  kinds: Record<ReviewKind, { pending: number; approved: number; rejected: number; decidedToday: number; oldestPendingSince: string | null }>;
  generatedAt: string;
}

export const fetchStats = () => call<ReviewStats>('GET', '/api/v1/staff/reviews/stats');
