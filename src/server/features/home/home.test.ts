import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { importRegistry } from '../registry/service.ts';
import { sendMessage } from '../messages/service.ts';
import { createCitizen, seedRegistry, STRONG_PASSWORD } from '../accounts/testing.ts';
import { createStaffUser } from '../staff/service.ts';
import { bindingView, getLicenceBinding } from '../licences/service.ts';
import { listMyVehicles } from '../vehicles/service.ts';
import { computeMyViolations, markFinePaid, myViolationsBody } from '../violations/service.ts';
import { computeHome, homeBody } from './service.ts';

const demoLines = readFileSync(new URL('../../../../demo/registry.ndjson', import.meta.url), 'utf8').split('\n');

async function* asLines(lines: string[]): AsyncIterable<string> {
  yield* lines;
}

type Auth = { authorization: string };
const ZHANG_WEI = { docType: 'cn_id', docNumber: '440303198503021318', name: '张伟', phone: '13800000001' };
const LI_NA = { docType: 'cn_id', docNumber: '440106199809212427', name: '李娜', phone: '13800000002' };

async function registerDemo(t: TestApp, who: typeof ZHANG_WEI): Promise<Auth & { id: string }> {
  const reg = await t.app.inject({ method: 'POST', url: '/api/v1/accounts', payload: { ...who, regionCode: '440300', password: STRONG_PASSWORD, agreedToTerms: true } });
  expect(reg.statusCode, reg.body).toBe(201);
  const login = await t.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { login: who.phone, password: STRONG_PASSWORD } });
  expect(login.statusCode, login.body).toBe(200);
  return { id: reg.json().id, authorization: `Bearer ${login.json().token}` };
}

const get = async (t: TestApp, url: string, auth: Auth, lang = 'zh-CN') => {
  const res = await t.app.inject({ url, headers: { ...auth, 'accept-language': lang } });
  expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
  return res.json();
};

/** What the separate endpoints say, shaped like the home screen. */
async function separately(t: TestApp, auth: Auth, lang = 'zh-CN') {
  const [licence, vehicles, unhandled, unread] = await Promise.all([
    get(t, '/api/v1/me/licence', auth, lang),
    get(t, '/api/v1/me/vehicles', auth, lang),
    get(t, '/api/v1/me/violations?status=unhandled', auth, lang),
    get(t, '/api/v1/me/messages/unread-count', auth, lang),
  ]);
  return {
    licence: licence.bound
      ? {
          numberMasked: licence.licence.numberMasked,
          class: licence.licence.class,
          status: licence.licence.status,
          statusText: licence.licence.statusText,
          validTo: licence.licence.validTo,
          points: licence.licence.points.total,
          cycleStart: licence.licence.points.cycleStart,
          cycleEnd: licence.licence.points.cycleEnd,
          inProbation: licence.licence.probation.inProbation,
          renewalNotice: licence.licence.renewal?.notice ?? null,
        }
      : null,
    licenceUnbound: licence.bound ? null : { reason: licence.reason, hint: licence.hint, ...(licence.licenceDocument ? { licenceDocument: licence.licenceDocument } : {}) },
    vehicles: (vehicles as Array<Record<string, unknown>>).map((v) => ({
      id: v.id,
      plate: v.plate,
      plateType: v.plateType,
      plateTypeText: v.plateTypeText,
      scheme: v.scheme,
      relation: v.relation,
      unhandledViolations: v.unhandledViolations,
    })),
    unhandledViolations: (unhandled as unknown[]).length,
    unreadMessages: unread.unreadCount as number,
  };
}


/** 张伟 files 李娜's 粤A3K7Z9 (he drives it) with the code sent to her phone. */
async function fileLiNasCar(app: FastifyInstance, headers: Record<string, string>) {
  const asked = await app.inject({
    method: 'POST',
    url: '/api/v1/me/vehicles/filings',
    headers,
    payload: { plate: '粤A3K7Z9', plateType: '02', ownerName: '李娜', vinLast6: '012345' },
  });
  expect(asked.statusCode, asked.body).toBe(202);
  await app.ctx.jobs.drain();
  const sms = (await app.inject({ url: `/api/v1/dev/sms?phone=${LI_NA.phone}` })).json() as Array<{ purpose: string; code?: string }>;
  const code = sms.find((m) => m.purpose === 'vehicle_filing')?.code;
  const confirmed = await app.inject({ method: 'POST', url: `/api/v1/me/vehicles/filings/${asked.json().filingId}/confirm`, headers, payload: { code } });
  expect(confirmed.statusCode, confirmed.body).toBe(200);
}

describe('GET /me/home', () => {
  let t: TestApp;
  let zhang: Auth & { id: string };
  let li: Auth & { id: string };

  beforeAll(async () => {
    t = await createTestApp();
    const result = await importRegistry(t.app.ctx, asLines(demoLines));
    expect(result.rejected, JSON.stringify(result.errors)).toBe(0);
    zhang = await registerDemo(t, ZHANG_WEI);
    li = await registerDemo(t, LI_NA);
    // 张伟 also rents the demo rental car for a few days (one of its camera records falls inside) …
    await seedRegistry(t.app, [
      { kind: 'rental', plate: '粤BD12345', plateType: '52', company: '深圳易行汽车租赁有限公司', renter: { docType: 'cn_id', docNumber: ZHANG_WEI.docNumber }, from: '2026-10-07T09:00:00+08:00', to: '2026-10-09T18:00:00+08:00' },
    ]);
    // … and files 李娜's car, which he drives, with her consent.
    await fileLiNasCar(t.app, zhang);
    // One record handled online, so the counts must leave it out.
    const handled = await t.app.inject({ method: 'POST', url: '/api/v1/violations/4403002026090300002/handle', headers: zhang });
    expect(handled.statusCode, handled.body).toBe(200);
    for (let i = 0; i < 3; i++) await sendMessage(t.app.ctx.db, zhang.id, { kind: 'test', titleKey: 'identityReview.approved.title', bodyKey: 'identityReview.approved.body' });
  });
  afterAll(() => t.close());

  it('says what the licence, vehicles, violations and messages endpoints say, on both databases', async () => {
    for (const lang of ['zh-CN', 'en']) {
      const home = await get(t, '/api/v1/me/home', zhang, lang);
      expect(home).toEqual(await separately(t, zhang, lang));
    }
    const home = await get(t, '/api/v1/me/home', zhang);
    // The demo facts: his own car and the filed one, four camera records of his car minus the one handled online,
    // 李娜's parking record on the filed car, and the rental record of 2026-10-08.
    expect(home.vehicles.map((v: { plate: string; relation: string }) => [v.plate, v.relation])).toEqual([
      ['粤B12345', 'owner'],
      ['粤A3K7Z9', 'filed'],
    ]);
    expect(home.vehicles.map((v: { unhandledViolations: number }) => v.unhandledViolations)).toEqual([3, 1]);
    expect(home.unhandledViolations).toBe(5);
    expect(home.licence).toMatchObject({ class: 'C1', numberMasked: '4403**********1318', status: 'A' });
    expect(home.unreadMessages).toBeGreaterThanOrEqual(3);
  });

  it('keeps one citizen’s data from another', async () => {
    const home = await get(t, '/api/v1/me/home', li);
    expect(home).toEqual(await separately(t, li));
    // 李娜 owns the car 张伟 filed; she never sees his car, his rental record or his messages.
    expect(home.vehicles.map((v: { plate: string }) => v.plate)).toEqual(['粤A3K7Z9']);
    expect(home.unhandledViolations).toBe(1);
    expect(JSON.stringify(home)).not.toContain('粤B12345');
    expect(JSON.stringify(home)).not.toContain('1318');
  });

  it('tells a citizen without a licence why, as GET /me/licence does', async () => {
    const c = await createCitizen(t.app, { phone: '13900000201', seq: '201' });
    const home = await get(t, '/api/v1/me/home', c.auth);
    expect(home).toEqual(await separately(t, c.auth));
    expect(home).toMatchObject({ licence: null, licenceUnbound: { reason: 'not_found' }, vehicles: [], unhandledViolations: 0, unreadMessages: 0 });
  });

  it('is in the OpenAPI document with its response schema', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    const op = doc.paths['/api/v1/me/home']?.get;
    expect(op?.tags).toEqual(['Home']);
    const schema = op.responses['200'].content['application/json'].schema;
    expect(Object.keys(schema.properties).sort()).toEqual(['licence', 'licenceUnbound', 'unhandledViolations', 'unreadMessages', 'vehicles']);
  });

  it('answers 401 without a session, and is never cached', async () => {
    const res = await t.app.inject({ url: '/api/v1/me/home' });
    expect(res.statusCode).toBe(401);
    const ok = await t.app.inject({ url: '/api/v1/me/home', headers: zhang });
    expect(ok.headers['cache-control']).toBe('no-store');
  });
});

/**
 * With the read cache on, every kind of write that changes the home screen or the violation
 * list must reach the cached answers: after each one (and `settled()`, which waits for the
 * change notifications committed so far) both equal what the uncached computation returns and
 * what the separate endpoints say. Each step first warms the cache, so a stale entry would be
 * served if the write's triggers did not name one of its tags.
 */
describe('GET /me/home and /me/violations from the read cache', () => {
  let t: TestApp;
  let zhang: Auth & { id: string };
  let li: Auth & { id: string };
  let reviewer: Auth;
  const refs = { camera: '4403002026112000101', other: '4403002026112100102', rented: '4403002026111500103', driven: '4403002026111800104' };

  const camera = (ref: string, plate: string, occurredAt: string, plateType = '02') => ({
    kind: 'violation',
    ref,
    plate,
    plateType,
    occurredAt,
    location: '深南大道与华富路交叉口',
    code: '1039',
    description: '机动车违反规定停放、临时停车，妨碍其他车辆、行人通行的',
    fineFen: 20000,
    points: 0,
    source: 'camera',
  });
  const json = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
  const cacheStats = () => t.app.ctx.readCache.stats();

  const CACHED = ['/api/v1/me/home', '/api/v1/me/violations', '/api/v1/me/licence', '/api/v1/me/vehicles'];

  /** Reads the cached screens twice so they are cached (the second reads must compute nothing). */
  async function warm(who: Auth & { id: string }) {
    await t.app.ctx.readCache.settled();
    for (const url of CACHED) await get(t, url, who);
    const before = cacheStats();
    for (const url of CACHED) await get(t, url, who);
    // Nothing computed: each request's session and answer came from the cache.
    expect(cacheStats()).toMatchObject({ hits: before.hits + 2 * CACHED.length, misses: before.misses });
  }

  /** After the write's notifications: cached answers equal the uncached computation and the separate endpoints. */
  async function fresh(who: Auth & { id: string }) {
    await t.app.ctx.readCache.settled();
    const home = await get(t, '/api/v1/me/home', who);
    const list = (await get(t, '/api/v1/me/violations', who)) as Array<Record<string, unknown>>;
    expect(home).toEqual(json((await computeHome(t.app.ctx, who.id, 'zh-CN')).value));
    expect(list).toEqual(json((await computeMyViolations(t.app.ctx, who.id, 'zh-CN')).value));
    expect(await get(t, '/api/v1/me/licence', who)).toEqual(json(bindingView(await getLicenceBinding(t.app.ctx, who.id), 'zh-CN')));
    expect(await get(t, '/api/v1/me/vehicles', who)).toEqual(json(await listMyVehicles(t.app.ctx, who.id, 'zh-CN')));
    expect(home).toEqual(await separately(t, who));
    expect(await get(t, '/api/v1/me/violations?status=unhandled', who)).toEqual(list.filter((i) => i.status === 'unhandled'));
    return { home, list, item: (ref: string) => list.find((i) => i.id === ref) };
  }

  /** Warms both citizens' entries, runs the write, and returns both views afterwards. */
  async function after(write: () => Promise<unknown>) {
    await warm(zhang);
    await warm(li);
    await write();
    return { zhang: await fresh(zhang), li: await fresh(li) };
  }

  async function fileLisCar() {
    await fileLiNasCar(t.app, zhang);
  }

  beforeAll(async () => {
    t = await createTestApp();
    expect(t.app.ctx.readCache.enabled).toBe(true);
    const result = await importRegistry(t.app.ctx, asLines(demoLines));
    expect(result.rejected, JSON.stringify(result.errors)).toBe(0);
    zhang = await registerDemo(t, ZHANG_WEI);
    li = await registerDemo(t, LI_NA);
    await fileLisCar();
    const password = 'Reviewer-desk-2026-bright';
    await createStaffUser(t.app.ctx, { username: 'reviewer1', role: 'reviewer', password, mustChangePassword: false });
    const staff = await t.app.inject({ method: 'POST', url: '/api/v1/staff/sessions', payload: { username: 'reviewer1', password } });
    reviewer = { authorization: `Bearer ${staff.json().token}` };
  });
  afterAll(() => t.close());

  it('serves the second read from the cache without computing, and one citizen’s entry never to another', async () => {
    await warm(zhang);
    const before = cacheStats();
    const home = await get(t, '/api/v1/me/home', zhang);
    expect(cacheStats()).toMatchObject({ hits: before.hits + 2, misses: before.misses }); // the answer and the session
    expect(home).toEqual(json((await computeHome(t.app.ctx, zhang.id, 'zh-CN')).value));
    // Another language is another entry, computed in that language.
    const en = await get(t, '/api/v1/me/home', zhang, 'en');
    expect(en).toEqual(json((await computeHome(t.app.ctx, zhang.id, 'en')).value));
    // 李娜 right after him: her own answer, none of his.
    const hers = await get(t, '/api/v1/me/home', li);
    expect(hers).toEqual(json((await computeHome(t.app.ctx, li.id, 'zh-CN')).value));
    expect(JSON.stringify(hers)).not.toContain('粤B12345');
    expect(JSON.stringify(await get(t, '/api/v1/me/violations', li))).not.toContain('粤B12345');
  });

  it('sees a registry import add a camera record on his plate', async () => {
    const before = await fresh(zhang);
    const { zhang: z } = await after(() => seedRegistry(t.app, [camera(refs.camera, '粤B12345', '2026-11-20T08:00:00+08:00')]));
    expect(z.home.unhandledViolations).toBe(before.home.unhandledViolations + 1);
    expect(z.item(refs.camera)).toMatchObject({ status: 'unhandled', handleable: true });
  });

  it('sees the licence state change and points of a ticket where he was the driver of another car', async () => {
    const licence = JSON.parse(demoLines.find((l) => l.includes('"kind":"licence"') && l.includes(ZHANG_WEI.docNumber))!);
    const before = await fresh(zhang);
    const suspended = await after(() => seedRegistry(t.app, [{ ...licence, status: 'D' }]));
    expect(suspended.zhang.home.licence.status).toBe('D');
    expect(suspended.zhang.item(refs.camera)).toMatchObject({ handleable: false });
    const restored = await after(() => seedRegistry(t.app, [licence]));
    expect(restored.zhang.home.licence.status).toBe('A');
    const driven = await after(() =>
      seedRegistry(t.app, [
        {
          kind: 'violation',
          ref: refs.driven,
          plate: '粤B7Q2W8',
          plateType: '02',
          occurredAt: '2026-11-18T09:40:00+08:00',
          location: '北环大道香蜜湖段',
          code: '1345',
          description: '驾驶机动车违反禁止标线指示的',
          fineFen: 10000,
          points: 1,
          source: 'onsite',
          driver: { docType: 'cn_id', docNumber: ZHANG_WEI.docNumber },
          decisionNo: '4403001020261118',
          decidedAt: '2026-11-18T10:05:00+08:00',
        },
      ]),
    );
    expect(driven.zhang.home.licence.points).toBe(before.home.licence.points + 1);
    expect(driven.zhang.item(refs.driven)).toMatchObject({ status: 'handled', relation: 'driver' });
  });

  it('sees a vehicle added to him by the registry', async () => {
    const before = await fresh(zhang);
    const { zhang: z } = await after(() =>
      seedRegistry(t.app, [
        {
          kind: 'vehicle',
          plate: '粤BF23456',
          plateType: '52',
          brand: '比亚迪',
          model: '秦',
          registeredOn: '2025-01-10',
          inspectionValidTo: '2027-01-31',
          scheme: 'mainland',
          owner: { docType: 'cn_id', docNumber: ZHANG_WEI.docNumber },
          ownerName: '张伟',
          vin: 'LGXCE6CB0R0123456',
          status: 'A',
        },
      ]),
    );
    expect(z.home.vehicles.length).toBe(before.home.vehicles.length + 1);
  });

  it('sees online handling (also on the owner’s side of a filed car) and the fine’s payment', async () => {
    const lisRecord = (await fresh(li)).list.find((i) => i.status === 'unhandled' && i.plate === '粤A3K7Z9')!;
    const before = await fresh(zhang);
    const handled = await after(async () => {
      const res = await t.app.inject({ method: 'POST', url: `/api/v1/violations/${refs.camera}/handle`, headers: zhang });
      expect(res.statusCode, res.body).toBe(200);
      const onFiled = await t.app.inject({ method: 'POST', url: `/api/v1/violations/${lisRecord.id as string}/handle`, headers: zhang });
      expect(onFiled.statusCode, onFiled.body).toBe(200);
    });
    expect(handled.zhang.home.unhandledViolations).toBe(before.home.unhandledViolations - 2);
    expect(handled.zhang.item(refs.camera)).toMatchObject({ status: 'handled', payableFen: 20000 });
    expect(handled.li.item(lisRecord.id as string)).toMatchObject({ status: 'handled', handledByOther: true });
    const decisionNo = handled.zhang.item(refs.camera)!.decisionNo as string;
    const lisDecisionNo = handled.zhang.item(lisRecord.id as string)!.decisionNo as string;
    const paid = await after(async () => {
      await t.app.ctx.db.transaction((tx) => markFinePaid(tx, decisionNo, { paidAt: t.clock.now(), receiptNo: 'R2026112500101', paymentId: 'p-101' }));
      await t.app.ctx.db.transaction((tx) => markFinePaid(tx, lisDecisionNo, { paidAt: t.clock.now(), receiptNo: 'R2026112500102', paymentId: 'p-102' }));
    });
    expect(paid.zhang.item(refs.camera)).toMatchObject({ status: 'paid', payableFen: 0, receiptNo: 'R2026112500101' });
    expect(paid.li.item(lisRecord.id as string)).toMatchObject({ status: 'paid', handledByOther: true });
  });

  it('sees an objection filed, then decided (upheld: the record leaves the list)', async () => {
    await seedRegistry(t.app, [camera(refs.other, '粤B12345', '2026-11-21T08:00:00+08:00')]);
    const body = `--b\r\nContent-Disposition: form-data; name="reason"\r\n\r\n车辆当时停在车库\r\n--b--\r\n`;
    let reviewId = '';
    const filed = await after(async () => {
      const res = await t.app.inject({ method: 'POST', url: `/api/v1/violations/${refs.other}/objections`, headers: { ...zhang, 'content-type': 'multipart/form-data; boundary=b' }, payload: body });
      expect(res.statusCode, res.body).toBe(201);
      reviewId = res.json().reviewId;
    });
    expect(filed.zhang.item(refs.other)).toMatchObject({ objectionPending: true, handleable: false });
    const decided = await after(async () => {
      const res = await t.app.inject({ method: 'POST', url: `/api/v1/staff/reviews/${reviewId}/decision`, headers: reviewer, payload: { decision: 'approve' } });
      expect(res.statusCode, res.body).toBe(200);
    });
    expect(decided.zhang.item(refs.other)).toBeUndefined();
  });

  it('sees a filed car leave on unfiling and come back when filed again', async () => {
    const vehicles = await get(t, '/api/v1/me/vehicles', zhang);
    const filed = vehicles.find((v: { relation: string }) => v.relation === 'filed');
    const unfiled = await after(async () => {
      const res = await t.app.inject({ method: 'DELETE', url: `/api/v1/me/vehicles/filings/${filed.filingId}`, headers: zhang });
      expect(res.statusCode, res.body).toBe(204);
    });
    expect(unfiled.zhang.home.vehicles.map((v: { plate: string }) => v.plate)).not.toContain('粤A3K7Z9');
    // The owner may be sent one code a minute.
    t.clock.advance(61_000);
    const refiled = await after(() => fileLisCar());
    expect(refiled.zhang.home.vehicles.map((v: { plate: string }) => v.plate)).toContain('粤A3K7Z9');
  });

  it('sees a rental record bring in the rented car’s records of the period', async () => {
    await seedRegistry(t.app, [camera(refs.rented, '粤BD67890', '2026-11-15T10:00:00+08:00', '52')]);
    const before = await fresh(zhang);
    expect(before.item(refs.rented)).toBeUndefined();
    const rented = await after(() =>
      seedRegistry(t.app, [
        { kind: 'rental', plate: '粤BD67890', plateType: '52', company: '深圳易行汽车租赁有限公司', renter: { docType: 'cn_id', docNumber: ZHANG_WEI.docNumber }, from: '2026-11-14T09:00:00+08:00', to: '2026-11-16T18:00:00+08:00' },
      ]),
    );
    expect(rented.zhang.item(refs.rented)).toMatchObject({ relation: 'renter', rental: true, status: 'unhandled' });
    expect(rented.zhang.home.unhandledViolations).toBe(before.home.unhandledViolations + 1);
    // A later camera record of the rented car inside the period: only its plate names him.
    const later = await after(() => seedRegistry(t.app, [camera('4403002026111600105', '粤BD67890', '2026-11-16T10:00:00+08:00', '52')]));
    expect(later.zhang.item('4403002026111600105')).toMatchObject({ relation: 'renter', status: 'unhandled' });
    expect(later.zhang.home.unhandledViolations).toBe(before.home.unhandledViolations + 2);
  });

  it('sees the first record of a rented car that had none in the period', async () => {
    const before = await fresh(zhang);
    await seedRegistry(t.app, [
      { kind: 'rental', plate: '粤BD24680', plateType: '52', company: '深圳易行汽车租赁有限公司', renter: { docType: 'cn_id', docNumber: ZHANG_WEI.docNumber }, from: '2026-11-01T09:00:00+08:00', to: '2026-11-03T18:00:00+08:00' },
    ]);
    const { zhang: z } = await after(() => seedRegistry(t.app, [camera('4403002026110200106', '粤BD24680', '2026-11-02T10:00:00+08:00', '52')]));
    expect(z.item('4403002026110200106')).toMatchObject({ relation: 'renter', status: 'unhandled' });
    expect(z.home.unhandledViolations).toBe(before.home.unhandledViolations + 1);
  });

  it('sees a message arrive and be read', async () => {
    const before = await fresh(zhang);
    const arrived = await after(() => sendMessage(t.app.ctx.db, zhang.id, { kind: 'test', titleKey: 'identityReview.approved.title', bodyKey: 'identityReview.approved.body' }));
    expect(arrived.zhang.home.unreadMessages).toBe(before.home.unreadMessages + 1);
    const read = await after(async () => {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/me/messages/read-all', headers: zhang });
      expect(res.statusCode, res.body).toBeLessThan(300);
    });
    expect(read.zhang.home.unreadMessages).toBe(0);
  });

  it('answers a write only once this process has applied its notifications, so the next read sees it', async () => {
    await sendMessage(t.app.ctx.db, zhang.id, { kind: 'test', titleKey: 'identityReview.approved.title', bodyKey: 'identityReview.approved.body' });
    await warm(zhang);
    expect((await get(t, '/api/v1/me/home', zhang)).unreadMessages).toBeGreaterThan(0);
    const fence = vi.spyOn(t.app.ctx.readCache, 'settled');
    try {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/me/messages/read-all', headers: zhang });
      expect(res.statusCode, res.body).toBeLessThan(300);
      expect(fence).toHaveBeenCalledTimes(1);
      // No settled() here: the write's answer waited for it.
      expect((await get(t, '/api/v1/me/home', zhang)).unreadMessages).toBe(0);
      // Reads and refused writes do not wait.
      await get(t, '/api/v1/me/violations', zhang);
      await t.app.inject({ method: 'POST', url: '/api/v1/violations/0000/handle', headers: zhang });
      expect(fence).toHaveBeenCalledTimes(1);
    } finally {
      fence.mockRestore();
    }
  });

  it('stops answering for a deleted account', async () => {
    await warm(li);
    const issued = await t.app.inject({ method: 'POST', url: '/api/v1/sms-codes', headers: li, payload: { purpose: 'delete_account' } });
    expect(issued.statusCode, issued.body).toBe(202);
    await t.app.ctx.jobs.drain();
    const sms = (await t.app.inject({ url: `/api/v1/dev/sms?phone=${LI_NA.phone}` })).json() as Array<{ purpose: string; code?: string }>;
    const code = sms.find((m) => m.purpose === 'delete_account')?.code;
    const del = await t.app.inject({ method: 'DELETE', url: '/api/v1/me', headers: li, payload: { reason: 'moving abroad', code } });
    expect(del.statusCode, del.body).toBe(204);
    await t.app.ctx.readCache.settled();
    // The session is gone, and the cached answers with it: computing again refuses the account.
    expect((await t.app.inject({ url: '/api/v1/me/home', headers: li })).statusCode).toBe(401);
    await expect(homeBody(t.app.ctx, li.id, 'zh-CN')).rejects.toMatchObject({ status: 401 });
    await expect(myViolationsBody(t.app.ctx, li.id, {}, 'zh-CN')).rejects.toMatchObject({ status: 401 });
    // 张伟's answers, which named her car, are what the database says now.
    await fresh(zhang);
  });
});
