import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { createStaffUser } from '../staff/service.ts';
import { createCitizen, documentJpeg, hkId, multipartBody, STRONG_PASSWORD } from './testing.ts';

/** Pulls `name=value` pairs out of Set-Cookie headers into a Cookie header and a map. */
function cookiesOf(res: { headers: Record<string, unknown> }) {
  const raw = res.headers['set-cookie'];
  const list = (Array.isArray(raw) ? raw : raw ? [raw] : []) as string[];
  const map = Object.fromEntries(list.map((c) => c.split(';')[0]!.split('=')).map(([k, ...v]) => [k!, v.join('=')]));
  return { map, header: Object.entries(map).map(([k, v]) => `${k}=${v}`).join('; '), raw: list };
}

describe('accounts', () => {
  let t: TestApp;
  let reviewerAuth: { authorization: string };
  let phoneSeq = 0;
  const nextPhone = () => `137${String(10_000_000 + ++phoneSeq).slice(-8)}`;

  const login = (loginValue: string, password: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: '/api/v1/sessions', headers, payload: { login: loginValue, password } });
  const outbox = async (phone: string) => {
    await t.app.ctx.jobs.drain();
    return (await t.app.inject({ url: `/api/v1/dev/sms?phone=${phone}` })).json() as Array<{ text: string; purpose: string; code?: string }>;
  };

  /** A Hong Kong applicant (manual review) registered and ready to upload photos. */
  async function hongKongApplicant(body: string, lang = 'zh-HK') {
    const phone = nextPhone();
    const docNumber = hkId(body);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/accounts',
      headers: { 'accept-language': lang },
      payload: { docType: 'hk_id', docNumber, name: '陈小明', phone, regionCode: '440400', password: STRONG_PASSWORD, agreedToTerms: true },
    });
    expect(res.statusCode).toBe(201);
    const { id, uploadToken, status } = res.json();
    expect(status).toBe('pending_review');
    return { id: id as string, uploadToken: uploadToken as string, phone, docNumber };
  }
  const uploadPhoto = async (id: string, token: string | undefined, photo?: Buffer) => {
    const { payload, headers } = multipartBody('photo', photo ?? (await documentJpeg()));
    return t.app.inject({
      method: 'POST',
      url: `/api/v1/accounts/${id}/document-photos`,
      headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      payload,
    });
  };
  const pendingIdentityReview = async (accountId: string) => {
    const list = await t.app.inject({ url: '/api/v1/staff/reviews?kind=identity', headers: reviewerAuth });
    expect(list.statusCode).toBe(200);
    const items = list.json().items as Array<{ id: string; summary: Record<string, unknown>; photoCount: number }>;
    const mine = [];
    for (const item of items) {
      const detail = (await t.app.inject({ url: `/api/v1/staff/reviews/${item.id}`, headers: reviewerAuth })).json();
      if (detail.subjectId === accountId) mine.push(detail);
    }
    return mine;
  };

  beforeAll(async () => {
    t = await createTestApp();
    const password = 'Reviewer-desk-2026-bright';
    await createStaffUser(t.app.ctx, { username: 'reviewer1', role: 'reviewer', password, mustChangePassword: false });
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/staff/sessions', payload: { username: 'reviewer1', password } });
    expect(res.statusCode).toBe(200);
    reviewerAuth = { authorization: `Bearer ${res.json().token}` };
  });
  afterAll(() => t.close());

  describe('manual identity review', () => {
    it('photo upload needs the upload token: none or a wrong one is 401', async () => {
      const a = await hongKongApplicant('C345678');
      expect((await uploadPhoto(a.id, undefined)).statusCode).toBe(401);
      const wrong = await uploadPhoto(a.id, 'x'.repeat(43));
      expect(wrong.statusCode).toBe(401);
      expect(wrong.json().code).toBe('invalid_upload_token');
      // Another applicant's token does not open this account.
      const b = await hongKongApplicant('D456789');
      expect((await uploadPhoto(a.id, b.uploadToken)).statusCode).toBe(401);
    });

    it('refuses a photo that is too small, with a readable reason', async () => {
      const a = await hongKongApplicant('E567890');
      const res = await uploadPhoto(a.id, a.uploadToken, await documentJpeg(300, 200));
      expect(res.statusCode).toBe(422);
      expect(res.json().code).toBe('photo_invalid');
    });

    it('pending → photos (one review) → approve → SMS in the applicant language and a message → login works', async () => {
      const a = await hongKongApplicant('F678901', 'zh-HK');
      const pending = await login(a.phone, STRONG_PASSWORD, { 'accept-language': 'en' });
      expect(pending.statusCode).toBe(403);
      expect(pending.json().code).toBe('account_pending_review');
      expect(pending.json().detail).toContain('1 working day');

      const front = await uploadPhoto(a.id, a.uploadToken);
      expect(front.statusCode).toBe(202);
      expect(front.json()).toEqual({ status: 'pending_review', reviewExpectedHours: 24, photoCount: 1 });
      const back = await uploadPhoto(a.id, a.uploadToken);
      expect(back.json().photoCount).toBe(2);
      expect((await uploadPhoto(a.id, a.uploadToken)).json().photoCount).toBe(3);
      const fourth = await uploadPhoto(a.id, a.uploadToken);
      expect(fourth.statusCode).toBe(422);
      expect(fourth.json()).toMatchObject({ code: 'too_many_photos' });

      const reviews = await pendingIdentityReview(a.id);
      expect(reviews).toHaveLength(1);
      const review = reviews[0]!;
      expect(review.photos).toHaveLength(3);
      expect(review.summary).toMatchObject({ name: '陈小明', docType: 'hk_id', regionCode: '440400' });
      expect(review.summary.docNumberMasked).not.toBe(a.docNumber);
      expect(JSON.stringify(review.summary)).not.toContain(a.docNumber);
      const photo = await t.app.inject({ url: review.photos[0].url, headers: reviewerAuth });
      expect(photo.statusCode).toBe(200);

      // The whole number only on the reviewer's explicit request, and every request audited.
      const revealed = await t.app.inject({ url: `/api/v1/staff/reviews/${review.id}/number`, headers: reviewerAuth });
      expect(revealed.statusCode).toBe(200);
      expect(revealed.json()).toEqual({ label: 'docNumber', value: a.docNumber });
      expect(revealed.headers['cache-control']).toBe('private, no-store');
      const audits = (await t.app.ctx.db.execute(sql`select count(*)::int as n from audit_log where action = 'review.number_revealed' and subject_id = ${review.id}`)) as unknown as { rows: Array<{ n: number }> };
      expect(audits.rows[0]!.n).toBe(1);
      const anonymous = await t.app.inject({ url: `/api/v1/staff/reviews/${review.id}/number` });
      expect(anonymous.statusCode).toBe(401);

      const decision = await t.app.inject({
        method: 'POST',
        url: `/api/v1/staff/reviews/${review.id}/decision`,
        headers: reviewerAuth,
        payload: { decision: 'approve' },
      });
      expect(decision.statusCode).toBe(200);

      const sms = await outbox(a.phone);
      expect(sms.some((m) => m.purpose === 'review_result' && m.text.includes('審核通過'))).toBe(true);

      const ok = await login(a.phone, STRONG_PASSWORD);
      expect(ok.statusCode).toBe(200);
      expect(ok.json().account.status).toBe('active');
      const auth = { authorization: `Bearer ${ok.json().token}` };
      const inbox = await t.app.inject({ url: '/api/v1/me/messages', headers: { ...auth, 'accept-language': 'en' } });
      expect(inbox.json()).toEqual([
        expect.objectContaining({ kind: 'identity_review', title: 'Identity check approved', read: false, body: expect.stringContaining('Hong Kong Identity Card') }),
      ]);
      // The token has nothing left to authorise once the review is decided.
      expect((await uploadPhoto(a.id, a.uploadToken)).statusCode).toBe(401);
    });

    it('reject → login says why → the same phone and document register again', async () => {
      const a = await hongKongApplicant('G789012', 'en');
      expect((await uploadPhoto(a.id, a.uploadToken)).statusCode).toBe(202);
      const [review] = await pendingIdentityReview(a.id);
      const decision = await t.app.inject({
        method: 'POST',
        url: `/api/v1/staff/reviews/${review!.id}/decision`,
        headers: reviewerAuth,
        payload: { decision: 'reject', reason: 'The photo is blurred' },
      });
      expect(decision.statusCode).toBe(200);
      const sms = await outbox(a.phone);
      expect(sms[0]).toMatchObject({ purpose: 'review_result' });
      expect(sms[0]!.text).toContain('The photo is blurred');

      const res = await login(a.phone, STRONG_PASSWORD);
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ code: 'account_rejected', reason: 'The photo is blurred' });

      const again = await t.app.inject({
        method: 'POST',
        url: '/api/v1/accounts',
        payload: { docType: 'hk_id', docNumber: a.docNumber, name: '陈小明', phone: a.phone, regionCode: '440400', password: STRONG_PASSWORD, agreedToTerms: true },
      });
      expect(again.statusCode).toBe(201);
      expect(again.json().id).not.toBe(a.id);
      // Logging in now reaches the new application, not the rejected one.
      expect((await login(a.phone, STRONG_PASSWORD)).json().code).toBe('account_pending_review');
    });

    it('a standard rejection reason reaches the applicant in their language', async () => {
      const a = await hongKongApplicant('J901234', 'zh-HK');
      expect((await uploadPhoto(a.id, a.uploadToken)).statusCode).toBe(202);
      const [review] = await pendingIdentityReview(a.id);
      const decision = await t.app.inject({
        method: 'POST',
        url: `/api/v1/staff/reviews/${review!.id}/decision`,
        headers: { ...reviewerAuth, 'accept-language': 'en' },
        payload: { decision: 'reject', reason: 'photo_unclear' },
      });
      expect(decision.statusCode).toBe(200);
      const [sms] = await outbox(a.phone);
      expect(sms!.text).toContain('未通過審核');
      expect(sms!.text).not.toContain('photo_unclear');
      expect(sms!.text).not.toMatch(/[。.]{2}/u);
      const res = await login(a.phone, STRONG_PASSWORD, { 'accept-language': 'zh-HK' });
      expect(res.json().code).toBe('account_rejected');
      expect(res.json().reason).not.toBe('photo_unclear');
    });

    it('the upload token expires after 24 hours', async () => {
      const a = await hongKongApplicant('H890123');
      t.clock.advance(24 * 3600_000 + 1000);
      expect((await uploadPhoto(a.id, a.uploadToken)).statusCode).toBe(401);
    });
  });

  describe('password login', () => {
    it('logs in by phone or document number; the profile masks personal numbers', async () => {
      const phone = nextPhone();
      const c = await createCitizen(t.app, { phone, seq: '311', name: '周八' });
      const byDoc = await login(c.docNumber.toLowerCase(), STRONG_PASSWORD);
      expect(byDoc.statusCode).toBe(200);
      const body = byDoc.json();
      expect(body).toMatchObject({ token: expect.any(String), csrfToken: expect.any(String), expiresAt: expect.any(String) });
      expect(byDoc.headers['cache-control']).toBe('no-store');
      const me = await t.app.inject({ url: '/api/v1/me', headers: c.auth });
      expect(me.statusCode).toBe(200);
      expect(me.json()).toEqual({
        id: c.id,
        name: '周八',
        docType: 'cn_id',
        docNumberMasked: `${c.docNumber.slice(0, 4)}**********${c.docNumber.slice(-4)}`,
        phoneMasked: `${phone.slice(0, 3)}****${phone.slice(-4)}`,
        regionCode: '440300',
        status: 'active',
        gestureEnabled: false,
        lang: 'zh-CN',
        createdAt: expect.any(String),
      });
      expect(me.body).not.toContain(c.docNumber);
      expect(me.body).not.toContain(phone);
      expect(body.account).toEqual(me.json());
      expect(JSON.stringify(body)).not.toContain(phone);
      expect((await login(`+86 ${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`, STRONG_PASSWORD)).statusCode).toBe(200);
    });

    it('5 failures lock the account even for the right password; unknown logins get the same answers', async () => {
      const phone = nextPhone();
      await createCitizen(t.app, { phone, seq: '313' });
      const unknown = nextPhone();
      for (let i = 0; i < 5; i++) {
        const known = await login(phone, 'Wrong-password-0000');
        const none = await login(unknown, 'Wrong-password-0000');
        expect(known.statusCode).toBe(401);
        expect(none.statusCode).toBe(401);
        expect(none.json()).toEqual(known.json());
        expect(known.json().code).toBe('invalid_credentials');
      }
      const locked = await login(phone, STRONG_PASSWORD);
      const lockedUnknown = await login(unknown, STRONG_PASSWORD);
      expect(locked.statusCode).toBe(429);
      expect(lockedUnknown.statusCode).toBe(429);
      expect(locked.json().code).toBe('too_many_attempts');
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
      expect(lockedUnknown.headers['retry-after']).toBe(locked.headers['retry-after']);
      expect({ ...lockedUnknown.json() }).toEqual({ ...locked.json() });

      t.clock.advance(15 * 60_000 + 1000);
      expect((await login(phone, STRONG_PASSWORD)).statusCode).toBe(200);
      // Success clears the count: four more failures do not lock.
      for (let i = 0; i < 4; i++) expect((await login(phone, 'Wrong-password-0000')).statusCode).toBe(401);
      expect((await login(phone, STRONG_PASSWORD)).statusCode).toBe(200);
    });

    it('100 failures from one address stop its logins, known or not, before any hash', async () => {
      const phone = nextPhone();
      await createCitizen(t.app, { phone, seq: '329' });
      const { ctx } = t.app;
      const from = (remoteAddress: string, loginValue: string) =>
        t.app.inject({ method: 'POST', url: '/api/v1/sessions', remoteAddress, payload: { login: loginValue, password: STRONG_PASSWORD } });
      const addressKey = `login:address:${ctx.crypto.lookupHash('ip:10.9.8.7')}`;
      for (let i = 0; i < 99; i++) await ctx.rateLimits.hit(addressKey);
      expect((await from('10.9.8.7', phone)).statusCode).toBe(200);
      await ctx.rateLimits.hit(addressKey);
      const verify = ctx.crypto.verifySecret;
      let hashes = 0;
      ctx.crypto.verifySecret = (h, p) => (hashes++, verify(h, p));
      try {
        const known = await from('10.9.8.7', phone);
        const unknown = await from('10.9.8.7', nextPhone());
        const garbage = await from('10.9.8.7', 'not a login at all');
        for (const res of [known, unknown, garbage]) {
          expect(res.statusCode).toBe(429);
          expect(res.json().code).toBe('too_many_attempts');
        }
        expect(hashes).toBe(0);
        // Another address is not affected, and that login hashes once.
        expect((await from('10.9.8.6', phone)).statusCode).toBe(200);
        expect(hashes).toBe(1);
      } finally {
        ctx.crypto.verifySecret = verify;
      }
    });

    it('a correct password inside the window forgives earlier failures; the answer shows the gesture state', async () => {
      const phone = nextPhone();
      const c = await createCitizen(t.app, { phone, seq: '321' });
      for (let i = 0; i < 3; i++) expect((await login(phone, 'Wrong-password-0000')).statusCode).toBe(401);
      const first = await login(phone, STRONG_PASSWORD);
      expect(first.statusCode).toBe(200);
      expect(first.json().account.gestureEnabled).toBe(false);
      // Without the clear these would be failures 4–7 of one window, and the fifth would lock.
      for (let i = 0; i < 4; i++) expect((await login(phone, 'Wrong-password-0000')).statusCode).toBe(401);
      expect((await login(phone, STRONG_PASSWORD)).statusCode).toBe(200);
      // Read with the login lookup, not after it: still the live state.
      expect((await t.app.inject({ method: 'PUT', url: '/api/v1/me/gesture', headers: c.auth, payload: { pattern: [0, 4, 8, 5] } })).statusCode).toBe(200);
      expect((await login(phone, STRONG_PASSWORD)).json().account.gestureEnabled).toBe(true);
      if (t.app.ctx.database.kind === 'pglite') {
        // The read before the hash and the session insert run as prepared statements there too (db/pglite-statements.ts).
        const prepared = (await t.app.ctx.db.execute(sql`select statement, generic_plans + custom_plans as runs from pg_prepared_statements`)) as unknown as { rows: Array<{ statement: string; runs: number }> };
        const runsOf = (pattern: RegExp) => prepared.rows.filter((r) => pattern.test(r.statement)).reduce((n, r) => n + Number(r.runs), 0);
        expect(runsOf(/gesture_credentials[\s\S]*rate_limit|rate_limit[\s\S]*gesture_credentials/)).toBeGreaterThanOrEqual(10);
        expect(runsOf(/^insert into "sessions"/)).toBeGreaterThanOrEqual(3);
      }
    });

    it('sets cookies; cookie calls that change state need the CSRF token, bearer calls do not', async () => {
      const phone = nextPhone();
      await createCitizen(t.app, { phone, seq: '315' });
      const res = await login(phone, STRONG_PASSWORD);
      const cookies = cookiesOf(res);
      expect(cookies.raw.find((c) => c.startsWith('jg_session='))).toMatch(/HttpOnly/i);
      expect(cookies.map.jg_csrf).toBe(res.json().csrfToken);

      const me = await t.app.inject({ url: '/api/v1/me', headers: { cookie: cookies.header } });
      expect(me.statusCode).toBe(200);
      const put = (headers: Record<string, string>) =>
        t.app.inject({ method: 'PUT', url: '/api/v1/me/gesture', headers, payload: { pattern: [0, 1, 2, 5] } });
      const noCsrf = await put({ cookie: cookies.header });
      expect(noCsrf.statusCode).toBe(403);
      expect(noCsrf.json().code).toBe('csrf_failed');
      expect((await put({ cookie: cookies.header, 'x-csrf-token': res.json().csrfToken })).statusCode).toBe(200);
      expect((await put({ authorization: `Bearer ${res.json().token}` })).statusCode).toBe(200);

      const out = await t.app.inject({ method: 'DELETE', url: '/api/v1/sessions/current', headers: { authorization: `Bearer ${res.json().token}` } });
      expect(out.statusCode).toBe(204);
      expect((await t.app.inject({ url: '/api/v1/me', headers: { cookie: cookies.header } })).statusCode).toBe(401);
    });
  });

  describe('gesture login', () => {
    it('set, unlock, 5 wrong patterns turn it off, set again with the password session', async () => {
      const phone = nextPhone();
      const c = await createCitizen(t.app, { phone, seq: '317' });
      const invalid = await t.app.inject({ method: 'PUT', url: '/api/v1/me/gesture', headers: c.auth, payload: { pattern: [0, 1, 1, 2] } });
      expect(invalid.json()).toMatchObject({ status: 422, code: 'invalid_gesture_pattern' });

      const set = await t.app.inject({ method: 'PUT', url: '/api/v1/me/gesture', headers: c.auth, payload: { pattern: [0, 4, 8, 5] } });
      expect(set.statusCode).toBe(200);
      const { deviceToken } = set.json();
      expect((await t.app.inject({ url: '/api/v1/me', headers: c.auth })).json().gestureEnabled).toBe(true);

      const unlock = (pattern: number[], token = deviceToken) =>
        t.app.inject({ method: 'POST', url: '/api/v1/sessions/gesture', payload: { deviceToken: token, pattern } });
      const ok = await unlock([0, 4, 8, 5]);
      expect(ok.statusCode).toBe(200);
      expect(ok.json().account.id).toBe(c.id);
      expect((await t.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${ok.json().token}` } })).statusCode).toBe(200);
      expect((await unlock([0, 4, 8, 5], 'not-a-device-token-at-all')).json().code).toBe('invalid_credentials');

      for (let i = 0; i < 4; i++) {
        const wrong = await unlock([2, 4, 6, 8]);
        expect(wrong.statusCode).toBe(401);
        expect(wrong.json().code).toBe('invalid_credentials');
      }
      const fifth = await unlock([2, 4, 6, 8]);
      expect(fifth.statusCode).toBe(403);
      expect(fifth.json().code).toBe('gesture_disabled');
      const right = await unlock([0, 4, 8, 5]);
      expect(right.statusCode).toBe(403);
      expect(right.json().code).toBe('gesture_disabled');
      expect((await t.app.inject({ url: '/api/v1/me', headers: c.auth })).json().gestureEnabled).toBe(false);

      // Password session, then the same device sets a new gesture.
      const reset = await t.app.inject({ method: 'PUT', url: '/api/v1/me/gesture', headers: c.auth, payload: { pattern: [6, 7, 8, 5, 2], deviceToken } });
      expect(reset.json().deviceToken).toBe(deviceToken);
      expect((await unlock([6, 7, 8, 5, 2])).statusCode).toBe(200);
      expect((await unlock([0, 4, 8, 5])).statusCode).toBe(401);

      expect((await t.app.inject({ method: 'DELETE', url: '/api/v1/me/gesture', headers: c.auth })).statusCode).toBe(204);
      expect((await t.app.inject({ url: '/api/v1/me', headers: c.auth })).json().gestureEnabled).toBe(false);
      expect((await unlock([6, 7, 8, 5, 2])).statusCode).toBe(401);
    });
  });

  describe('SMS codes and deletion', () => {
    it('deletes with a code; the account cannot log in; phone and document register again', async () => {
      const phone = nextPhone();
      const c = await createCitizen(t.app, { phone, seq: '319', name: '吴九' });
      await t.app.inject({ method: 'PUT', url: '/api/v1/me/gesture', headers: c.auth, payload: { pattern: [1, 2, 3, 4] } });

      const badPurpose = await t.app.inject({ method: 'POST', url: '/api/v1/sms-codes', headers: c.auth, payload: { purpose: 'launch_rockets' } });
      expect(badPurpose.json()).toMatchObject({ status: 422, code: 'unsupported_sms_purpose' });
      const issued = await t.app.inject({ method: 'POST', url: '/api/v1/sms-codes', headers: c.auth, payload: { purpose: 'delete_account' } });
      expect(issued.statusCode).toBe(202);
      expect(new Date(issued.json().expiresAt).getTime()).toBeGreaterThan(t.clock.now().getTime());
      const again = await t.app.inject({ method: 'POST', url: '/api/v1/sms-codes', headers: c.auth, payload: { purpose: 'delete_account' } });
      expect(again.statusCode).toBe(429);
      expect(again.json().code).toBe('sms_rate_limited');

      const code = (await outbox(phone)).find((m) => m.purpose === 'delete_account')!.code!;
      expect(code).toMatch(/^\d{6}$/);
      const wrongCode = code === '000000' ? '111111' : '000000';
      const wrong = await t.app.inject({ method: 'DELETE', url: '/api/v1/me', headers: c.auth, payload: { reason: 'moving abroad', code: wrongCode } });
      expect(wrong.json()).toMatchObject({ status: 422, code: 'invalid_code' });

      const del = await t.app.inject({ method: 'DELETE', url: '/api/v1/me', headers: c.auth, payload: { reason: 'moving abroad', code } });
      expect(del.statusCode).toBe(204);
      expect((await t.app.inject({ url: '/api/v1/me', headers: c.auth })).statusCode).toBe(401);
      const relog = await login(phone, STRONG_PASSWORD);
      expect(relog.statusCode).toBe(401);
      expect(relog.json().code).toBe('invalid_credentials');

      const reg = await t.app.inject({
        method: 'POST',
        url: '/api/v1/accounts',
        payload: { docType: 'cn_id', docNumber: c.docNumber, name: '吴九', phone, regionCode: '440300', password: STRONG_PASSWORD, agreedToTerms: true },
      });
      expect(reg.statusCode).toBe(201);
      expect(reg.json().id).not.toBe(c.id);
      const fresh = await login(phone, STRONG_PASSWORD);
      expect(fresh.statusCode).toBe(200);
      expect(fresh.json().account.gestureEnabled).toBe(false);
    });
  });

  it('every personal endpoint needs a citizen session', async () => {
    for (const [method, url] of [
      ['GET', '/api/v1/me'],
      ['PUT', '/api/v1/me/gesture'],
      ['DELETE', '/api/v1/me'],
      ['POST', '/api/v1/sms-codes'],
      ['DELETE', '/api/v1/sessions/current'],
    ] as const) {
      const res = await t.app.inject({ method, url, payload: method === 'GET' ? undefined : {} });
      expect(res.statusCode, `${method} ${url}`).toBe(401);
    }
    expect((await t.app.inject({ url: '/api/v1/me', headers: reviewerAuth })).statusCode).toBe(403);
  });

  it('documents every accounts endpoint in OpenAPI', async () => {
    const doc = (await t.app.inject('/api/openapi.json')).json();
    for (const path of ['/api/v1/accounts', '/api/v1/accounts/{id}/document-photos', '/api/v1/sessions', '/api/v1/sessions/gesture', '/api/v1/me', '/api/v1/me/gesture', '/api/v1/sms-codes', '/api/v1/regions']) {
      expect(doc.paths[path], path).toBeDefined();
    }
    expect(doc.paths['/api/v1/accounts'].post.responses['422']).toBeDefined();
  });
});
