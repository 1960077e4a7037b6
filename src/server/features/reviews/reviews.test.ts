import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import sharp from 'sharp';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { auditLog } from '../../platform/tables.ts';
import { createStaffUser } from '../staff/service.ts';
import { createReview, maskDigitRuns, registerReviewDecisionHandler, startOfShanghaiDay, type ReviewForHandler } from './service.ts';
import { reviews } from './tables.ts';

let t: TestApp;
let jpeg: Buffer;
const STRONG = 'Harbour-lantern-47-quietly';

/** What the test handler for `objection` saw; a subject named `explode` makes it fail. */
const handled: Array<{ review: ReviewForHandler; decision: { decision: string; reason?: string; staffId: string } }> = [];

beforeAll(async () => {
  t = await createTestApp();
  jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 30, b: 30 } } }).jpeg().toBuffer();
  // Registered after the app is built, so it replaces whatever the objections feature registered.
  registerReviewDecisionHandler('objection', async (ctx, tx, review, decision) => {
    if (review.subjectId === 'explode') throw new Error('handler failed');
    // Written in the decision's transaction: proves the handler runs inside it.
    await ctx.audit.record(tx, { actor: { type: 'system' }, action: 'test.objection_handled', subject: { type: 'review', id: review.id } });
    handled.push({ review, decision });
  });
});
afterAll(async () => {
  await t?.close();
});
beforeEach(() => {
  handled.length = 0;
});

async function staffToken(role: 'reviewer' | 'officer' | 'admin' = 'reviewer') {
  const username = `${role}-${randomUUID().slice(0, 8)}`;
  const { id } = await createStaffUser(t.app.ctx, { username, role, password: STRONG, mustChangePassword: false });
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/staff/sessions', payload: { username, password: STRONG }, remoteAddress: `10.8.${Math.floor(Math.random() * 250)}.1` });
  expect(res.statusCode).toBe(200);
  return { id, username, headers: { authorization: `Bearer ${res.json().token as string}` } };
}

async function storedPhoto(): Promise<string> {
  const key = `reviews-test/${randomUUID()}.jpg`;
  await t.app.ctx.storage.put(key, jpeg, 'image/jpeg');
  return key;
}

async function newReview(kind: 'identity' | 'elicence' | 'objection', extra: { subjectId?: string; photos?: number; minutesAgo?: number } = {}) {
  const photoKeys: string[] = [];
  for (let i = 0; i < (extra.photos ?? 1); i++) photoKeys.push(await storedPhoto());
  const { id } = await createReview(t.app.ctx.db, {
    kind,
    subjectId: extra.subjectId ?? randomUUID(),
    applicantAccountId: randomUUID(),
    summary: { name: '陈大文', docType: 'hk_id', docNumberMasked: 'A123**(3)' },
    photoKeys,
    createdAt: new Date(t.clock.now().getTime() - (extra.minutesAgo ?? 0) * 60_000),
  });
  return id;
}

async function audits(action: string, reviewId: string) {
  return t.app.ctx.db.select().from(auditLog).where(and(eq(auditLog.action, action), eq(auditLog.subjectId, reviewId)));
}

describe('createReview', () => {
  it('adds later photos of the same subject to its pending review, without repeating a key', async () => {
    const subjectId = randomUUID();
    const [front, back] = [await storedPhoto(), await storedPhoto()];
    const base = { kind: 'identity' as const, subjectId, applicantAccountId: randomUUID() };
    const a = await createReview(t.app.ctx.db, { ...base, summary: { name: '李四' }, photoKeys: [front] });
    const b = await createReview(t.app.ctx.db, { ...base, summary: { regionCode: '440300' }, photoKeys: [back, front] });
    expect(b.id).toBe(a.id);
    const [row] = await t.app.ctx.db.select().from(reviews).where(eq(reviews.id, a.id));
    expect(row!.photoKeys).toEqual([front, back]);
    expect(row!.summary).toEqual({ name: '李四', regionCode: '440300' });
    // Another kind for the same subject is a separate review.
    const other = await createReview(t.app.ctx.db, { ...base, kind: 'objection', summary: {}, photoKeys: [] });
    expect(other.id).not.toBe(a.id);
  });

  it('joins concurrent submissions for one subject into one review', async () => {
    const subjectId = randomUUID();
    const keys = await Promise.all([storedPhoto(), storedPhoto(), storedPhoto()]);
    const ids = await Promise.all(
      keys.map((key) => createReview(t.app.ctx.db, { kind: 'identity', subjectId, applicantAccountId: randomUUID(), summary: {}, photoKeys: [key] })),
    );
    expect(new Set(ids.map((r) => r.id)).size).toBe(1);
    const [row] = await t.app.ctx.db.select().from(reviews).where(eq(reviews.id, ids[0]!.id));
    expect([...row!.photoKeys].sort()).toEqual([...keys].sort());
  });

  it('starts a new review once the earlier one is decided', async () => {
    const subjectId = randomUUID();
    const first = await newReview('objection', { subjectId });
    const s = await staffToken();
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/staff/reviews/${first}/decision`, headers: s.headers, payload: { decision: 'reject', reason: '材料不足' } });
    expect(res.statusCode).toBe(200);
    const second = await newReview('objection', { subjectId });
    expect(second).not.toBe(first);
  });
});

describe('the review queue', () => {
  it('lists pending reviews of a kind oldest first, with waiting time and photo count', async () => {
    const s = await staffToken('officer');
    const newest = await newReview('elicence', { minutesAgo: 5 });
    const oldest = await newReview('elicence', { minutesAgo: 90, photos: 2 });
    const middle = await newReview('elicence', { minutesAgo: 30 });
    await newReview('identity', { minutesAgo: 500 });

    const res = await t.app.inject({ method: 'GET', url: '/api/v1/staff/reviews?kind=elicence&status=pending', headers: s.headers });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('private, no-store');
    const body = res.json();
    expect(body.total).toBe(3);
    expect(body.items.map((i: { id: string }) => i.id)).toEqual([oldest, middle, newest]);
    expect(body.items[0]).toMatchObject({
      kind: 'elicence',
      status: 'pending',
      photoCount: 2,
      waitingMinutes: 90,
      summary: { name: '陈大文', docNumberMasked: 'A123**(3)' },
    });
    expect(body.items[0].waitingSince).toBe(new Date(t.clock.now().getTime() - 90 * 60_000).toISOString());
    expect(body.items[0].createdAt).toBe(body.items[0].waitingSince);

    const paged = await t.app.inject({ method: 'GET', url: '/api/v1/staff/reviews?kind=elicence&limit=1&offset=1', headers: s.headers });
    expect(paged.json()).toMatchObject({ total: 3, items: [{ id: middle }] });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/staff/reviews?kind=nonsense', headers: s.headers })).statusCode).toBe(400);
  });

  it('shows one review with photo links and audits the view', async () => {
    const s = await staffToken();
    const id = await newReview('identity', { photos: 2 });
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/staff/reviews/${id}`, headers: s.headers });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      id,
      kind: 'identity',
      status: 'pending',
      photoCount: 2,
      photos: [
        { index: 0, url: `/api/v1/staff/reviews/${id}/photos/0` },
        { index: 1, url: `/api/v1/staff/reviews/${id}/photos/1` },
      ],
      decidedAt: null,
      reason: null,
    });
    const [entry] = await audits('review.viewed', id);
    expect(entry).toMatchObject({ actorType: 'staff', actorId: s.id, actorName: s.username, subjectType: 'review' });

    expect((await t.app.inject({ method: 'GET', url: `/api/v1/staff/reviews/${randomUUID()}`, headers: s.headers })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/staff/reviews/not-a-uuid', headers: s.headers })).statusCode).toBe(404);
  });

  it('serves a photo as an uncached JPEG and audits it', async () => {
    const s = await staffToken();
    const id = await newReview('identity', { photos: 1 });
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/staff/reviews/${id}/photos/0`, headers: s.headers });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/jpeg');
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(Buffer.compare(res.rawPayload, jpeg)).toBe(0);
    const [entry] = await audits('review.photo_viewed', id);
    expect(entry).toMatchObject({ actorId: s.id, detail: { kind: 'identity', index: 0 } });

    expect((await t.app.inject({ method: 'GET', url: `/api/v1/staff/reviews/${id}/photos/1`, headers: s.headers })).statusCode).toBe(404);
    expect(await audits('review.photo_viewed', id)).toHaveLength(1);
  });

  it('offers standard rejection reasons in the three languages', async () => {
    const s = await staffToken();
    const get = (lang: string) => t.app.inject({ method: 'GET', url: '/api/v1/staff/reviews/reasons?kind=identity', headers: { ...s.headers, 'accept-language': lang } });
    const [zh, hk, en] = [(await get('zh-CN')).json(), (await get('zh-HK')).json(), (await get('en')).json()];
    expect(zh.map((r: { key: string }) => r.key)).toEqual(['photo_unclear', 'document_mismatch', 'name_mismatch', 'document_expired', 'other']);
    expect(hk.map((r: { key: string }) => r.key)).toEqual(zh.map((r: { key: string }) => r.key));
    for (let i = 0; i < zh.length; i++) {
      expect(new Set([zh[i].text, hk[i].text, en[i].text]).size).toBe(3);
      expect(zh[i].text).not.toContain('reasons.');
    }
    expect(en[0].text).toMatch(/unclear/i);
  });

  it('keeps citizens out', async () => {
    const citizen = await t.app.ctx.sessions.create({ subjectType: 'citizen', subjectId: randomUUID() });
    const id = await newReview('identity');
    const headers = { authorization: `Bearer ${citizen.token}` };
    for (const [method, url] of [
      ['GET', '/api/v1/staff/reviews?kind=identity'],
      ['GET', `/api/v1/staff/reviews/${id}`],
      ['GET', `/api/v1/staff/reviews/${id}/photos/0`],
      ['POST', `/api/v1/staff/reviews/${id}/decision`],
    ] as const) {
      const res = await t.app.inject({ method, url, headers, ...(method === 'POST' ? { payload: { decision: 'approve' } } : {}) });
      expect(res.statusCode, url).toBe(403);
    }
    expect(await audits('review.viewed', id)).toHaveLength(0);
  });
});

describe('deciding a review', () => {
  it('needs a reason to reject', async () => {
    const s = await staffToken();
    const id = await newReview('objection');
    for (const payload of [{ decision: 'reject' }, { decision: 'reject', reason: '   ' }]) {
      const res = await t.app.inject({ method: 'POST', url: `/api/v1/staff/reviews/${id}/decision`, headers: s.headers, payload });
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ code: 'reason_required', field: 'reason' });
    }
    expect(handled).toHaveLength(0);
  });

  it('approves: sets the status, calls the kind handler in the transaction, audits, and refuses a second decision', async () => {
    const s = await staffToken('officer');
    const id = await newReview('objection', { subjectId: 'violation-42' });
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/staff/reviews/${id}/decision`, headers: s.headers, payload: { decision: 'approve' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id, status: 'approved', decidedAt: t.clock.now().toISOString(), decidedBy: s.id, reason: null });
    expect(handled).toHaveLength(1);
    expect(handled[0]!.review).toMatchObject({ id, kind: 'objection', subjectId: 'violation-42', summary: { name: '陈大文' } });
    expect(handled[0]!.decision).toEqual({ decision: 'approve', staffId: s.id });
    expect(await audits('test.objection_handled', id)).toHaveLength(1);
    const [entry] = await audits('review.approved', id);
    expect(entry).toMatchObject({ actorType: 'staff', actorId: s.id, detail: { kind: 'objection', staffId: s.id } });

    const again = await t.app.inject({ method: 'POST', url: `/api/v1/staff/reviews/${id}/decision`, headers: s.headers, payload: { decision: 'reject', reason: 'changed my mind' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('review_already_decided');
    expect(handled).toHaveLength(1);
  });

  it('rejects with the reason, masking long numbers in the audit copy', async () => {
    const s = await staffToken();
    const id = await newReview('objection');
    const reason = '请携带证件到窗口办理，咨询电话 13800138000';
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/staff/reviews/${id}/decision`, headers: s.headers, payload: { decision: 'reject', reason } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'rejected', reason });
    expect(handled[0]!.decision).toEqual({ decision: 'reject', reason, staffId: s.id });
    const [entry] = await audits('review.rejected', id);
    expect((entry!.detail as { reason: string }).reason).toBe('请携带证件到窗口办理，咨询电话 138****8000');
    expect(maskDigitRuns('no numbers here 12345')).toBe('no numbers here 12345');
  });

  it('lets exactly one of two reviewers deciding at once win', async () => {
    const [a, b] = [await staffToken(), await staffToken()];
    const id = await newReview('objection');
    const results = await Promise.all([
      t.app.inject({ method: 'POST', url: `/api/v1/staff/reviews/${id}/decision`, headers: a.headers, payload: { decision: 'approve' } }),
      t.app.inject({ method: 'POST', url: `/api/v1/staff/reviews/${id}/decision`, headers: b.headers, payload: { decision: 'reject', reason: '证据不足' } }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(handled).toHaveLength(1);
    const winner = results.find((r) => r.statusCode === 200)!.json();
    const [row] = await t.app.ctx.db.select().from(reviews).where(eq(reviews.id, id));
    expect(row!.status).toBe(winner.status);
    const decisions = [...(await audits('review.approved', id)), ...(await audits('review.rejected', id))];
    expect(decisions).toHaveLength(1);
  });

  it('takes nothing if the handler fails', async () => {
    const s = await staffToken();
    const id = await newReview('objection', { subjectId: 'explode' });
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/staff/reviews/${id}/decision`, headers: s.headers, payload: { decision: 'approve' } });
    expect(res.statusCode).toBe(500);
    const [row] = await t.app.ctx.db.select().from(reviews).where(eq(reviews.id, id));
    expect(row).toMatchObject({ status: 'pending', decidedAt: null, decidedBy: null });
    expect(await audits('review.approved', id)).toHaveLength(0);
  });

  it('counts reviews per kind and status for the dashboard', async () => {
    const s = await staffToken('admin');
    const before = (await t.app.inject({ method: 'GET', url: '/api/v1/staff/reviews/stats', headers: s.headers })).json();
    await newReview('objection', { minutesAgo: 10_000 });
    const decided = await newReview('objection');
    await t.app.inject({ method: 'POST', url: `/api/v1/staff/reviews/${decided}/decision`, headers: s.headers, payload: { decision: 'approve' } });
    const after = (await t.app.inject({ method: 'GET', url: '/api/v1/staff/reviews/stats', headers: s.headers })).json();
    expect(after.kinds.objection.pending).toBe(before.kinds.objection.pending + 1);
    expect(after.kinds.objection.approved).toBe(before.kinds.objection.approved + 1);
    expect(after.kinds.objection.decidedToday).toBe(before.kinds.objection.decidedToday + 1);
    expect(after.kinds.objection.oldestPendingSince).toBe(new Date(t.clock.now().getTime() - 10_000 * 60_000).toISOString());
  });

  it('computes the Asia/Shanghai business day', () => {
    expect(startOfShanghaiDay(new Date('2026-11-25T10:00:00+08:00')).toISOString()).toBe('2026-11-24T16:00:00.000Z');
    expect(startOfShanghaiDay(new Date('2026-11-25T23:59:59+08:00')).toISOString()).toBe('2026-11-24T16:00:00.000Z');
    expect(startOfShanghaiDay(new Date('2026-11-26T00:00:00+08:00')).toISOString()).toBe('2026-11-25T16:00:00.000Z');
  });
});
