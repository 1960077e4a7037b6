import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { createStaffUser } from '../staff/service.ts';
import { createCitizen, seedRegistry, STRONG_PASSWORD, type Citizen } from '../accounts/testing.ts';
import { portraitPhoto } from './testing.ts';
import { keyRing } from './keys.ts';
import { revokeElicence, verifyQr } from './service.ts';
import { LICENCE_PHOTO_SPEC } from './photo.ts';

type Auth = { authorization: string };
const START = new Date('2026-11-25T10:00:00+08:00');
const REVIEWER_PASSWORD = 'Reviewer-desk-2026-bright';
let archiveSeq = 0;

/** A citizen whose registry person holds a licence (class C1, state A unless told). */
async function driver(t: TestApp, seq: string, phone: string, licence: { status?: string; validTo?: string | null; name?: string; lang?: string } = {}): Promise<Citizen> {
  const citizen = await createCitizen(t.app, { phone, seq, name: licence.name ?? '李驾驶', ...(licence.lang ? { lang: licence.lang } : {}) });
  archiveSeq += 1;
  await seedRegistry(t.app, [
    {
      kind: 'licence',
      holder: { docType: 'cn_id', docNumber: citizen.docNumber },
      archiveNumber: `4403009${String(archiveSeq).padStart(5, '0')}`,
      class: 'C1',
      firstIssuedOn: '2012-03-01',
      validFrom: '2018-03-01',
      validTo: licence.validTo === undefined ? '2028-03-01' : licence.validTo,
      status: licence.status ?? 'A',
      issuingAuthority: '深圳市公安局交通警察支队',
      regionCode: '440300',
    },
  ]);
  return citizen;
}

function form(photo: Buffer, source: string | undefined, contentType = 'image/jpeg') {
  const boundary = `----jg${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  if (source !== undefined) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="source"\r\n\r\n${source}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="photo.jpg"\r\nContent-Type: ${contentType}\r\n\r\n`), photo, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** EXIF local time (China) of an instant. */
function exifDate(d: Date): string {
  const local = new Date(d.getTime() + 8 * 3600_000).toISOString();
  return `${local.slice(0, 4)}:${local.slice(5, 7)}:${local.slice(8, 10)} ${local.slice(11, 19)}`;
}

describe('electronic driving licence', () => {
  let t: TestApp;
  let reviewer: Auth;
  let clear: Buffer;
  let holder: Citizen;
  let firstQr: string;

  /** `source: null` leaves the field out. */
  const apply = (auth: Auth, photo: Buffer, source: string | null = 'camera', lang = 'zh-CN', contentType?: string) => {
    const { payload, headers } = form(photo, source ?? undefined, contentType);
    return t.app.inject({ method: 'POST', url: '/api/v1/me/elicence/applications', headers: { ...auth, ...headers, 'accept-language': lang }, payload });
  };
  const mine = (auth: Auth, lang = 'zh-CN') => t.app.inject({ url: '/api/v1/me/elicence', headers: { ...auth, 'accept-language': lang } });
  const verify = (qr: string, lang = 'zh-CN') => t.app.inject({ method: 'POST', url: '/api/v1/elicence/verify', headers: { 'accept-language': lang }, payload: { qr } });
  const queue = async () => (await t.app.inject({ url: '/api/v1/staff/reviews?kind=elicence', headers: reviewer })).json().items as Array<{ id: string; summary: Record<string, unknown> }>;
  const decide = (id: string, decision: 'approve' | 'reject', reason?: string) =>
    t.app.inject({ method: 'POST', url: `/api/v1/staff/reviews/${id}/decision`, headers: reviewer, payload: { decision, ...(reason ? { reason } : {}) } });
  const sms = async (phone: string) => (await t.app.inject({ url: `/api/v1/dev/sms?phone=${phone}` })).json() as Array<{ text: string; purpose: string }>;
  const messages = async (auth: Auth, lang = 'zh-CN') => (await t.app.inject({ url: '/api/v1/me/messages', headers: { ...auth, 'accept-language': lang } })).json();

  async function reviewerLogin() {
    const staff = await t.app.inject({ method: 'POST', url: '/api/v1/staff/sessions', payload: { username: 'reviewer1', password: REVIEWER_PASSWORD } });
    reviewer = { authorization: `Bearer ${staff.json().token}` };
  }

  async function approveLatest(applicationId: string) {
    const review = (await queue()).find((r) => r.summary.photoKey && String(r.summary.photoKey).includes(applicationId));
    expect(review, 'review in the queue').toBeDefined();
    const res = await decide(review!.id, 'approve');
    expect(res.statusCode, res.body).toBe(200);
    await t.app.ctx.jobs.drain();
  }

  beforeAll(async () => {
    t = await createTestApp();
    await createStaffUser(t.app.ctx, { username: 'reviewer1', role: 'reviewer', password: REVIEWER_PASSWORD, mustChangePassword: false });
    await reviewerLogin();
    clear = await portraitPhoto();
    holder = await driver(t, '111', '13700000001', { name: '李驾驶' });
  });
  afterAll(() => t.close());
  // Tests that move the clock leave it where the others expect it, even when they fail.
  afterEach(() => t.clock.set(START));

  it('starts at none, with the bound licence', async () => {
    const res = await mine(holder.auth);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.json()).toMatchObject({ status: 'none', licence: { name: '李驾驶', class: 'C1', status: 'A' } });
    expect(res.json().credential).toBeUndefined();
  });

  describe('photo refusals say what to fix', () => {
    const refusal = async (photo: Buffer, source: string, reason: string, lang = 'zh-CN', contentType?: string) => {
      const res = await apply(holder.auth, photo, source, lang, contentType);
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json()).toMatchObject({ code: 'photo_invalid', field: 'photo', reason });
      return res.json().detail as string;
    };

    it('album photo without a capture date: take a new one', async () => {
      expect(await refusal(clear, 'album', 'no_capture_date')).toContain('现场拍照');
      expect(await refusal(clear, 'album', 'no_capture_date', 'en')).toContain('Take a photo');
    });
    it('album photo taken more than 6 months ago', async () => {
      const old = await portraitPhoto({ exifDate: '2026:05:20 09:00:00' });
      expect(await refusal(old, 'album', 'too_old', 'zh-HK')).toContain('2026-05-20');
    });
    it('a camera photo carrying an old capture date did not come from the camera', async () => {
      await refusal(await portraitPhoto({ exifDate: '2025:01:02 09:00:00' }), 'camera', 'too_old');
    });
    it('landscape, and too far from 22:32 to crop', async () => {
      expect(await refusal(await portraitPhoto({ width: 1134, height: 780 }), 'camera', 'not_portrait')).toContain('竖');
      await refusal(await portraitPhoto({ width: 500, height: 1100 }), 'camera', 'aspect');
    });
    it('too dark, too blurry', async () => {
      expect(await refusal(await portraitPhoto({ brightness: 0.3 }), 'camera', 'too_dark')).toContain('太暗');
      expect(await refusal(await portraitPhoto({ blur: 6 }), 'camera', 'too_blurry', 'en')).toContain('blurred');
    });
    it('format, size and dimensions (platform checks)', async () => {
      await refusal(Buffer.from('GIF89a not really an image at all'), 'camera', 'format', 'zh-CN', 'image/gif');
      await refusal(await portraitPhoto({ width: 200, height: 300 }), 'camera', 'too_small');
      await refusal(Buffer.concat([clear, Buffer.alloc(8 * 1024 * 1024)]), 'camera', 'too_large');
    });
    it('a missing or unknown source is a bad request', async () => {
      expect((await apply(holder.auth, clear, 'scanner')).json()).toMatchObject({ status: 400, code: 'bad_request', field: 'source' });
      expect((await apply(holder.auth, clear, null)).json()).toMatchObject({ status: 400, field: 'source' });
    });
  });

  it('refuses a citizen without a bound licence, and a licence that is not usable', async () => {
    const noLicence = await createCitizen(t.app, { phone: '13700000002', seq: '123' });
    expect((await apply(noLicence.auth, clear)).json()).toMatchObject({ status: 422, code: 'licence_not_bound' });
    expect((await mine(noLicence.auth)).json()).toEqual({ status: 'none' });
    const suspended = await driver(t, '135', '13700000003', { status: 'D' });
    const res = await apply(suspended.auth, clear);
    expect(res.json()).toMatchObject({ status: 422, code: 'licence_not_eligible', reasons: ['state'] });
    expect(res.json().detail).toContain('暂扣');
    const lapsed = await driver(t, '147', '13700000004', { validTo: '2026-01-01' });
    expect((await apply(lapsed.auth, clear, 'camera', 'en')).json()).toMatchObject({ code: 'licence_not_eligible', reasons: ['validity'] });
  });

  it('accepts a camera photo, one application at a time, due by the end of the next working day', async () => {
    const res = await apply(holder.auth, clear, 'camera');
    expect(res.statusCode, res.body).toBe(201);
    // Wednesday 2026-11-25 → Thursday.
    expect(res.json()).toMatchObject({ status: 'pending_review', expectedBy: '2026-11-26T15:59:59.999Z' });
    expect((await apply(holder.auth, clear, 'camera')).json()).toMatchObject({ status: 409, code: 'application_pending' });
    expect((await mine(holder.auth)).json()).toMatchObject({ status: 'pending_review', application: { id: res.json().id, status: 'pending_review' } });

    const review = (await queue()).find((r) => String(r.summary.photoKey).includes(res.json().id));
    expect(review?.summary).toMatchObject({ name: '李驾驶', numberMasked: `${holder.docNumber.slice(0, 4)}**********${holder.docNumber.slice(-4)}`, classes: ['C1'], currentPhotoKey: null, source: 'camera' });
    expect(JSON.stringify(review)).not.toContain(holder.docNumber);
    // The stored photo is the licence spec, whatever was uploaded.
    const photo = await t.app.inject({ url: `/api/v1/staff/reviews/${review!.id}/photos/0`, headers: reviewer });
    expect(await sharp(photo.rawPayload).metadata()).toMatchObject({ format: 'jpeg', width: LICENCE_PHOTO_SPEC.width, height: LICENCE_PHOTO_SPEC.height });

    await approveLatest(res.json().id);
    const texts = await sms(holder.phone);
    expect(texts[0]).toMatchObject({ purpose: 'review_result' });
    expect(texts[0]!.text).toContain('审核通过');
    const inbox = await messages(holder.auth);
    expect(JSON.stringify(inbox)).toContain('电子驾驶证照片审核已通过');
  });

  it('issues a fresh, compact ES256 credential on each call', async () => {
    const res = await mine(holder.auth);
    const body = res.json();
    expect(body).toMatchObject({ status: 'issued', photoUrl: '/api/v1/me/elicence/photo', photoChangeFrom: '2027-05-25' });
    const { qr, issuedAt, expiresAt } = body.credential;
    firstQr = qr;
    expect(qr.length).toBeLessThanOrEqual(1200);
    expect(new Date(expiresAt).getTime() - new Date(issuedAt).getTime()).toBe(300_000);
    const header = decodeProtectedHeader(qr);
    expect(header).toEqual({ alg: 'ES256', kid: expect.any(String) });
    const claims = decodeJwt(qr) as Record<string, any>;
    expect(claims).toMatchObject({ iss: 'jiaoguan', iat: Date.parse(issuedAt) / 1000, exp: Date.parse(expiresAt) / 1000 });
    expect(claims.sub).toMatch(/^[0-9a-f-]{36}$/);
    expect(qr).not.toContain(holder.docNumber);
    expect(JSON.stringify(claims)).not.toContain(holder.docNumber);
    const photo = await t.app.inject({ url: '/api/v1/me/elicence/photo', headers: holder.auth });
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toBe('image/jpeg');
    expect(photo.headers['cache-control']).toBe('private, no-store');
    expect(claims.lic).toEqual({
      n: '李驾驶',
      no: `${holder.docNumber.slice(0, 4)}**********${holder.docNumber.slice(-4)}`,
      c: 'C1',
      vf: '2018-03-01',
      vt: '2028-03-01',
      st: 'A',
      fi: '2012-03-01',
      pt: 0,
      ph: createHash('sha256').update(photo.rawPayload).digest('base64url'),
    });
    const again = (await mine(holder.auth)).json().credential.qr;
    expect(again).not.toBe(qr);
    expect(decodeJwt(again).jti).not.toBe(claims.jti);

    const jwks = await t.app.inject({ url: '/.well-known/jwks.json' });
    expect(jwks.headers['cache-control']).toBe('public, max-age=300');
    expect(jwks.json().keys).toEqual([{ kty: 'EC', crv: 'P-256', x: expect.any(String), y: expect.any(String), kid: header.kid, alg: 'ES256', use: 'sig' }]);
    expect(JSON.stringify(jwks.json())).not.toContain('"d"');
  });

  it('verifies: holder from the live registry, masked; expired after 5 minutes and 30 s of skew', async () => {
    const { qr } = (await mine(holder.auth)).json().credential;
    const ok = await verify(qr);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({
      valid: true,
      holder: { name: '李驾驶', numberMasked: `${holder.docNumber.slice(0, 4)}**********${holder.docNumber.slice(-4)}`, class: 'C1', validTo: '2028-03-01', status: 'A', statusText: '正常' },
      checkedAt: t.clock.now().toISOString(),
    });
    t.clock.advance(300_000 + 30_000);
    expect((await verify(qr)).json()).toMatchObject({ valid: true });
    t.clock.advance(1_000);
    expect((await verify(qr)).json()).toEqual({ valid: false, reason: 'expired', checkedAt: t.clock.now().toISOString() });
    t.clock.set(new Date('2026-11-25T10:00:00+08:00'));
  });

  it('refuses every single-character change of the QR', async () => {
    const { qr } = (await mine(holder.auth)).json().credential;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (let i = 0; i < qr.length; i++) {
      const c = qr[i]!;
      const tampered = qr.slice(0, i) + (c === '.' ? '_' : alphabet[(alphabet.indexOf(c) + 1) % 64]) + qr.slice(i + 1);
      const r = await verifyQr(t.app.ctx, tampered, 'zh-CN');
      expect(r.valid, `position ${i}`).toBe(false);
      expect(['malformed', 'bad_signature'], `position ${i}`).toContain(r.reason);
      expect(r.holder).toBeUndefined();
    }
    expect((await verify('not a credential')).json()).toMatchObject({ valid: false, reason: 'malformed' });
  });

  it('calls an unknown kid, or a key we never published, a bad signature', async () => {
    const good = decodeJwt(firstQr);
    const { privateKey } = await generateKeyPair('ES256');
    const kid = decodeProtectedHeader(firstQr).kid!;
    const now = Math.floor(t.clock.now().getTime() / 1000);
    const claims = { ...good, iat: now, exp: now + 300 };
    for (const k of [kid, 'unknown-kid']) {
      const forged = await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: k }).sign(privateKey);
      expect((await verify(forged)).json()).toMatchObject({ valid: false, reason: 'bad_signature' });
    }
  });

  it('after a key rotation, credentials of the retired key verify while it is published (24 h)', async () => {
    const oldQr = (await mine(holder.auth)).json().credential.qr as string;
    const oldKid = decodeProtectedHeader(oldQr).kid;
    const rotated = await keyRing(t.app.ctx).rotate();
    expect(rotated.retired).toEqual([oldKid]);
    const newQr = (await mine(holder.auth)).json().credential.qr as string;
    expect(decodeProtectedHeader(newQr).kid).toBe(rotated.kid);
    expect((await verify(oldQr)).json()).toMatchObject({ valid: true });
    expect((await verify(newQr)).json()).toMatchObject({ valid: true });
    const keys = (await t.app.inject({ url: '/.well-known/jwks.json' })).json().keys as Array<{ kid: string }>;
    expect(keys.map((k) => k.kid)).toEqual([rotated.kid, oldKid]);
    // A day later the retired key is gone from the JWKS and from verification.
    t.clock.advance(24 * 3600_000 + 1000);
    const later = (await t.app.inject({ url: '/.well-known/jwks.json' })).json().keys as Array<{ kid: string }>;
    expect(later.map((k) => k.kid)).toEqual([rotated.kid]);
    expect(await keyRing(t.app.ctx).publicKey(oldKid!)).toBeUndefined();
    t.clock.set(new Date('2026-11-25T10:00:00+08:00'));
  });

  it('another citizen sees neither this e-licence nor its photo', async () => {
    const other = await driver(t, '159', '13700000005', { name: '王旁人' });
    expect((await mine(other.auth)).json()).toMatchObject({ status: 'none' });
    expect((await t.app.inject({ url: '/api/v1/me/elicence/photo', headers: other.auth })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/api/v1/me/elicence/photo' })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/v1/me/elicence/photo', headers: reviewer })).statusCode).toBe(403);
  });

  it('the next photo change waits 6 months after approval', async () => {
    const res = await apply(holder.auth, clear, 'camera', 'en');
    expect(res.json()).toMatchObject({ status: 422, code: 'photo_change_too_soon', possibleFrom: '2027-05-25' });
    expect(res.json().detail).toContain('2027-05-25');
    t.clock.set(new Date('2027-05-25T09:00:00+08:00'));
    // Sessions last a week: six months on, the holder logs in again.
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { login: holder.phone, password: STRONG_PASSWORD } });
    const auth = { authorization: `Bearer ${login.json().token}` };
    const later = await apply(auth, clear, 'camera');
    expect(later.statusCode, later.body).toBe(201);
    await reviewerLogin();
    const review = (await queue()).find((r) => String(r.summary.photoKey).includes(later.json().id));
    expect(review?.summary).toMatchObject({ change: true, currentPhotoKey: expect.stringMatching(/^elicence\//) });
    // The e-licence stays usable while the new photo waits.
    expect((await mine(auth)).json()).toMatchObject({ status: 'issued', application: { status: 'pending_review' } });
    await decide(review!.id, 'reject', 'photo_not_compliant');
    t.clock.set(new Date('2026-11-25T10:00:00+08:00'));
  });

  it('a registry import that suspends the licence (D) makes it licence_invalid, and the card suspended', async () => {
    const qr = (await mine(holder.auth)).json().credential.qr as string;
    await seedRegistry(t.app, [
      {
        kind: 'licence',
        holder: { docType: 'cn_id', docNumber: holder.docNumber },
        archiveNumber: '440300900001',
        class: 'C1',
        firstIssuedOn: '2012-03-01',
        validFrom: '2018-03-01',
        validTo: '2028-03-01',
        status: 'D',
        issuingAuthority: '深圳市公安局交通警察支队',
        regionCode: '440300',
      },
    ]);
    const r = (await verify(qr)).json();
    expect(r).toMatchObject({ valid: false, reason: 'licence_invalid', holder: { name: '李驾驶', status: 'D', statusText: '暂扣' } });
    expect((await verify(qr, 'en')).json().holder.statusText).toBe('Suspended');
    const card = (await mine(holder.auth)).json();
    expect(card.status).toBe('suspended');
    expect(card.suspendedReason).toContain('暂扣');
    // Still a credential (the app shows it red); verification says why it is not valid.
    expect((await verify(card.credential.qr)).json()).toMatchObject({ reason: 'licence_invalid' });
  });

  it('an e-licence revoked by the authority verifies as revoked', async () => {
    const other = await driver(t, '171', '13700000006', { name: '赵撤销' });
    const res = await apply(other.auth, await portraitPhoto({ exifDate: exifDate(new Date('2026-11-20T08:00:00+08:00')) }), 'album');
    expect(res.statusCode, res.body).toBe(201);
    await approveLatest(res.json().id);
    const qr = (await mine(other.auth)).json().credential.qr as string;
    expect((await verify(qr)).json()).toMatchObject({ valid: true });
    await revokeElicence(t.app.ctx, other.id, { reason: 'fraud', actor: { type: 'system', name: 'test' } });
    expect((await verify(qr)).json()).toMatchObject({ valid: false, reason: 'revoked' });
    expect((await verify(qr)).json().holder).toBeUndefined();
    expect((await mine(other.auth)).json()).toMatchObject({ status: 'suspended', revoked: true });
    expect((await mine(other.auth)).json().credential).toBeUndefined();
    expect((await t.app.inject({ url: '/api/v1/me/elicence/photo', headers: other.auth })).statusCode).toBe(404);
  });

  it('a rejection is told by SMS and message, in the applicant’s language, with the reason', async () => {
    const hk = await driver(t, '183', '13700000007', { name: '陈拒绝', lang: 'zh-HK' });
    const res = await apply(hk.auth, await portraitPhoto({ exifDate: exifDate(new Date('2026-10-01T12:00:00+08:00')) }), 'album', 'zh-HK');
    expect(res.statusCode, res.body).toBe(201);
    const review = (await queue()).find((r) => String(r.summary.photoKey).includes(res.json().id));
    expect((await decide(review!.id, 'reject', 'photo_unclear')).statusCode).toBe(200);
    await t.app.ctx.jobs.drain();
    const card = (await mine(hk.auth, 'zh-HK')).json();
    expect(card).toMatchObject({ status: 'rejected', application: { id: res.json().id, status: 'rejected', rejectReason: expect.any(String) } });
    const texts = await sms(hk.phone);
    expect(texts[0]).toMatchObject({ purpose: 'review_result' });
    expect(texts[0]!.text).toContain('未通過審核');
    expect(texts[0]!.text).toContain(card.application.rejectReason);
    expect(JSON.stringify(await messages(hk.auth, 'zh-HK'))).toContain('電子駕駛證相片審核未通過');
    // Rejection starts no wait: a new photo may go in at once.
    expect((await apply(hk.auth, clear, 'camera')).statusCode).toBe(201);
  });

  it('expectedBy skips weekends and State Council holidays, and counts make-up working days', async () => {
    const cases: Array<[string, string, string]> = [
      ['2026-11-27T18:00:00+08:00', '1A', '2026-11-30T15:59:59.999Z'], // Friday evening → Monday
      ['2026-09-30T10:00:00+08:00', '2B', '2026-10-08T15:59:59.999Z'], // before National Day → after the holiday
      ['2026-02-13T10:00:00+08:00', '3C', '2026-02-14T15:59:59.999Z'], // Friday → Saturday make-up working day (Spring Festival)
    ];
    let n = 0;
    for (const [now, , expected] of cases) {
      n += 1;
      t.clock.set(new Date(now));
      const c = await driver(t, `2${n}5`, `1370000002${n}`);
      const res = await apply(c.auth, clear, 'camera');
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().expectedBy).toBe(expected);
    }
    t.clock.set(new Date('2026-11-25T10:00:00+08:00'));
  });

  it('rate-limits verification per client address', async () => {
    const ctx = t.app.ctx;
    // Fill the window directly: 600 hits is the limit for one address in a minute.
    const key = `elicence:verify:${ctx.crypto.lookupHash('127.0.0.1')}`;
    for (let i = 0; i < 600; i++) await ctx.rateLimits.hit(key);
    const res = await verify(firstQr);
    expect(res.statusCode).toBe(429);
    expect(res.headers['retry-after']).toBeDefined();
    t.clock.advance(61_000);
    expect((await verify('x')).statusCode).toBe(200);
  });

  it('a production key from ELICENCE_SIGNING_KEY signs, and only its public half is stored', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = { ...(await exportJWK(privateKey)), kid: 'prod-2026' };
    const prod = await createTestApp({ env: { ELICENCE_SIGNING_KEY: JSON.stringify(jwk) } });
    try {
      const keys = (await prod.app.inject({ url: '/.well-known/jwks.json' })).json().keys;
      expect(keys).toEqual([{ kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, kid: 'prod-2026', alg: 'ES256', use: 'sig' }]);
      expect((await keyRing(prod.app.ctx).current()).kid).toBe('prod-2026');
      await expect(keyRing(prod.app.ctx).rotate()).rejects.toThrow(/ELICENCE_SIGNING_KEY/);
    } finally {
      await prod.close();
    }
  });
});

describe('signing keys at rest', () => {
  it('the private key is stored encrypted and survives a restart of the ring', async () => {
    const t = await createTestApp();
    try {
      const { elicenceSigningKeys } = await import('./tables.ts');
      const [row] = await t.app.ctx.db.select().from(elicenceSigningKeys);
      expect(row!.privateJwkEncrypted).toMatch(/^v1\./);
      expect(row!.privateJwkEncrypted).not.toContain('"d"');
      const before = (await keyRing(t.app.ctx).current()).kid;
      keyRing(t.app.ctx).invalidate();
      expect((await keyRing(t.app.ctx).current()).kid).toBe(before);
    } finally {
      await t.close();
    }
  });
});
