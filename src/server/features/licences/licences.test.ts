import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { auditLog } from '../../platform/tables.ts';
import { createStaffUser } from '../staff/service.ts';
import { importRegistry } from '../registry/service.ts';
import { createCitizen, documentJpeg, multipartBody, seedRegistry, STRONG_PASSWORD, type Citizen } from '../accounts/testing.ts';
import { getBoundLicence, requireActiveAccount } from './service.ts';

const demoLines = readFileSync(new URL('../../../../demo/registry.ndjson', import.meta.url), 'utf8').split('\n');

async function* asLines(lines: string[]): AsyncIterable<string> {
  yield* lines;
}

async function importDemo(t: TestApp) {
  const result = await importRegistry(t.app.ctx, asLines(demoLines));
  expect(result.rejected, JSON.stringify(result.errors)).toBe(0);
}

/** Registers through the public API and logs in; registry-verified documents are active at once. */
async function registerAndLogin(t: TestApp, who: { docType: string; docNumber: string; name: string; phone: string }) {
  const reg = await t.app.inject({
    method: 'POST',
    url: '/api/v1/accounts',
    payload: { ...who, regionCode: '440300', password: STRONG_PASSWORD, agreedToTerms: true },
  });
  expect(reg.statusCode, reg.body).toBe(201);
  return reg.json() as { id: string; status: string; uploadToken?: string };
}

async function login(t: TestApp, phone: string) {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { login: phone, password: STRONG_PASSWORD } });
  expect(res.statusCode, res.body).toBe(200);
  return { authorization: `Bearer ${res.json().token}` };
}

type Auth = { authorization: string };
const ZHANG_WEI = { docType: 'cn_id', docNumber: '440303198503021318', name: '张伟', phone: '13800000001' };
const HUANG_LEI = { docType: 'cn_id', docNumber: '440303198706193179', name: '黄磊', phone: '13800000008' };
const WANG_QIANG = { docType: 'cn_id', docNumber: '110105197912053573', name: '王强', phone: '13800000003' };
// Hong Kong resident whose licence is under his Home Return Permit H23456789 (docs/demo.md).
const WONG = { docType: 'hk_id', docNumber: 'K654321(9)', name: '黄志明', phone: '13800000010' };

describe('driving licence with the demo registry', () => {
  let t: TestApp;
  let zhang: Auth;
  let huang: Auth;
  let wang: Auth;
  let wong: Auth;
  let wongId: string;
  let stranger: Citizen;

  const getLicence = (auth: Auth, lang = 'zh-CN') => t.app.inject({ url: '/api/v1/me/licence', headers: { ...auth, 'accept-language': lang } });
  const file = (auth: Auth, archiveNumber: unknown, lang = 'zh-CN') =>
    t.app.inject({ method: 'POST', url: '/api/v1/me/licence/filing', headers: { ...auth, 'accept-language': lang }, payload: { archiveNumber } });

  beforeAll(async () => {
    t = await createTestApp();
    // 黄志明 registered with his identity card before the registry knew his licence (the
    // registration check would refuse it now) and was approved by a reviewer.
    const reg = await registerAndLogin(t, WONG);
    expect(reg.status).toBe('pending_review');
    wongId = reg.id;
    const { payload, headers } = multipartBody('photo', await documentJpeg());
    const upload = await t.app.inject({
      method: 'POST',
      url: `/api/v1/accounts/${reg.id}/document-photos`,
      headers: { ...headers, authorization: `Bearer ${reg.uploadToken}` },
      payload,
    });
    expect(upload.statusCode).toBe(202);
    const password = 'Reviewer-desk-2026-bright';
    await createStaffUser(t.app.ctx, { username: 'reviewer1', role: 'reviewer', password, mustChangePassword: false });
    const staff = await t.app.inject({ method: 'POST', url: '/api/v1/staff/sessions', payload: { username: 'reviewer1', password } });
    const reviewerAuth = { authorization: `Bearer ${staff.json().token}` };
    const queue = await t.app.inject({ url: '/api/v1/staff/reviews?kind=identity', headers: reviewerAuth });
    const [review] = queue.json().items as Array<{ id: string }>;
    const decision = await t.app.inject({ method: 'POST', url: `/api/v1/staff/reviews/${review!.id}/decision`, headers: reviewerAuth, payload: { decision: 'approve' } });
    expect(decision.statusCode).toBe(200);

    await importDemo(t);
    await registerAndLogin(t, ZHANG_WEI);
    await registerAndLogin(t, HUANG_LEI);
    await registerAndLogin(t, WANG_QIANG);
    zhang = await login(t, ZHANG_WEI.phone);
    huang = await login(t, HUANG_LEI.phone);
    wang = await login(t, WANG_QIANG.phone);
    wong = await login(t, WONG.phone);
    stranger = await createCitizen(t.app, { phone: '13600000099', seq: '215', name: '新司机' });
  });
  afterAll(() => t.close());

  it('binds a licence held under the account’s own document, number masked, texts in the request language', async () => {
    const res = await getLicence(zhang);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json();
    expect(body.bound).toBe(true);
    expect(body.licence).toMatchObject({
      numberMasked: '4403**********1318',
      holderDocType: 'cn_id',
      name: '张伟',
      class: 'C1',
      classes: ['C1'],
      firstIssuedOn: '2008-06-18',
      validFrom: '2020-06-18',
      validTo: '2030-06-18',
      status: 'A',
      statusText: '正常',
      statusLetters: [{ letter: 'A', text: '正常' }],
      issuingAuthority: '深圳市公安局交通警察支队',
      probation: { inProbation: false, endsOn: '2009-06-17' },
      renewal: { open: false, opensOn: '2030-03-20', overdue: false, notice: null },
      archiveNumberFiled: false,
    });
    expect(res.body).not.toContain(ZHANG_WEI.docNumber);
    expect(res.body).not.toContain('440300100001');
    expect((await getLicence(zhang, 'en')).json().licence.statusText).toBe('Valid');
  });

  it('counts the decided violations of the holder in the current cycle', async () => {
    const { points } = (await getLicence(zhang)).json().licence;
    // First issued 2008-06-18: the cycle on 2026-11-25 runs 2026-06-18 … 2027-06-17. The
    // 2026-10-20 on-site ticket (1 point) counts; the camera records are not decided yet and
    // the 2025 ticket carried no points and was paid.
    expect(points).toEqual({
      cycleStart: '2026-06-18',
      cycleEnd: '2027-06-17',
      total: 1,
      nextClearingOn: '2027-06-18',
      records: [
        {
          ref: '4403002026102000005',
          occurredAt: '2026-10-20T01:40:00.000Z',
          code: '1345',
          description: '驾驶机动车违反禁止标线指示的',
          points: 1,
          decisionNo: '4403001020261020',
          decidedOn: '2026-10-20',
          carriedOver: false,
        },
      ],
    });
  });

  it('opens the renewal window for the licence expiring 2027-01-15, with a notice', async () => {
    const { licence } = (await getLicence(huang)).json();
    expect(licence.validTo).toBe('2027-01-15');
    expect(licence.renewal).toMatchObject({ open: true, opensOn: '2026-10-17', daysLeft: 51, overdue: false });
    expect(licence.renewal.notice).toContain('51');
    expect(licence.renewal.notice).toContain('期满换证');
    expect((await getLicence(huang, 'en')).json().licence.renewal.notice).toContain('51 days left');
    expect((await getLicence(huang, 'zh-HK')).json().licence.renewal.notice).toContain('期滿換證');
  });

  it('shows a long-term licence with no renewal', async () => {
    const { licence } = (await getLicence(wang)).json();
    expect(licence).toMatchObject({ validTo: null, renewal: null, points: { total: 0, records: [] } });
  });

  it('doc_mismatch names the document the licence is held under, masked, in words', async () => {
    const res = await getLicence(wong);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ bound: false, reason: 'doc_mismatch', licenceDocument: { docType: 'hkmo_permit', docNumberMasked: 'H2*****89' } });
    expect(body.hint).toContain('港澳居民来往内地通行证');
    expect(body.hint).toContain('H2*****89');
    expect(body.hint).toContain('档案编号');
    expect(res.body).not.toContain('H23456789');
    const hk = (await getLicence(wong, 'zh-HK')).json();
    expect(hk.hint).toContain('港澳居民來往內地通行證');
    const en = (await getLicence(wong, 'en')).json();
    expect(en.hint).toContain('Home Return Permit');
  });

  it('not_found says newly issued licences appear after 2–3 days', async () => {
    const zh = (await getLicence(stranger.auth)).json();
    expect(zh).toEqual({ bound: false, reason: 'not_found', hint: expect.stringContaining('2–3 天') });
    const en = (await getLicence(stranger.auth, 'en')).json();
    expect(en.hint).toContain('appears after 2–3 days');
  });

  it('filing checks the format, refuses another person’s archive number and binds the holder’s own', async () => {
    const malformed = await file(wong, '44030020000');
    expect(malformed.statusCode).toBe(422);
    expect(malformed.json()).toMatchObject({ code: 'invalid_archive_number', field: 'archiveNumber' });
    expect(malformed.json().detail).toContain('12');

    // 陈大文's licence: a real archive number, but another person's.
    const other = await file(wong, '440300200001', 'en');
    expect(other.statusCode).toBe(422);
    expect(other.json()).toMatchObject({ code: 'archive_number_mismatch', field: 'archiveNumber' });
    expect(other.json().detail).toContain('archive number');
    // One that exists nowhere is answered the same way: nothing tells the two apart.
    const none = await file(wong, '999999999999', 'en');
    expect(none.json()).toEqual(other.json());

    const ok = await file(wong, '4403 0020 0002');
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      bound: true,
      licence: { numberMasked: 'H2*****89', holderDocType: 'hkmo_permit', name: '黄志明', archiveNumberFiled: true, firstIssuedOn: '2016-03-01' },
    });
    expect(ok.body).not.toContain('H23456789');
    const after = (await getLicence(wong)).json();
    expect(after).toEqual(ok.json());

    const audit = await t.app.ctx.db.select().from(auditLog).where(eq(auditLog.subjectId, wongId));
    const actions = audit.map((a) => a.action);
    expect(actions).toContain('licence.archive_number_filed');
    expect(actions.filter((a) => a === 'licence.archive_number_refused')).toHaveLength(2);
    expect(JSON.stringify(audit.map((a) => a.detail))).not.toContain('440300200002');

    const service = await getBoundLicence(t.app.ctx, wongId);
    expect(service).toMatchObject({
      personId: expect.any(String),
      holder: { docType: 'hkmo_permit', docNumber: 'H23456789' },
      statusLetters: ['A'],
      boundBy: 'archive_number',
      points: { total: 0 },
    });
  });

  it('filing the own licence’s archive number is recorded too', async () => {
    const res = await file(zhang, '440300100001');
    expect(res.statusCode).toBe(200);
    expect(res.json().licence).toMatchObject({ numberMasked: '4403**********1318', archiveNumberFiled: true });
  });

  it('another citizen never sees this licence, not even by its archive number', async () => {
    const res = await file(stranger.auth, '440300100001');
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('archive_number_mismatch');
    const mine = await getLicence(stranger.auth);
    expect(mine.json().bound).toBe(false);
    expect(mine.body).not.toContain('张伟');
    expect(mine.body).not.toContain('4403**********1318');
    expect(await getBoundLicence(t.app.ctx, stranger.id)).toBeNull();
  });

  it('needs a citizen session', async () => {
    expect((await t.app.inject({ url: '/api/v1/me/licence' })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/me/licence/filing', payload: { archiveNumber: '440300100001' } })).statusCode).toBe(401);
    const staff = await t.app.inject({ method: 'POST', url: '/api/v1/staff/sessions', payload: { username: 'reviewer1', password: 'Reviewer-desk-2026-bright' } });
    const res = await getLicence({ authorization: `Bearer ${staff.json().token}` });
    expect(res.statusCode).toBe(403);
    const noBody = await t.app.inject({ method: 'POST', url: '/api/v1/me/licence/filing', headers: zhang, payload: {} });
    expect(noBody.statusCode).toBe(400);
  });

  it('an account that is not active holds no licence', async () => {
    // 梁嘉欣 registers with her Hong Kong identity card: manual review, not yet decided.
    const pending = await registerAndLogin(t, { docType: 'hk_id', docNumber: 'Y234567(4)', name: '梁嘉欣', phone: '13800000011' });
    expect(pending.status).toBe('pending_review');
    expect(await getBoundLicence(t.app.ctx, pending.id)).toBeNull();
    await expect(requireActiveAccount(t.app.ctx.db, pending.id)).rejects.toMatchObject({ code: 'account_pending_review', status: 403 });
    await expect(requireActiveAccount(t.app.ctx.db, '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'unauthorized', status: 401 });
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    expect(doc.paths['/api/v1/me/licence']).toBeDefined();
    expect(doc.paths['/api/v1/me/licence/filing']).toBeDefined();
  });
});

describe('points across scoring cycles and the filing limit', () => {
  let t: TestApp;
  let driver: Citizen;
  let other: Citizen;
  const getLicence = (auth: Auth) => t.app.inject({ url: '/api/v1/me/licence', headers: auth });

  beforeAll(async () => {
    t = await createTestApp();
    driver = await createCitizen(t.app, { phone: '13600000011', seq: '311', name: '周车主', birth: '19800101' });
    other = await createCitizen(t.app, { phone: '13600000012', seq: '313', name: '吴借车', birth: '19820202' });
    const driverDoc = { docType: 'cn_id', docNumber: driver.docNumber };
    const otherDoc = { docType: 'cn_id', docNumber: other.docNumber };
    const onsite = (ref: string, plate: string, driverRef: object, points: number, fineFen: number, decidedAt: string, decisionNo: string, paidAt?: string) => ({
      kind: 'violation',
      ref,
      plate,
      plateType: '02',
      occurredAt: decidedAt,
      location: '深南大道',
      code: points === 3 ? '1636' : points === 6 ? '1625' : '1345',
      description: '测试记录',
      fineFen,
      points,
      source: 'onsite',
      driver: driverRef,
      decisionNo,
      decidedAt,
      ...(paidAt ? { paidAt } : {}),
    });
    await seedRegistry(t.app, [
      // First issued 2015-12-01: on 2026-11-25 the cycle runs 2025-12-01 … 2026-11-30.
      { kind: 'licence', holder: driverDoc, archiveNumber: '440300900001', class: 'C1', firstIssuedOn: '2015-12-01', validFrom: '2021-12-01', validTo: '2031-12-01', status: 'A', issuingAuthority: '深圳市公安局交通警察支队', regionCode: '440300' },
      // Previous cycle, fine never paid: overdue when that cycle ended, so it carried over.
      onsite('T1', '粤B11111', driverDoc, 1, 10000, '2025-10-01T10:00:00+08:00', '4403009000000001'),
      // This cycle, paid: counts until the cycle ends.
      onsite('T2', '粤B11111', driverDoc, 3, 20000, '2026-03-10T10:00:00+08:00', '4403009000000002', '2026-03-12T10:00:00+08:00'),
      // This cycle, driving someone else's car: the points are the driver's.
      onsite('T3', '粤B22222', driverDoc, 1, 10000, '2026-11-20T10:00:00+08:00', '4403009000000003'),
      // Someone else drove: not on this licence.
      onsite('T4', '粤B11111', otherDoc, 6, 20000, '2026-05-05T10:00:00+08:00', '4403009000000004'),
      // A camera record nobody handled yet: no points until decided.
      { kind: 'violation', ref: 'T5', plate: '粤B11111', plateType: '02', occurredAt: '2026-09-09T09:00:00+08:00', location: '深南大道', code: '1625', description: '测试记录', fineFen: 20000, points: 6, source: 'camera' },
    ]);
  });
  afterAll(() => t.close());

  it('totals the standing records: decided in the cycle plus the overdue carry-over', async () => {
    const { points } = (await getLicence(driver.auth)).json().licence;
    expect(points).toMatchObject({ cycleStart: '2025-12-01', cycleEnd: '2026-11-30', nextClearingOn: '2026-12-01', total: 5 });
    expect(points.records.map((r: { ref: string; carriedOver: boolean }) => [r.ref, r.carriedOver])).toEqual([
      ['T3', false],
      ['T2', false],
      ['T1', true],
    ]);
    const service = await getBoundLicence(t.app.ctx, driver.id);
    expect(service?.points.total).toBe(5);
    expect(service?.boundBy).toBe('document');
  });

  it('crossing the anniversary clears paid and not-yet-due points; overdue unpaid ones carry on', async () => {
    // 2026-12-01 00:00 in Shanghai: the new cycle's first day.
    t.clock.set(new Date('2026-12-01T00:00:00+08:00'));
    const { points } = (await getLicence(driver.auth)).json().licence;
    expect(points).toMatchObject({ cycleStart: '2026-12-01', cycleEnd: '2027-11-30', nextClearingOn: '2027-12-01', total: 1 });
    // T3 (decided 2026-11-20) was due 2026-12-05, not yet overdue when the cycle ended: it cleared.
    expect(points.records.map((r: { ref: string }) => r.ref)).toEqual(['T1']);
    // The last minute of the old cycle still shows the old total.
    t.clock.set(new Date('2026-11-30T23:59:00+08:00'));
    expect((await getLicence(driver.auth)).json().licence.points.total).toBe(5);
  });

  it('locks filing after 5 wrong archive numbers for 24 hours, with Retry-After', async () => {
    t.clock.set(new Date('2026-11-25T10:00:00+08:00'));
    const file = (archiveNumber: string, lang = 'zh-CN') =>
      t.app.inject({ method: 'POST', url: '/api/v1/me/licence/filing', headers: { ...other.auth, 'accept-language': lang }, payload: { archiveNumber } });
    // A malformed number guesses nothing, so it does not count.
    expect((await file('12345')).json().code).toBe('invalid_archive_number');
    for (let i = 0; i < 5; i++) {
      t.clock.advance(60_000);
      const res = await file(`44030090000${i + 2}`);
      expect(res.statusCode).toBe(422);
      expect(res.json().code).toBe('archive_number_mismatch');
    }
    const locked = await file('440300900001', 'en');
    expect(locked.statusCode).toBe(429);
    expect(locked.json().code).toBe('too_many_attempts');
    expect(locked.json().detail).toContain('archive number');
    const retryAfter = Number(locked.headers['retry-after']);
    // The oldest failure leaves the 24-hour window in 24 h minus the 4 minutes since.
    expect(retryAfter).toBe(24 * 3600 - 4 * 60);
    expect(locked.json().retryAfterSeconds).toBe(retryAfter);
    expect((await file('440300900001')).json().detail).toContain('小时');

    t.clock.advance(retryAfter * 1000);
    const again = await file('440300900009');
    expect(again.statusCode).toBe(422);
    expect(again.json().code).toBe('archive_number_mismatch');
  });
});
